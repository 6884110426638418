/**
 * The code compressor. Parses the source with tree-sitter (Python, JavaScript, TypeScript, TSX,
 * Go, Rust, Java, C, C++), keeps the file's skeleton — imports, declarations, signatures, doc
 * comments, decorators, constants — and replaces function bodies by a placeholder comment with the
 * ref and line span. Bodies the question needs stay whole (or, when long, condensed to the matching
 * statements and the control flow around them). Effort rises level by level (trimming long docs,
 * then collapsing runs of elided functions) until the target saving is met. What the target
 * leaves of the budget goes to the lines of long bodies that the question's words point at (a
 * `throw` deep in a 1,000-line method, the `case` branch of the value it asks about): those bodies
 * are condensed around them instead of elided whole. The output is parsed
 * again: an edit that would leave a parse error is dropped, so the result always parses as well as
 * the input did.
 * @module
 */
import type { Parser, Tree } from "web-tree-sitter";
import type { Compressor, CompressorInput, CompressorOutput, Reason } from "../../core/types.js";
import { formatCount } from "../shared/marker.js";
import { detectCode, guessLanguage, languageFromFileName, looksBinary } from "./detect.js";
import { applyEdits, blame, disjointSpans, newErrors, toByteSpans } from "./edits.js";
import { parserFor } from "./grammar.js";
import { LANGS, type LangId } from "./languages.js";
import { parseMacroBodies } from "./macros.js";
import { buildModel, rankModels, type CodeModel } from "./model.js";
import { LEVELS, render, type Rendering } from "./render.js";
import { spendOnStatements, type Spent } from "./spend.js";
import { statementCandidates } from "./statements.js";
import { errorSpans, type ErrorSpan } from "./syntax.js";

export { setGrammarLocator, type GrammarLocator } from "./grammar.js";
export type { LangId } from "./languages.js";

export const NAME = "code";

/** Languages tried, at most, when only the content says what the language is. */
const MAX_CANDIDATES = 3;
/** Rounds of dropping edits that break the parse before giving up. */
const MAX_REPAIRS = 8;

const pass = (text: string, code: string, detail: string, earlier: Reason[] = []): CompressorOutput => ({
  text,
  lossy: false,
  reasons: [...earlier, { code, detail }],
});

/** A parse of the input in one language. */
interface Parsed {
  lang: LangId;
  parser: Parser;
  tree: Tree;
  /** Outermost ERROR and MISSING nodes. */
  errors: number;
  /** Their spans. */
  errorSpans: ErrorSpan[];
  /** Characters those nodes cover. */
  errorChars: number;
}

async function compress(input: CompressorInput): Promise<CompressorOutput> {
  const { text } = input;
  if (text.length === 0) return pass(text, "pass.empty", "empty input");
  if (input.lossless) return pass(text, "pass.lossless", "code has no lossless form that saves tokens; passed through");
  if (looksBinary(text)) return pass(text, "pass.binary", "control characters: not source code");
  const byName = languageFromFileName(input.fileName);
  const guess = guessLanguage(text, input.fileName);
  const candidates = byName ? [byName] : guess.ranked.slice(0, MAX_CANDIDATES);
  if (candidates.length === 0) return pass(text, "pass.unknown-language", "no known programming language recognised");
  const source = byName ? "file name" : "content";

  const reasons: Reason[] = [];
  const best = await parseBest(text, candidates, reasons);
  if (!best) return pass(text, "pass.grammar-unavailable", "no grammar could be loaded", reasons);
  try {
    return compressParsed(input, best, source, reasons);
  } finally {
    best.tree.delete();
  }
}

/** Parses with each candidate language (stopping at a clean parse) and keeps the cleanest. */
async function parseBest(text: string, candidates: LangId[], reasons: Reason[]): Promise<Parsed | undefined> {
  let best: Parsed | undefined;
  for (const lang of candidates) {
    let parser;
    try {
      parser = await parserFor(lang);
    } catch (e) {
      reasons.push({ code: "code.grammar-failed", detail: `${lang} grammar did not load (${(e as Error).message})` });
      continue;
    }
    const tree = parser.parse(text);
    if (!tree) continue;
    const spans = errorSpans(tree.rootNode);
    const errors = spans.length;
    const errorChars = spans.reduce((n, e) => n + e.end - e.start, 0);
    if (!best || errorChars < best.errorChars || (errorChars === best.errorChars && errors < best.errors)) {
      best?.tree.delete();
      best = { lang, parser, tree, errors, errorChars, errorSpans: spans };
    } else tree.delete();
    if (errors === 0) break;
  }
  return best;
}

function compressParsed(input: CompressorInput, parsed: Parsed, source: string, reasons: Reason[]): CompressorOutput {
  const { text } = input;
  const { lang, parser, tree, errors, errorChars } = parsed;
  // Errors over much of the text mean a wrong language guess or broken code: do not touch it. A few
  // local errors (macros the grammar does not know, say) are fine: edits must not add any.
  if (errorChars > text.length / 10) {
    return pass(text, "pass.parse-error", `${formatCount(errors)} parse errors as ${lang} over ${Math.round((100 * errorChars) / text.length)} % of the text; passed through`, reasons);
  }
  reasons.push({ code: "code.language", detail: `${lang} (from ${source})${errors > 0 ? `; ${errors} parse errors in the input` : ""}` });

  const spec = LANGS[lang];
  const model = buildModel(text, tree.rootNode, spec, input.query);
  const subTrees = parseMacroBodies(model, parser, text, input.query);
  const models = [model, ...model.subModels.values()];
  rankModels(models, input.query);
  try {
    return finish(input, parsed, models, reasons);
  } finally {
    for (const t of subTrees) t.delete();
  }
}

