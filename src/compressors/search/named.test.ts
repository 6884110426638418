// Paths named like the question: kept in every directory they occur in (listings), named in the
// per-file counts (grep output); what the question excludes ("not the .d.ts types", "excluding
// tests") ranks lower; the listing's kept paths scale with the matching paths, its directory
// summaries stay compact. All on generated listings of ~3,000 paths over src/, types/, dist/, tests/.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import type { CoreBackend } from "../../core/backend.js";
import { parseQuery } from "../../core/query.js";
import { estimateTokens } from "../../core/tokens.js";
import type { CompressorOutput } from "../../core/types.js";
import { memoryStore } from "../../store/index.js";
import { searchCompressor } from "./index.js";
import { negation, wordsAsQuestion } from "./negation.js";
import { pathMatches, WordMatcher, wholeIn } from "./pathmatch.js";
import { excluded, placeFactor, queryTerms, stem } from "./rank.js";

const MODELS = ["albert", "bart", "bert", "clip", "deberta", "detr", "gpt2", "llama", "marian", "mistral", "musicgen", "phi", "qwen2", "resnet", "sam", "speecht5", "t5", "vit", "wav2vec2", "whisper", "yolos", "moonshine", "florence2", "dinov2"];
const TASKS = ["audio-classification", "automatic-speech-recognition", "depth-estimation", "feature-extraction", "fill-mask", "image-classification", "image-segmentation", "image-to-text", "object-detection", "question-answering", "summarization", "text-classification", "text-generation", "text2text-generation", "token-classification", "translation", "zero-shot-classification", "text-to-audio", "background-removal", "document-question-answering", "image-feature-extraction", "zero-shot-image-classification", "zero-shot-object-detection", "image-to-image", "text-to-speech", "base", "zero-shot-audio-classification"];
const KINDS = ["modeling", "processing", "image_processing", "feature_extraction", "tokenization", "configuration"];

/**
 * A transformers.js-like tree of about 3,000 paths: every source file under `src/` has a `.d.ts`
 * and a `.d.ts.map` twin under `types/`, most have a test under `tests/`, bundles sit in `dist/`,
 * and docs and examples fill the rest. One matching file sits in an unexpected place
 * (`scripts/legacy/asr/automatic-speech-recognition.js`).
 */
function transformersTree(): string[] {
  const P: string[] = [];
  for (const m of MODELS) {
    for (const k of KINDS) P.push(`./src/models/${m}/${k}_${m}.js`, `./types/models/${m}/${k}_${m}.d.ts`, `./types/models/${m}/${k}_${m}.d.ts.map`);
    if (["whisper", "musicgen", "moonshine"].includes(m)) P.push(`./src/models/${m}/generation_${m}.js`, `./types/models/${m}/generation_${m}.d.ts`, `./types/models/${m}/generation_${m}.d.ts.map`);
    P.push(`./tests/models/${m}/test_modeling_${m}.js`, `./tests/models/${m}/test_tokenization_${m}.js`, `./tests/models/${m}/test_processor_${m}.js`);
  }
  for (const t of TASKS) P.push(`./src/pipelines/${t}.js`, `./types/pipelines/${t}.d.ts`, `./types/pipelines/${t}.d.ts.map`, `./tests/pipelines/test_${t.replace(/-/g, "_")}.js`);
  for (const g of ["configuration_utils", "logits_process", "logits_sampler", "parameters", "stopping_criteria", "streamers"]) P.push(`./src/generation/${g}.js`, `./types/generation/${g}.d.ts`);
  for (const u of ["audio", "constants", "core", "devices", "dtypes", "generic", "hub", "image", "maths", "tensor", "video"]) P.push(`./src/utils/${u}.js`, `./types/utils/${u}.d.ts`, `./tests/utils/${u}.test.js`);
  for (const f of ["transformers.js", "transformers.min.js", "transformers.node.mjs", "transformers.web.js"]) P.push(`./dist/${f}`, `./dist/${f}.map`);
  for (let i = 0; i < 1500; i++) P.push(`./docs/source/api/section_${i % 40}/page_${i}.md`);
  for (let i = 0; i < 900; i++) P.push(`./examples/demo-${i % 30}/src/component_${i}.jsx`);
  P.push("./scripts/legacy/asr/automatic-speech-recognition.js", "./package.json", "./README.md", "./src/transformers.js", "./src/env.js");
  return P.sort();
}

