/**
 * The code compressor's output must parse in the same grammar, without ERROR or MISSING nodes,
 * for every language and every effort level; kept bodies must be verbatim.
 */
import { describe, expect, test } from "vitest";
import { compress } from "../../compress.js";
import { parserFor } from "./grammar.js";
import { SAMPLES } from "./samples.test.js";
import { errorSpans } from "./syntax.js";

async function parses(lang: (typeof SAMPLES)[number]["lang"], text: string): Promise<string[]> {
  const parser = await parserFor(lang);
  const tree = parser.parse(text)!;
  try {
    return errorSpans(tree.rootNode).map((e) => JSON.stringify(text.slice(Math.max(0, e.start - 40), e.end + 40)));
  } finally {
    tree.delete();
  }
}

describe.each(SAMPLES)("$lang", (sample) => {
  test("the sample itself parses clean", async () => {
    expect(await parses(sample.lang, sample.code)).toEqual([]);
  });

  // targetRatio 0 stops at the least lossy level; 1 runs every level up to the most lossy.
  for (const targetRatio of [0, 0.5, 1]) {
    test(`output parses clean (targetRatio ${targetRatio}, no query)`, async () => {
      const r = await compress(sample.code, { type: "code", fileName: sample.file, targetRatio });
      expect(r.type).toBe("code");
      expect(r.reasons.map((x) => x.code)).toContain("code.skeleton");
      expect(r.text).toContain("omitted");
      expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
      expect(await parses(sample.lang, r.text)).toEqual([]);
      expect(r.reasons.map((x) => x.code)).not.toContain("code.repaired");
    });

    test(`the named function stays verbatim (targetRatio ${targetRatio})`, async () => {
      const r = await compress(sample.code, { type: "code", fileName: sample.file, targetRatio, query: `How does \`${sample.named}\` work?` });
      expect(await parses(sample.lang, r.text)).toEqual([]);
      expect(r.text).toContain(sample.inside);
      // Every line of the output that is not a marker is a line of the input.
      const original = new Set(sample.code.split("\n").map((l) => l.trim()));
      for (const line of r.text.split("\n")) {
        if (line.includes("[…")) continue;
        expect(original.has(line.trim()), line).toBe(true);
      }
    });
  }

  test("content-only language detection picks a grammar that parses it", async () => {
    const r = await compress(sample.code, { type: "code", targetRatio: 1 });
    const lang = r.reasons.find((x) => x.code === "code.language")?.detail ?? "";
    expect(lang).toMatch(/from content/);
    expect(r.text).toContain("omitted");
  });
});