function finish(input: CompressorInput, parsed: Parsed, models: CodeModel[], reasons: Reason[]): CompressorOutput {
  const { text } = input;
  const { lang, parser } = parsed;
  const model = models[0]!;
  const before = input.count(text);
  const banned = new Set<number>();
  let levelIndex = 0;
  let r: Rendering = render(model, LEVELS[0]!, input.ref, banned);
  let applied = applyEdits(text, r.edits);
  let outTokens = input.count(applied.text);
  for (let i = 1; i < LEVELS.length && !meets(input, before, outTokens); i++) {
    levelIndex = i;
    r = render(model, LEVELS[i]!, input.ref, banned);
    applied = applyEdits(text, r.edits);
    outTokens = input.count(applied.text);
  }
  // Long bodies the skeleton elides may hold the answer on a few lines: the budget left goes there.
  const spent = spendOnStatements(input, models, statementCandidates(models, input.query), levelIndex, banned, before, outTokens, r.edits);
  if (spent) {
    ({ rendering: r, applied, level: levelIndex } = spent);
    reasons.push({ code: "code.statements", detail: describePicks(spent.picks, model) });
  }
  if (r.edits.length === 0) return pass(text, "pass.nothing-to-elide", `${lang}: no function body or doc comment worth eliding`, reasons);

  // The output must parse no worse than the input: drop the edits that break it.
  let dropped = 0;
  for (let round = 0; ; round++) {
    const errs = outputErrors(parser, applied.text);
    // Errors where the input had errors already are the input's; any other is an edit's fault.
    const fresh = errs === null ? [] : newErrors(errs, parsed.errorSpans, applied, r.edits);
    if (fresh.length === 0) break;
    if (round >= MAX_REPAIRS) return pass(text, "pass.parse-error", `output would not parse as ${lang}; passed through`, reasons);
    const bad = blame(applied, fresh);
    for (const i of bad) banned.add(r.edits[i]!.start);
    dropped += bad.size;
    r = render(model, LEVELS[levelIndex]!, input.ref, banned);
    if (r.edits.length === 0) return pass(text, "pass.parse-error", `output would not parse as ${lang}; passed through`, reasons);
    applied = applyEdits(text, r.edits);
  }

  describe(r, levelIndex, dropped, reasons);
  const spans = disjointSpans(r.units);
  const units = toByteSpans(text, spans, !/[^\x00-\x7f]/.test(text));
  return { text: applied.text, lossy: true, reasons, units };
}

const meets = (input: CompressorInput, before: number, outTokens: number) => before > 0 && 1 - outTokens / before >= input.targetRatio;

/** `"12 statements of long bodies kept for the question's words (best first: L1104, L1090, L1115)"`. */
function describePicks(picks: Spent["picks"], main: CodeModel): string {
  const rows = picks.slice(0, 5).map((p) => `L${p.row + 1}`);
  const sub = picks.some((p) => p.model !== main) ? " (some in macro bodies)" : "";
  return `${formatCount(picks.length)} ${picks.length === 1 ? "statement" : "statements"} of long bodies kept for the question's words${sub} (best first: ${rows.join(", ")}${picks.length > 5 ? ", …" : ""})`;
}

/** Parse errors of an output, or `null` when it parses clean. */
function outputErrors(parser: Parser, out: string): Array<{ start: number; end: number }> | null {
  const outTree = parser.parse(out);
  if (!outTree) return [{ start: 0, end: out.length }];
  try {
    const errs = errorSpans(outTree.rootNode);
    return errs.length === 0 ? null : errs;
  } finally {
    outTree.delete();
  }
}

function describe(r: Rendering, level: number, dropped: number, reasons: Reason[]): void {
  const s = r.stats;
  const kept = s.keptNamed + s.keptHit + s.keptWords + s.keptSmall;
  const parts = [`${formatCount(s.elided)} ${s.elided === 1 ? "body" : "bodies"} elided`];
  if (s.collapsed > 0) parts.push(`${formatCount(s.collapsed)} functions collapsed into name lists`);
  if (s.condensed > 0) parts.push(`${s.condensed} long matching ${s.condensed === 1 ? "body" : "bodies"} condensed to their matching statements (${formatCount(s.runs)} runs elided)`);
  parts.push(`${formatCount(kept)} kept whole (${s.keptNamed} named by the query, ${s.keptHit} holding a query identifier, ${s.keptWords} matching its words, ${formatCount(s.keptSmall)} small)`);
  reasons.push({ code: "code.skeleton", detail: `${formatCount(s.functions)} functions, effort level ${level}: ${parts.join("; ")}` });
  if (s.docsTrimmed > 0) reasons.push({ code: "code.docs-trimmed", detail: `${formatCount(s.docsTrimmed)} long doc comments trimmed to their lead, query lines and matching paragraphs` });
  if (dropped > 0) reasons.push({ code: "code.repaired", detail: `${dropped} edits dropped: the output would not have parsed` });
}

/**
 * Sees whether a text is source code and compresses it to its skeleton plus what the query needs.
 * @example
 * const r = await compress(source, { type: "code", fileName: "app.py", query: "how does `make_response` pick the status?" });
 * // r.text: imports, classes, signatures, docs; make_response whole; other bodies "...  # [… body L120–L184 omitted; ref tf_…]"
 */
export const codeCompressor: Compressor = {
  name: NAME,
  detect: (text, fileName) => detectCode(text, fileName),
  compress,
};
