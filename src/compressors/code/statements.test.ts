/**
 * Statements of long bodies picked for the question's words: a 1,500-line C++ method and a
 * 400-line C switch whose answers sit deep inside, found by plain words; the budget; trouble
 * statements; literals as strong words; determinism and retrieval.
 */
import { describe, expect, test } from "vitest";
import { compress } from "../../compress.js";
import { parseQuery } from "../../core/query.js";
import { retrieve } from "../../retrieve.js";
import { memoryStore } from "../../store/index.js";
import { parserFor } from "./grammar.js";
import { LANGS, type LangId } from "./languages.js";
import { longCppWorker, longCSwitch, longFunction } from "./longsamples.test.js";
import { buildModel, rankModels } from "./model.js";
import { lineWords, quotedWords, statementCandidates, stem } from "./statements.js";
import { errorSpans } from "./syntax.js";

async function errorsIn(lang: LangId, text: string): Promise<number> {
  const tree = (await parserFor(lang)).parse(text)!;
  try {
    return errorSpans(tree.rootNode).length;
  } finally {
    tree.delete();
  }
}

/** Candidates of a source for a question, with their lines. */
async function candidates(lang: LangId, code: string, question: string) {
  const query = parseQuery(question);
  const tree = (await parserFor(lang)).parse(code)!;
  const model = buildModel(code, tree.rootNode, LANGS[lang], query);
  rankModels([model], query);
  const out = statementCandidates([model], query).map((c) => ({ line: model.lines.line(c.row).trim(), score: c.score }));
  tree.delete();
  return out;
}

describe("words", () => {
  test("stems meet across inflections", () => {
    expect(stem("allocated")).toBe(stem("allocate"));
    expect(stem("images")).toBe(stem("image"));
    expect(stem("writes")).toBe(stem("write"));
    expect(stem("requested")).toBe("request");
    expect(stem("bit")).toBe("bit");
  });

  test("single words in quotes are strong words", () => {
    expect([...quotedWords(parseQuery("where must the 'auto' modifier appear?"))]).toEqual(["auto"]);
    expect([...quotedWords(parseQuery("it's the users' data, isn't it?"))]).toEqual([]);
    expect([...quotedWords(parseQuery("what does 'the' do?"))]).toEqual([]); // a stop word
  });

  test("camelCase names split into their words", () => {
    expect(lineWords("image = image.cast(baton->rawDepth);")).toEqual(["imag", "imag", "cast", "baton", "raw", "depth"]);
  });
});

describe("a 1,500-line C++ method", () => {
  const { code, needles } = longCppWorker();
  const question = "When the worker writes raw pixel output to a buffer, how does it handle greyscale images and a requested bit depth, and what error does it throw if the buffer can't be allocated?";

  test("the generated method is long and the answer deep inside", () => {
    const lines = code.split("\n");
    expect(lines.length).toBeGreaterThan(1500);
    for (const n of needles) expect(lines.findIndex((l) => l.includes(n))).toBeGreaterThan(1300);
  });

  test("plain words find the answer's statements; the body is condensed around them", async () => {
    const r = await compress(code, { type: "code", fileName: "pipeline.cc", query: question });
    for (const n of needles) expect(r.text).toContain(n);
    // Headers around the answer stay: the branch of the raw writer, the greyscale check.
    expect(r.text).toContain(`} else if (baton->formatOut == "raw" || (willMatchInput && inputImageType == sharp::ImageType::RAW)) {`);
    expect(r.text).toContain("if (baton->greyscale || image.interpretation() == VIPS_INTERPRETATION_B_W) {");
    expect(r.reasons.map((x) => x.code)).toContain("code.statements");
    expect(r.reasons.find((x) => x.code === "code.skeleton")!.detail).toMatch(/condensed/);
    // The budget is used, not exceeded by much (counts are estimated on large inputs).
    expect(r.tokensAfter).toBeGreaterThan(r.tokensBefore * 0.08);
    expect(r.tokensAfter).toBeLessThanOrEqual(r.tokensBefore * 0.22);
    expect(await errorsIn("cpp", r.text)).toBe(0);
    // Kept lines are verbatim.
    const original = new Set(code.split("\n"));
    for (const line of r.text.split("\n")) if (!line.includes("[…")) expect(original.has(line), line).toBe(true);
  });

  test.each([
    ["which exception is thrown when memory for the raw output cannot be allocated?", `throw std::runtime_error("Could not allocate enough memory for raw output");`],
    ["how are greyscale images written as raw output?", "// Extract first band for greyscale image"],
    ["what bit depth does raw output use, is it cast to the requested depth?", "image = image.cast(baton->rawDepth);"],
  ])("paraphrased: %s", async (q, needle) => {
    const r = await compress(code, { type: "code", fileName: "pipeline.cc", query: q });
    expect(r.text).toContain(needle);
    expect(await errorsIn("cpp", r.text)).toBe(0);
  });

  test("a tighter target keeps fewer statements, the best still", async () => {
    const loose = await compress(code, { type: "code", fileName: "pipeline.cc", query: question, targetRatio: 0.8 });
    const tight = await compress(code, { type: "code", fileName: "pipeline.cc", query: question, targetRatio: 0.95 });
    expect(tight.tokensAfter).toBeLessThan(loose.tokensAfter);
    expect(tight.text).toContain(needles[2]);
    expect(await errorsIn("cpp", tight.text)).toBe(0);
  });

  test("deterministic, and the elided rest comes back by ref", async () => {
    const store = memoryStore();
    const a = await compress(code, { type: "code", fileName: "pipeline.cc", query: question, store });
    const b = await compress(code, { type: "code", fileName: "pipeline.cc", query: question });
    expect(a.text).toBe(b.text);
    expect(a.reasons).toEqual(b.reasons);
    const back = await retrieve(a.refs[0]!, { store });
    expect(back.ok && back.value.text).toBe(code);
  });

  test("a trouble statement that matches the question ranks first when it asks about errors", async () => {
    const cands = await candidates("cpp", code, question);
    expect(cands[0]!.line).toBe(needles[2]);
  });
});

