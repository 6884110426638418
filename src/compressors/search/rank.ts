/**
 * Relevance of search hits to the question: BM25 over the query words and exact identifiers
 * (shared `scoreUnits`), the file path's own relevance, identifier parts (`ObjectUtils` and
 * `defaultIfNull` of `ObjectUtils.defaultIfNull`), and a bonus for a line that *defines* a
 * queried symbol. Tests and docs rank below code unless the question asks for them.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import { IDENTIFIER_WEIGHT, scoreUnits } from "../shared/relevance.js";
import { asksDefault } from "./defaults.js";
import { definedName, isCommentLine, isDocPath, isTestPath, nameWords } from "./definition.js";
import { isExcluded, negation, pathIsClass, positiveQuery, wordsAsQuestion, type Negation } from "./negation.js";

/** What the ranking looks for, derived once from the parsed question. */
export interface Terms {
  /** The question without words that only describe search output (`file`, `line`, `defined`). */
  query: ParsedQuery;
  /** The query words as written (not stemmed), one per entry of `query.words`. */
  full: string[];
  /** Parts of multi-part identifiers (`a.b`, `A::b`, `x#y`), matched byte-for-byte. */
  parts: string[];
  /** Identifiers and their parts: a definition of one of these is what the question is after. */
  symbols: Set<string>;
  /** Query words, for matching the words of a defined name. */
  words: Set<string>;
  /** The question asks about tests (so test paths are not ranked down). */
  wantsTests: boolean;
  /** The question asks about docs or examples. */
  wantsDocs: boolean;
  /** What the question excludes ("not the .d.ts types", "excluding tests"), when its raw text was given. */
  negation: Negation | undefined;
  /** The question asks for source files: build outputs and type declarations rank a little lower. */
  wantsSource: boolean;
  /** The question asks for a default value: lines that give one rank higher (defaults.ts). */
  wantsDefault: boolean;
  /** True when there is nothing to look for. */
  empty: boolean;
}

// Words that describe where an answer is, not what it is.
const META = new Set(["file", "files", "line", "lines", "source", "sources", "defined", "declared", "implement", "implemented", "implements", "implementing", "located", "live", "lives", "path", "paths"]);

/**
 * The question's raw text, when the caller passed it along with the parsed query (as `raw`):
 * only the raw text still holds `not` and `without`, which the parsed words drop as stop words.
 */
export function rawQuery(q: ParsedQuery): string | undefined {
  const r = (q as ParsedQuery & { raw?: unknown }).raw;
  return typeof r === "string" ? r : undefined;
}

/**
 * Strips one English suffix so the word matches its relatives as a prefix (BM25 in `scoreUnits`
 * matches a query word of 4+ letters as a prefix): `tests` → `test` (finds `test`, `testing`),
 * `compressor` → `compress`, `counted` → `count`. Words whose stem would be shorter stay whole.
 * @example stem("redirects") // "redirect"
 */
export function stem(word: string): string {
  const m = /^(.{4,}?)(?:ations?|ings?|ers?|ors?|ions?|ed|es|s)$/.exec(word);
  if (!m || /ss$/.test(word)) return word;
  return m[1]!;
}

/** Bonus for a definition of an exact query symbol: above any identifier-only call site. */
export const SYMBOL_DEF_BONUS = 1.5 * IDENTIFIER_WEIGHT;
/** Bonus per identifier part found (e.g. `defaultIfNull` of `ObjectUtils.defaultIfNull`). */
export const PART_WEIGHT = 0.4 * IDENTIFIER_WEIGHT;

/**
 * Builds the ranking terms.
 * @example queryTerms(parseQuery("Where is `ObjectUtils.defaultIfNull` declared?")).parts // ["ObjectUtils", "defaultIfNull"]
 */
