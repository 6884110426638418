import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences.js";

const split = (s: string) => splitSentences(s, 0, s.length).map(([a, b]) => s.slice(a, b));

describe("splitSentences", () => {
  it("splits at full stops, question and exclamation marks", () => {
    expect(split("It works. Does it? Yes! Done.")).toEqual(["It works.", "Does it?", "Yes!", "Done."]);
  });

  it("does not split decimals, versions, paths or URLs", () => {
    expect(split("Upgrade to 1.41.0 from https://example.com/a.b/c.html today. It is 2.5x faster.")).toEqual([
      "Upgrade to 1.41.0 from https://example.com/a.b/c.html today.",
      "It is 2.5x faster.",
    ]);
    expect(split("Edit ./src/main.rs and docs/FAQ.md first. Then build.")).toEqual(["Edit ./src/main.rs and docs/FAQ.md first.", "Then build."]);
  });

  it("does not split after abbreviations or initials", () => {
    expect(split("Use a proxy, e.g. Squid, or a tunnel, i.e. SSH. Dr. Smith agrees.")).toEqual(["Use a proxy, e.g. Squid, or a tunnel, i.e. SSH.", "Dr. Smith agrees."]);
    expect(split("Written by J. R. Tolkien. Read it.")).toEqual(["Written by J. R. Tolkien.", "Read it."]);
  });

  it("does not split a line-start enumerator", () => {
    expect(split("1. Install it.\n2. Run it.")).toEqual(["1. Install it.", "2. Run it."]);
  });

  it("takes closing quotes and brackets with the sentence", () => {
    expect(split('He said "stop." Then (quietly.) More')).toEqual(['He said "stop."', "Then (quietly.)", "More"]);
  });

  it("keeps lower-case continuations together (etc. then more words)", () => {
    expect(split("Windows, Amiga, QNX etc. and more. End.")).toEqual(["Windows, Amiga, QNX etc. and more.", "End."]);
  });

  it("cuts a sentence without punctuation into bounded chunks at spaces", () => {
    const s = "word ".repeat(2000).trim();
    const parts = split(s);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.join(" ")).toBe(s);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(1_500);
  });
});