describe("a 400-line C switch over option names", () => {
  const { code, needles } = longCSwitch();

  test("a quoted single word that the code compares against finds its case branch", async () => {
    const r = await compress(code, { type: "code", fileName: "modifiers.c", query: "How is the 'auto' modifier applied, and where in the list must the modifier appear?" });
    for (const n of needles) expect(r.text).toContain(n);
    expect(r.text).toContain("    case 'a': {\n      /*\n      **    auto");
    expect(r.text).toContain(`      if( cmp_nocase(z, "auto")==0 ){`);
    // Other branches stay elided.
    expect(r.text).not.toContain(`cmp_nocase(z, "weekday")`);
    expect(await errorsIn("c", r.text)).toBe(0);
  });

  test("a branch too long to keep whole keeps its header and first statements", async () => {
    const long = longCSwitch(true);
    const r = await compress(long.code, { type: "code", fileName: "modifiers.c", query: "How is the 'auto' modifier applied, and where must the modifier appear?" });
    for (const n of long.needles) expect(r.text).toContain(n);
    expect(r.text).toContain(`      if( cmp_nocase(z, "auto")==0 ){`);
    expect(r.text).not.toContain("p->aux29 = normalise_part(p, 29, rc);");
    expect(await errorsIn("c", r.text)).toBe(0);
  });

  test("the branch stays even when the target leaves no budget (the question names nothing else)", async () => {
    const r = await compress(code, { type: "code", fileName: "modifiers.c", query: "where must the 'auto' modifier appear?", targetRatio: 1 });
    for (const n of needles) expect(r.text).toContain(n);
    expect(await errorsIn("c", r.text)).toBe(0);
  });

  test("a quoted word needs no literal: a constant named with it will do", async () => {
    const src = ["int run(int x) {", ...Array.from({ length: 80 }, (_, i) => `  x = step${i}(x);`), "  if (x == MODE_AUTO) return 2;", "  if (autoTrim(x)) x = 0;", "  return x;", "}"].join("\n");
    expect((await candidates("c", src, "what does the 'auto' mode return?")).map((c) => c.line)).toEqual(["if (x == MODE_AUTO) return 2;", "if (autoTrim(x)) x = 0;"]);
    // Unquoted, the one word is not enough.
    expect(await candidates("c", src, "what is auto for?")).toEqual([]);
  });

  test("a quoted word inside a longer string is not a literal of its own", async () => {
    const src = [
      "int run(int x) {",
      ...Array.from({ length: 80 }, (_, i) => `  x = step${i}(x);`),
      `  puts("do not call 'auto' here");`,
      `  if (mode_is(x, "auto")) return 1;`,
      "  return x;",
      "}",
    ].join("\n");
    const cands = await candidates("c", src, "what does the auto mode return?");
    expect(cands.map((c) => c.line)).toEqual([`if (mode_is(x, "auto")) return 1;`]);
  });
});

describe("picks", () => {
  test("none when the words match nothing in long bodies", async () => {
    const f = longFunction("c");
    const r = await compress(f.code, { type: "code", fileName: f.file, query: "how is the websocket handshake upgraded?" });
    expect(r.reasons.map((x) => x.code)).not.toContain("code.statements");
  });

  test("one word alone does not make a pick", async () => {
    const f = longFunction("javascript");
    expect(await candidates("javascript", f.code, "what about checksum?")).toEqual([]);
  });

  test("none past the budget when the question names an identifier the file holds", async () => {
    const f = longFunction("c");
    expect(f.code).toContain("static int helper(");
    const r = await compress(f.code, { type: "code", fileName: f.file, query: "how does `helper` relate to checksum mismatches and retries?", targetRatio: 1 });
    expect(r.reasons.map((x) => x.code)).not.toContain("code.statements");
  });

  test("a case branch is found among thirty", async () => {
    for (const lang of ["java", "go", "rust", "python"] as const) {
      const f = longFunction(lang);
      const r = await compress(f.code, { type: "code", fileName: f.file, query: "How does kind 17 multiply the level?" });
      expect(r.text, lang).toContain("level * 19");
      expect(r.text, lang).not.toContain("level * 25");
      expect(await errorsIn(lang, r.text), lang).toBe(0);
    }
  });

  test("a Go case run's marker ends its line", async () => {
    const f = longFunction("go");
    const r = await compress(f.code, { type: "code", fileName: f.file, query: "How does kind 17 multiply the level?" });
    expect(r.text).not.toMatch(/\*\/\t+case/);
  });
});
