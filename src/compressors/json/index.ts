/**
 * The JSON compressor. Lossless first (minified, or columnar for a uniform array, whichever is
 * fewer tokens); lossy only when that still saves less than the target: collections keep the
 * items the question and the signals need, plus a summary with field statistics and a ref.
 * Malformed, truncated or too-deep input passes through unchanged with a reason.
 * @module
 */
import { Info, Status, Term } from "../../core/codes.js";
import type { Compressor, CompressorInput, CompressorOutput } from "../../core/types.js";
import { toColumnar } from "./columnar.js";
import { detectJson } from "./detect.js";
import { looksLikeJsonLines, toVirtualArray } from "./lines.js";
import { renderLines, renderValue, type RenderContext } from "./render.js";

export const NAME = "json";

/** Deepest nesting the crusher walks; deeper input passes through (no recursion is involved). */
export const MAX_DEPTH = 1024;

const STATUS_REASON: Record<number, [string, string]> = {
  [Status.SYNTAX]: ["pass.malformed-json", "not valid JSON"],
  [Status.TRUNCATED]: ["pass.truncated-json", "JSON ends inside a value"],
  [Status.TOO_DEEP]: ["pass.too-deep", `JSON nests deeper than ${MAX_DEPTH} levels`],
  [Status.EMPTY]: ["pass.empty", "nothing but whitespace"],
};

const enc = new TextEncoder();

function compress(input: CompressorInput): CompressorOutput {
  if (!looksLikeJsonLines(input.text)) return compressDocument(input, false);
  // JSON Lines: compress the virtual array, then give the backend its original input back
  const virtual = toVirtualArray(input.text);
  input.backend.load(virtual);
  try {
    const out = compressDocument({ ...input, text: virtual }, true);
    if (out.text === virtual) return { ...out, text: input.text };
    const units = out.units?.map((x) => x - 1); // the virtual array's "[" shifts every offset by one
    return { ...out, units, reasons: out.reasons.map((r) => ({ ...r, detail: `JSON Lines: ${r.detail}` })) };
  } finally {
    input.backend.load(input.text);
  }
}

function compressDocument(input: CompressorInput, lines: boolean): CompressorOutput {
  const { text, backend } = input; // the input is already loaded into the backend
  const scan = backend.scanJson(MAX_DEPTH);
  if (scan.n < 0) {
    const [code, detail] = STATUS_REASON[-scan.n] ?? ["pass.scan-failed", "the scan failed"];
    return { text, lossy: false, reasons: [{ code, detail: `${detail} (byte ${scan.errorOffset}); passed through unchanged` }] };
  }
  const rootKind = backend.tape()[0]! & 15;
  if (rootKind !== 1 && rootKind !== 2) return { text, lossy: false, reasons: [{ code: "pass.scalar", detail: "a top-level scalar; nothing to compress" }] };

  // Lossless candidates. Their token counts are only needed when they might meet the target:
  // compact JSON runs ~3.5 bytes per token, so judge by bytes first and skip decoding 20 MB.
  const before = input.count(text);
  const budgetTokens = before * (1 - input.targetRatio);
  let minLenCache = -1;
  const minified = () => {
    if (lines) return renderLines(backend);
    const bytes = backend.minify(0, backend.bytes().length);
    minLenCache = bytes.length; // so minLen() never minifies the document a second time
    return new TextDecoder().decode(bytes);
  };
  // A lower bound on the minified size from the scan's counters: strings, numbers, literals
  // (≥ 4 bytes) and brackets. When even that cannot meet the target, skip minifying at all.
  const info = scan.info;
  const minLowerBound = info[Info.STRING_BYTES]! + info[Info.NUMBER_BYTES]! + 4 * info[Info.LITERALS]! + 2 * info[Info.CONTAINERS]!;
  const mayMeet = input.lossless || minLowerBound / 6 <= budgetTokens;
  const minLen = () => (minLenCache >= 0 ? minLenCache : (minLenCache = backend.minify(0, backend.bytes().length).length));
  let best: string | null = null;
  let bestTokens = Number.POSITIVE_INFINITY;
  let bestCode = "json.minified";
  if (mayMeet) {
    best = minified();
    bestTokens = input.count(best);
    const columnar = lines ? null : toColumnar(backend.bytes(), backend.tape());
    if (columnar !== null) {
      const t = input.count(columnar);
      if (t < bestTokens) { best = columnar; bestTokens = t; bestCode = "json.columnar"; }
    }
    if (input.lossless || bestTokens <= budgetTokens) {
      return { text: best, lossy: false, reasons: [{ code: bestCode, detail: `lossless ${bestCode === "json.columnar" ? "columnar table" : "minified JSON"}` }] };
    }
  }
  const lossless = (detail: string): CompressorOutput => {
    best ??= minified();
    return { text: best, lossy: false, reasons: [{ code: bestCode, detail }] };
  };

  // lossy: crush collections, cut long strings
  const terms: number[] = [];
  const termKinds: number[] = [];
  const parts: Uint8Array[] = [];
  let off = 0;
  const addTerm = (s: string, kind: number) => {
    if (termKinds.length >= 32) return;
    const b = kind === Term.WORD ? enc.encode(s.toLowerCase()) : enc.encode(s);
    if (b.length === 0) return;
    terms.push(kind, off, b.length);
    termKinds.push(kind);
    parts.push(b);
    off += b.length;
  };
  for (const id of input.query.identifiers) addTerm(id, Term.IDENTIFIER);
  for (const w of input.query.words) addTerm(w, Term.WORD);
  const termBytes = new Uint8Array(off);
  let o = 0;
  for (const p of parts) { termBytes.set(p, o); o += p.length; }
  const ctx: RenderContext = {
    bytes: backend.bytes(), tape: backend.tape(), backend, ref: input.ref, targetRatio: input.targetRatio,
    termBytes, terms: Uint32Array.from(terms), nTerms: termKinds.length, termKinds,
    cut: { identifiers: input.query.identifiers.map((s) => enc.encode(s)), words: input.query.words.map((s) => enc.encode(s)) },
    units: [], collections: 0, omitted: 0, cutStrings: 0, linesRoot: lines,
  };
  const lossy = renderValue(ctx, 0);
  if (ctx.omitted === 0 && ctx.cutStrings === 0) return lossless("lossless; no collection or long string to crush");
  // compare tokens only when a lossless candidate was counted; bytes always guard the size
  if ((best !== null && input.count(lossy) >= bestTokens) || (lossy.length >= minLowerBound && lossy.length >= minLen())) return lossless("lossless; crushing saved nothing more");
  const detail = `kept the items the question and signals need; omitted ${ctx.omitted} item(s) in ${ctx.collections} collection(s)` +
    (ctx.cutStrings ? `, cut ${ctx.cutStrings} long string(s)` : "");
  const units = new Uint32Array(ctx.units.reduce((n, u) => n + u.length, 0));
  let at = 0;
  for (const spans of ctx.units) { units.set(spans, at); at += spans.length; }
  return { text: lossy, lossy: true, reasons: [{ code: "json.lossy", detail }], units };
}

/** The JSON compressor. */
export const jsonCompressor: Compressor = { name: NAME, detect: detectJson, compress };
export default jsonCompressor;