export function queryTerms(parsed: ParsedQuery): Terms {
  const neg = negation(rawQuery(parsed) ?? wordsAsQuestion(parsed.words));
  const q = neg ? positiveQuery(parsed, neg) : parsed;
  const words: string[] = [];
  const full: string[] = [];
  for (const w of q.words) {
    if (META.has(w)) continue;
    const s = stem(w);
    if (!words.includes(s)) { words.push(s); full.push(w); }
  }
  const parts: string[] = [];
  const symbols = new Set<string>();
  for (const id of q.identifiers) {
    symbols.add(id);
    for (const p of id.split(/[.#:/\\()\s,]+|->/)) {
      if (p.length >= 3 && p !== id && /[A-Za-z]/.test(p) && !parts.includes(p)) parts.push(p);
    }
  }
  for (const p of parts) symbols.add(p);
  const all = q.words;
  const wantsTypes = all.some((w) => /^(?:types?|typings|declarations?|dts)$/.test(w)) || q.identifiers.some((id) => /d\.[cm]?ts$/.test(id));
  const wantsBuild = all.some((w) => /^(?:dist|build|bundles?|bundled|compiled|minified|maps?|sourcemaps?)$/.test(w));
  return {
    query: { words, identifiers: q.identifiers },
    full,
    parts,
    symbols,
    words: new Set(words),
    wantsTests: all.some((w) => /^(?:tests?|testing|specs?|unit|fixtures?)$/.test(w)),
    wantsDocs: all.some((w) => /^(?:docs?|documentation|examples?|readme|changelog|guide)$/.test(w)),
    negation: neg,
    wantsDefault: asksDefault(all),
    wantsSource: !wantsTypes && !wantsBuild && parsed.words.some((w) => w === "source" || w === "sources" || w === "src"),
    empty: words.length === 0 && q.identifiers.length === 0,
  };
}

/**
 * A cheap first score: identifiers and parts found byte-for-byte, plus the query words found
 * anywhere (any case). Zero means the text cannot score at all; the full BM25 scoring runs only
 * on texts above zero (and only on the best {@link MAX_SCORED} of them).
 */
export function roughScore(text: string, terms: Terms): number {
  let s = 0;
  for (const id of terms.query.identifiers) if (text.includes(id)) s += IDENTIFIER_WEIGHT;
  for (const p of terms.parts) if (text.includes(p)) s += PART_WEIGHT;
  if (terms.query.words.length === 0) return s;
  const lower = text.toLowerCase();
  for (const w of terms.query.words) if (lower.includes(w)) s += 1;
  return s;
}

/** Most texts given to the full scoring; past this the rough score picks (huge vague greps). */
export const MAX_SCORED = 20_000;

/**
 * The candidates worth full scoring: rough score above zero, at most {@link MAX_SCORED} of the
 * best (ties by position), returned in their original order.
 * @param rough rough score per item
 */
export function candidates(rough: Float64Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < rough.length; k++) if (rough[k]! > 0) out.push(k);
  if (out.length <= MAX_SCORED) return out;
  out.sort((a, b) => rough[b]! - rough[a]! || a - b);
  return out.slice(0, MAX_SCORED).sort((a, b) => a - b);
}

/** Score of identifier parts found in `text`. */
export function partScore(text: string, terms: Terms): number {
  let s = 0;
  for (const p of terms.parts) if (text.includes(p)) s += PART_WEIGHT;
  return s;
}

/**
 * Bonus for code that defines something the question asks about: the exact symbol (large), a
 * name made of query words (`DEFAULT_TIMEOUT_CONFIG` for "default timeout"), or any definition
 * (small: a declaration tells more than a use).
 */
export function definitionBonus(code: string, terms: Terms): number {
  const name = definedName(code);
  if (name === undefined) return 0;
  if (terms.symbols.has(name)) return SYMBOL_DEF_BONUS;
  const ws = nameWords(name);
  let k = 0;
  for (const w of ws) if (terms.words.has(w) || terms.query.words.some((q) => q.length >= 4 && w.startsWith(q))) k++;
  if (k === 0) return 1;
  // the more of the name the question spells out, the likelier it is the thing asked about
  return 4 * k + 8 * (k / ws.length);
}

/** Multiplier for a path of a kind the question excludes ("not the .d.ts types", "excluding tests"). */
export const EXCLUDED_FACTOR = 0.3;
/** Multiplier for build outputs and type declarations when the question asks for source files. */
export const NOT_SOURCE_FACTOR = 0.6;

/**
 * Multiplier for where a hit lives: tests, docs and comments rank below code; paths the question
 * excludes rank lower still; build outputs and `.d.ts` files rank a little lower when the
 * question asks for source files.
 */
export function placeFactor(path: string, code: string, terms: Terms): number {
  let f = 1;
  if (!terms.wantsTests && isTestPath(path)) f *= 0.4;
  else if (!terms.wantsDocs && isDocPath(path)) f *= 0.4;
  if (isCommentLine(code)) f *= 0.6;
  if (excluded(path, terms)) f *= EXCLUDED_FACTOR;
  else if (terms.wantsSource && (pathIsClass(path, "build") || pathIsClass(path, "types"))) f *= NOT_SOURCE_FACTOR;
  return f;
}

/** True when the question excludes the kind of path `path` is. */
export function excluded(path: string, terms: Terms): boolean {
  const neg = terms.negation;
  if (!neg) return false;
  return isExcluded(path, neg, neg.words.length > 0 ? nameWords(path) : undefined, sameStem);
}

/** Two lower-cased words with the same stem. */
const sameStem = (a: string, b: string) => a === b || stem(a) === stem(b);

/**
 * Relevance of each distinct path to the question (its words and identifiers), for ranking the
 * hits inside it. Paths matter less than the text of a hit, so callers weigh this down.
 */
export function pathScores(paths: readonly string[], terms: Terms): Float64Array {
  if (terms.empty) return new Float64Array(paths.length);
  const s = scoreUnits(paths, terms.query);
  for (let i = 0; i < paths.length; i++) s[i]! += partScore(paths[i]!, terms);
  return s;
}
