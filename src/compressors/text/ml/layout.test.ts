// The ML path's word rules, without a model: what is always kept, what is never touched.
import { describe, expect, it } from "vitest";
import { keepIndex } from "./labels.js";
import { layoutText, mustKeep, renderLayout } from "./layout.js";
import { selectWords } from "./select.js";

const noQuery = { words: [], identifiers: [] };
const forcedOf = (text: string, query = noQuery) =>
  layoutText(text, query)
    .words.filter((w) => w.forced)
    .map((w) => w.text);

describe("layoutText", () => {
  it("always keeps numbers, paths, URLs and identifiers", () => {
    expect(mustKeep("8080")).toBe(true);
    expect(mustKeep("v2.3.1,")).toBe(true);
    expect(mustKeep("/var/log/app.log")).toBe(true);
    expect(mustKeep("https://example.org")).toBe(true);
    expect(mustKeep("(maxContentLength)")).toBe(true);
    expect(mustKeep("tokio-util")).toBe(true);
    expect(mustKeep("server,")).toBe(false);
    expect(mustKeep("the")).toBe(false);
  });

  it("keeps list markers, inline code and query words", () => {
    const query = { words: ["slow"], identifiers: [] };
    const text = "- [ ] ask Kurtis why `npm run build` is slow\n> 1. quoted item";
    expect(forcedOf(text, query)).toEqual(["-", "[", "]", "`npm", "run", "build`", "slow", ">", "1."]);
  });

  it("keeps whole every line holding a (multi-word) query identifier", () => {
    const query = { words: [], identifiers: ["Kurtis Weissnat"] };
    const layout = layoutText("the call\nthe very Kurtis Weissnat said\nKurtis\nWeissnat", query);
    expect(layout.lines.map((l) => l.verbatim)).toEqual([false, true, false, false]);
    expect(layout.words.map((w) => w.text)).toEqual(["the", "call", "Kurtis", "Weissnat"]);
  });

  it("leaves fenced code, headings, tables, rules and blank lines verbatim", () => {
    const text = "# The title\n\n```js\nthe very code\n```\n| a | the |\n---\nthe end\r\n~~~\n```\nstill code\n~~~";
    const layout = layoutText(text, noQuery);
    expect(layout.words.map((w) => w.text)).toEqual(["the", "end"]);
    expect(layout.lines.map((l) => l.verbatim)).toEqual([true, true, true, true, true, true, true, false, true, true, true, true]);
    // Nothing dropped → the same bytes back, CRLF included.
    expect(renderLayout(layout, Uint8Array.of(1, 1))).toBe(text);
    expect(renderLayout(layout, Uint8Array.of(0, 1))).toBe(text.replace("the end", "end"));
  });

  it("keeps whole the lines the caller names", () => {
    const layout = layoutText("the a\nthe b\nthe c", noQuery, [1, 7]);
    expect(layout.lines.map((l) => l.verbatim)).toEqual([false, true, false]);
    expect(renderLayout(layout, new Uint8Array(4))).toBe("\nthe b\n");
  });

  it("keeps indentation and every newline, joins kept words with one space", () => {
    const layout = layoutText("  - the   server\tfailed\nthe\n", noQuery);
    expect(renderLayout(layout, Uint8Array.of(1, 0, 1, 1, 0))).toBe("  - server failed\n\n");
  });
});

describe("selectWords", () => {
  it("keeps the most likely words up to the budget, forced words always", () => {
    const probs = Float64Array.of(0.9, 0.1, 0.8, 0.05);
    const costs = Uint32Array.of(1, 1, 1, 1);
    expect([...selectWords(probs, costs, new Uint8Array(4), 0.5)]).toEqual([1, 0, 1, 0]);
    expect([...selectWords(probs, costs, Uint8Array.of(0, 0, 0, 1), 0.5)]).toEqual([1, 0, 0, 1]);
    expect([...selectWords(probs, costs, new Uint8Array(4), 0)]).toEqual([1, 1, 1, 1]);
    expect([...selectWords(probs, costs, new Uint8Array(4), 1)]).toEqual([0, 0, 0, 0]);
  });

  it("keeps ties together and unscored (NaN) words", () => {
    const probs = Float64Array.of(0.5, 0.5, 0.5, NaN);
    expect([...selectWords(probs, Uint32Array.of(1, 1, 1, 1), new Uint8Array(4), 0.8)]).toEqual([0, 0, 0, 1]);
    expect([...selectWords(probs, Uint32Array.of(1, 1, 1, 1), new Uint8Array(4), 0.6)]).toEqual([1, 1, 1, 1]);
  });
});

describe("keepIndex", () => {
  it("finds the keep label by name, LLMLingua-2's LABEL_1, or an explicit label", () => {
    expect(keepIndex({ 0: "keep", 1: "drop" }, 2)).toBe(0);
    expect(keepIndex({ 0: "LABEL_0", 1: "LABEL_1" }, 2)).toBe(1);
    expect(keepIndex(undefined, 2)).toBe(1);
    expect(keepIndex({ 0: "a", 1: "b" }, 2, "a")).toBe(0);
    expect(keepIndex({ 0: "a", 1: "b" }, 2, "zzz")).toMatch(/not among/);
    expect(keepIndex({ 0: "a", 1: "b", 2: "c" }, 3)).toMatch(/pass keepLabel/);
  });
});