const TREE = transformersTree();
const LISTING = TREE.join("\n") + "\n";
const ASR = "which source files (not the .d.ts types) implement the automatic speech recognition pipeline and Whisper's generation logic?";

/** Runs the search compressor directly, with the raw question passed along (as `raw`) when asked. */
async function run(text: string, question: string, opts: { raw?: boolean; targetRatio?: number } = {}): Promise<CompressorOutput> {
  const query = { ...parseQuery(question), ...(opts.raw ? { raw: question } : {}) };
  const backend = { lines: () => ({ n: -1, out: new Uint32Array(0) }) } as unknown as CoreBackend;
  return searchCompressor.compress({ text, query, backend, ref: "tf_test", targetRatio: opts.targetRatio ?? 0.8, lossless: false, count: estimateTokens });
}

const isSummary = (l: string) => l.startsWith("[") || / \([\d,]+ (?:more )?files?(?: in [\d,]+ more directories)?\)$/.test(l);
const keptPaths = (out: string) => out.split("\n").filter((l) => !isSummary(l));

function expectVerbatim(out: string, input: string): void {
  const lines = new Set(input.split("\n"));
  for (const l of keptPaths(out)) expect(lines.has(l), `not an input line: ${l}`).toBe(true);
}

describe("listing: paths named like the question", () => {
  it("keeps every matching path in every directory, twins too when nothing is excluded (public API)", async () => {
    expect(TREE.length).toBeGreaterThan(2900);
    const r = await compress(LISTING, { type: "search", query: ASR, store: memoryStore() });
    for (const p of [
      "./src/pipelines/automatic-speech-recognition.js",
      "./src/models/whisper/generation_whisper.js",
      "./types/pipelines/automatic-speech-recognition.d.ts",
      "./types/models/whisper/generation_whisper.d.ts",
      "./tests/pipelines/test_automatic_speech_recognition.js",
      "./scripts/legacy/asr/automatic-speech-recognition.js", // an unexpected directory
    ]) expect(r.text, p).toContain(p + "\n");
    expect(r.text).not.toContain("./src/pipelines/ (27 files)"); // not summarised whole
    expectVerbatim(r.text, LISTING);
    expect(r.ratio).toBeGreaterThan(0.85);
  });

  it("ranks the excluded kind (.d.ts twins) after the others: kept when the budget allows, dropped first when not", async () => {
    const roomy = await run(LISTING, ASR, { raw: true });
    expect(roomy.text).toContain("./src/pipelines/automatic-speech-recognition.js\n");
    expect(roomy.text).toContain("./src/models/whisper/generation_whisper.js\n");
    expect(roomy.text).toContain("./types/pipelines/automatic-speech-recognition.d.ts\n");
    expect(roomy.reasons.map((x) => x.code)).toContain("search.excluded");
    const tight = await run(LISTING, ASR, { raw: true, targetRatio: 0.995 });
    expect(tight.text).toContain("./src/pipelines/automatic-speech-recognition.js\n");
    expect(tight.text).toContain("./src/models/whisper/generation_whisper.js\n");
    expect(tight.text).toContain("./scripts/legacy/asr/automatic-speech-recognition.js\n");
    expect(tight.text).not.toContain("automatic-speech-recognition.d.ts");
    expect(tight.text).not.toContain("generation_whisper.d.ts");
    expectVerbatim(tight.text, LISTING);
  });

  it("'excluding tests' puts test paths last, and works from the parsed words alone", async () => {
    const q = "where is the whisper tokenizer, excluding tests?";
    for (const raw of [true, false]) {
      const r = await run(LISTING, q, { raw, targetRatio: 0.995 });
      expect(r.text).toContain("./src/models/whisper/tokenization_whisper.js\n");
      expect(r.text).not.toContain("test_tokenization_whisper.js");
    }
  });

  it("kept paths scale with the matching paths, not with the listing", async () => {
    const few = await run(LISTING, "where are the logits sampler and stopping criteria?");
    const many = await run(LISTING, "list every whisper, musicgen and moonshine file");
    const kept = (r: CompressorOutput) => Number(/^kept ([\d,]+) of/.exec(r.reasons.find((x) => x.code === "search.kept")!.detail)![1]!.replace(/,/g, ""));
    expect(few.text).toContain("./src/generation/logits_sampler.js\n");
    expect(few.text).toContain("./src/generation/stopping_criteria.js\n");
    expect(kept(few)).toBeLessThanOrEqual(8);
    // three models: 7 src + 14 types + 3 tests files each are named like the question
    expect(kept(many)).toBeGreaterThanOrEqual(3 * 24);
    for (const m of ["whisper", "musicgen", "moonshine"]) {
      expect(many.text).toContain(`./src/models/${m}/generation_${m}.js\n`);
      expect(many.text).toContain(`./tests/models/${m}/test_modeling_${m}.js\n`);
    }
    expect(many.reasons.find((x) => x.code === "search.kept")?.detail).toMatch(/named like the question, in every directory/);
    // the 21 other model directories of each tree are counted on one line, not listed
    expect(many.text).not.toContain("./src/models/albert/ (6 files)");
    expect(many.text).toMatch(/^\.\/src\/models\/ \([\d,]+ files in 21 more directories\)$/m);
    expect(many.text.split("\n").filter(isSummary).length).toBeLessThanOrEqual(kept(many));
  });

  it("a pair of terms many files share does not name them all; the one file holding all terms is named", async () => {
    const r = await run(LISTING, "Where is the Whisper feature extractor? not the tests or the types", { raw: true });
    expect(r.text).toContain("./src/models/whisper/feature_extraction_whisper.js\n");
    expect(r.reasons.find((x) => x.code === "search.kept")?.detail).toMatch(/\(1 named like the question/);
    const vague = await run(LISTING, "where is the tokenizer config loaded?");
    expect(vague.reasons.find((x) => x.code === "search.kept")?.detail).not.toMatch(/named like the question/);
    expect(estimateTokens(vague.text)).toBeLessThan(0.03 * estimateTokens(LISTING));
  });

  it("when every query term is common, ranks by all of them (a word in no path changes nothing)", async () => {
    // `compiler-dom` is in 8% of the paths, `transforms` in more: neither is rare, together they are
    const paths: string[] = [];
    for (const pkg of ["compiler-core", "compiler-dom", "compiler-ssr", "runtime-core", "runtime-dom", "reactivity"]) {
      for (let i = 0; i < 40; i++) paths.push(`packages/${pkg}/src/part${i}.ts`);
      for (let i = 0; i < 10; i++) paths.push(`packages/${pkg}/src/transforms/t${i}.ts`, `packages/${pkg}/__tests__/transforms/t${i}.spec.ts`);
    }
    paths.sort();
    const text = paths.join("\n") + "\n";
    const r = await run(text, "which compiler-dom transforms exist, excluding tests?", { raw: true });
    for (let i = 0; i < 10; i++) expect(r.text).toContain(`packages/compiler-dom/src/transforms/t${i}.ts\n`);
    expect(r.text).not.toContain("packages/compiler-core/src/transforms/t0.ts");
    expectVerbatim(r.text, text);
  });

  it("directory summaries stay compact when kept paths open many wide directories", async () => {
    // many top-level directories, each with many subdirectories; one match deep in each of six
    const paths: string[] = [];
    for (let a = 0; a < 6; a++) for (let b = 0; b < 20; b++) for (let c = 0; c < 8; c++) paths.push(`pkg${a}/mod${b}/file${c}.py`);
    for (let a = 0; a < 6; a++) paths.push(`pkg${a}/mod7/rate_limiter.py`);
    paths.sort();
    const text = paths.join("\n") + "\n";
    const r = await run(text, "where is the rate limiter?");
    const lines = r.text.split("\n");
    for (let a = 0; a < 6; a++) expect(r.text).toContain(`pkg${a}/mod7/rate_limiter.py\n`);
    const summaries = lines.filter(isSummary).length;
    expect(summaries).toBeLessThanOrEqual(24 + 1);
    expectVerbatim(r.text, text);
  });

  it("is deterministic", async () => {
    const a = await run(LISTING, ASR, { raw: true });
    const b = await run(LISTING, ASR, { raw: true });
    expect(a.text).toBe(b.text);
  });
});

/** The `ls -R` output (piped: one name per line) of a set of paths starting with `./`. */
function lsR(paths: readonly string[]): string {
  const children = new Map<string, Set<string>>();
  for (const p of paths) {
    const parts = p.split("/");
    for (let k = 1; k < parts.length; k++) {
      const dir = parts.slice(0, k).join("/");
      if (!children.has(dir)) children.set(dir, new Set());
      children.get(dir)!.add(parts[k]!);
    }
  }
  const blocks: string[] = [];
  const visit = (dir: string) => {
    const names = [...children.get(dir)!].sort();
    blocks.push(`${dir}:\n${names.join("\n")}\n`);
    for (const n of names) if (children.has(`${dir}/${n}`)) visit(`${dir}/${n}`);
  };
  visit(".");
  return blocks.join("\n");
}

describe("ls -R output", () => {
  const text = lsR(TREE.filter((p) => !p.startsWith("./docs/") && !p.startsWith("./examples/")));

  it("prints each kept name under its directory's header line, both verbatim", async () => {
    const r = await run(text, "which source files implement the whisper generation logic and the automatic speech recognition pipeline?");
    const out = r.text.split("\n");
    const under = (header: string, name: string) => {
      const h = out.indexOf(header);
      expect(h, header).toBeGreaterThanOrEqual(0);
      let k = h + 1;
      while (k < out.length && !out[k]!.endsWith(":") && out[k] !== name) k++;
      expect(out[k], `${name} under ${header}`).toBe(name);
    };
    under("./src/models/whisper:", "generation_whisper.js");
    under("./src/pipelines:", "automatic-speech-recognition.js");
    under("./scripts/legacy/asr:", "automatic-speech-recognition.js");
    under("./types/pipelines:", "automatic-speech-recognition.d.ts");
    expectVerbatim(r.text, text);
    expect(estimateTokens(r.text)).toBeLessThan(0.15 * estimateTokens(text));
  });
});

describe("grep output: files named like the question", () => {
  // the same call in every js / d.ts file, so no line tells the files apart: only their names do
  const files = TREE.filter((p) => /\.(?:js|d\.ts)$/.test(p) && !p.startsWith("./examples/"));
  const lines: string[] = [];
  files.forEach((p, i) => {
    for (let k = 0; k <= i % 3; k++) lines.push(`${p}:${10 + 13 * k}:    const out = await this.generate_step(inputs, { max_new_tokens: ${k + 1} });`);
  });
  const text = lines.join("\n") + "\n";

  it("names a matching file in its directory's count line even when the directory collapses", async () => {
    const r = await run(text, "which source files (not the .d.ts types) implement Whisper's generation logic?", { raw: true });
    expect(r.text).toMatch(/^\[\.\/src\/models\/whisper\/\] .*generation_whisper\.js/m);
    expect(r.text).toMatch(/^\[matches per file: /m);
  });

  it("shows identical lines from the best-placed file (not a bundle or a .d.ts)", async () => {
    const r = await run(text, "which source files (not the .d.ts types) implement Whisper's generation logic?", { raw: true });
    const shown = r.text.split("\n").filter((l) => /^\.\/.*:\d+:/.test(l));
    expect(shown.length).toBeGreaterThan(0);
    for (const l of shown) expect(l.startsWith("./src/models/whisper/"), l).toBe(true);
  });
});

describe("negation", () => {
  it("reads weak and strong negators", () => {
    const n = negation(ASR)!;
    expect(n.identifiers).toEqual(["d.ts"]);
    expect([...n.classes]).toEqual(["types"]);
    expect(n.positive).toContain("automatic speech recognition pipeline");
    expect([...negation("list config files excluding tests, only source files")!.classes]).toEqual(["test"]);
    expect([...negation("where is the tokenizer without the dist bundles?")!.classes]).toEqual(["build"]);
    expect([...negation("which non-test files import lodash")!.classes]).toEqual(["test"]);
    expect([...negation("Where is X defined, except in vendor/ and node_modules?")!.classes]).toEqual(["vendor"]);
    expect(negation("files for the parser but not the lexer files")!.words).toEqual(["lexer"]);
  });

  it("leaves verbs and symbols after 'not' / 'no' alone", () => {
    expect(negation("why does curl not follow redirects?")).toBeUndefined();
    expect(negation("Is there no test for parseDate?")).toBeUndefined();
    expect(negation("What timeout does httpx use when I don't pass one?")).toBeUndefined();
    expect(negation("which files (not in __tests__) call parseDate")!.positive).toContain("parseDate");
  });

  it("a class the question also asks for is excluded by its word only", () => {
    const n = negation("which tests, not the snapshots, cover `parseDate`?")!;
    expect(n.classes.size).toBe(0);
    expect(n.words).toEqual(["snapshots"]);
  });

  it("works from parsed words when the raw question is not passed", () => {
    expect(wordsAsQuestion(["config", "excluding", "tests", "source"])).toBe("config excluding tests , source");
    expect(wordsAsQuestion(["where", "router"])).toBeUndefined();
  });

  it("excluded paths rank lower; 'source files' ranks build outputs and declarations a little lower", () => {
    const t = queryTerms({ ...parseQuery(ASR), raw: ASR } as ReturnType<typeof parseQuery>);
    expect(t.query.identifiers).not.toContain("d.ts");
    expect(t.query.words).not.toContain("types");
    expect(excluded("types/pipelines/automatic-speech-recognition.d.ts", t)).toBe(true);
    expect(excluded("src/pipelines/automatic-speech-recognition.js", t)).toBe(false);
    expect(excluded("src/loader/bad.ts", t)).toBe(false); // `d.ts` only at a word boundary
    expect(placeFactor("types/x.d.ts", "", t)).toBeLessThan(placeFactor("src/x.js", "", t));
    const s = queryTerms(parseQuery("which source file defines the tokenizer?"));
    expect(placeFactor("dist/tokenizer.min.js", "", s)).toBeLessThan(placeFactor("src/tokenizer.js", "", s));
  });
});

describe("path words", () => {
  const terms = (q: string) => queryTerms(parseQuery(q));

  it("match multi-word concepts, stems, possessives and camelCase", () => {
    const paths = ["src/pipelines/automatic-speech-recognition.js", "src/models/whisper/generation_whisper.js", "lib/SpeechRecognitionPipeline.ts", "src/utils/generic.js", "src/models/speecht5/modeling_speecht5.js"];
    const { matches } = pathMatches(paths, terms("the automatic speech recognition pipeline and Whisper's generation logic"), 3000);
    expect(matches.map((m) => m.strong)).toEqual([true, true, true, false, false]);
    expect(matches[3]!.all).toBe(0); // `generic` is not `generation`
    expect(matches[4]!.all).toBe(0); // `speecht5` is not `speech`
  });

  it("a word in a large share of the paths makes nothing strong", () => {
    const paths: string[] = [];
    for (let i = 0; i < 400; i++) paths.push(`src/ts/file${i}.ts`);
    paths.push("src/router.ts");
    const { matches, common } = pathMatches(paths, terms("which ts file is the router"), paths.length);
    expect(common.has("ts")).toBe(true);
    expect(matches[400]!.strong).toBe(true);
    expect(matches[0]!.strong).toBe(false);
  });

  it("same(): stems and near prefixes, not versions or different words", () => {
    const m = new WordMatcher([stem("compiler"), stem("tokenizer"), stem("generation")], ["compiler", "tokenizer", "generation"]);
    expect(m.same("compile", 0)).toBe(true);
    expect(m.same("tokenization", 1)).toBe(true);
    expect(m.same("generation", 2)).toBe(true);
    expect(m.same("generic", 2)).toBe(false);
    expect(m.same("general", 2)).toBe(false);
  });

  it("wholeIn(): identifiers as whole names, camelCase seams allowed", () => {
    expect(wholeIn("src/defineModel.spec.ts", "defineModel")).toBe(true);
    expect(wholeIn("src/MyObjectUtils.java", "ObjectUtils")).toBe(true);
    expect(wholeIn("src/module_770.ts", "module_77")).toBe(false);
    expect(wholeIn("src/module_77_router.ts", "module_77")).toBe(true);
  });
});
