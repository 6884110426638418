/**
 * The code compressor's output must parse in the same grammar, without ERROR or MISSING nodes,
 * for every language and every effort level; kept bodies must be verbatim.
 */
import { describe, expect, test } from "vitest";
import { compress } from "../../compress.js";
import { parserFor } from "./grammar.js";
import type { LangId } from "./languages.js";
import { LONG_LANGS, longCppWorker, longCSwitch, longFunction } from "./longsamples.test.js";
import { SAMPLES } from "./samples.test.js";
import { errorSpans } from "./syntax.js";

async function parses(lang: LangId, text: string): Promise<string[]> {
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

/** Output lines that are not markers must be input lines (kept verbatim). */
function expectVerbatim(input: string, output: string): void {
  const original = new Set(input.split("\n"));
  for (const line of output.split("\n")) {
    if (line.includes("[…")) continue;
    expect(original.has(line), line).toBe(true);
  }
}

// Long bodies condensed around statements picked for the question's words: nested ifs and
// else-if chains, a switch (match) of thirty cases, comments; every grammar, every effort level.
describe.each(LONG_LANGS)("long function in %s", (lang) => {
  const f = longFunction(lang, 320);
  const queries = [
    { q: f.query, needle: f.needle },
    { q: "How does kind 17 multiply the level?", needle: "level * 19" },
    { q: f.step.query, needle: f.step.needle },
  ];
  test("the input parses clean", async () => {
    expect(await parses(lang, f.code)).toEqual([]);
  });
  for (const targetRatio of [0, 0.5, 0.8, 1]) {
    test.each(queries)(`output parses clean and keeps the answer (targetRatio ${targetRatio}): $q`, async ({ q, needle }) => {
      const r = await compress(f.code, { type: "code", fileName: f.file, targetRatio, query: q });
      expect(await parses(lang, r.text)).toEqual([]);
      expect(r.reasons.map((x) => x.code)).not.toContain("code.repaired");
      expect(r.reasons.map((x) => x.code)).toContain("code.statements");
      expect(r.text).toContain(needle);
      expectVerbatim(f.code, r.text);
    });
  }
});

describe("very long C and C++ functions", () => {
  const cases = [
    { lang: "cpp" as const, file: "pipeline.cc", ...longCppWorker(), q: "When the worker writes raw pixel output to a buffer, how does it handle greyscale images and a requested bit depth, and what error does it throw if the buffer can't be allocated?" },
    { lang: "c" as const, file: "modifiers.c", ...longCSwitch(), q: "How is the 'auto' modifier applied, and where must the modifier appear?" },
  ];
  for (const targetRatio of [0, 0.5, 0.8, 1]) {
    test.each(cases)(`$lang output parses clean (targetRatio ${targetRatio})`, async ({ lang, file, code, needles, q }) => {
      expect(await parses(lang, code)).toEqual([]);
      const r = await compress(code, { type: "code", fileName: file, targetRatio, query: q });
      expect(await parses(lang, r.text)).toEqual([]);
      expect(r.reasons.map((x) => x.code)).not.toContain("code.repaired");
      // With no budget left (targetRatio 1) only the best statement stays: the throw, the `auto` branch.
      for (const n of targetRatio < 1 ? needles : needles.slice(-1)) expect(r.text).toContain(n);
      expectVerbatim(code, r.text);
    });
  }
});

// Picks land anywhere: on headers, `else if`/`elif` lines, case labels, comments, continuation
// lines. Questions built from word pairs of the function itself must never break the parse.
describe.each(LONG_LANGS)("picks anywhere in a long %s function", (lang) => {
  const f = longFunction(lang, 320);
  // The words of one line of the function (and a number), so that each question picks something.
  const lines = f.code.split("\n").filter((l) => /[A-Za-z]{3}/.test(l));
  const questions = Array.from({ length: 12 }, (_, i) => {
    const line = lines[(i * 37 + 11) % lines.length]!;
    const ws = (line.match(/[A-Za-z]{3,}|\d+/g) ?? []).slice(0, 4);
    return `what about ${ws.join(" and ")} when ${i + 14} is reached?`;
  });
  test.each(questions)("%s", async (q) => {
    for (const targetRatio of [0.5, 0.9]) {
      const r = await compress(f.code, { type: "code", fileName: f.file, targetRatio, query: q });
      expect(await parses(lang, r.text)).toEqual([]);
      expect(r.reasons.map((x) => x.code)).not.toContain("code.repaired");
      expectVerbatim(f.code, r.text);
    }
  });
});
