/**
 * Picks the parts of a stored original that a question needs, for `retrieve(ref, { query })`.
 * Units are never altered: what comes back is a subsequence of the original's units, verbatim.
 * @module
 */
import { parseQuery, words } from "../core/query.js";
import type { StoreEntry } from "../core/types.js";

/** Options of {@link selectMatching}. */
export interface SelectOptions {
  /** Most units returned; when more match, the best-scoring ones are kept. Default 200. */
  maxUnits?: number;
}

/** What {@link selectMatching} found. */
export interface Selection {
  /** The kept units in original order, joined with `"\n"`; `""` when nothing matched. */
  text: string;
  /** Units that matched the query (may exceed `maxUnits`; `text` then holds the best `maxUnits`). */
  matched: number;
  /** Units in the original. */
  total: number;
}

const DEFAULTS = Object.freeze({ maxUnits: 200 } satisfies Required<SelectOptions>);

// An exact identifier names the thing asked about; a shared word only hints at it.
const IDENTIFIER_SCORE = 10;
const WORD_SCORE = 1;

/**
 * The units of an entry as `[start, end)` spans: its own spans, else its lines (without the `\n`).
 * Own spans may cover only part of the original (a log compressor's units are the runs it
 * dropped); the lines between them are units too, so a query searches the whole original. Gaps of
 * bare punctuation (a JSON array's commas) are not.
 */
function unitSpans(entry: StoreEntry): Array<[number, number]> {
  let own: Array<[number, number]> | undefined;
  if (entry.units instanceof Uint32Array) {
    own = [];
    for (let k = 0; k + 1 < entry.units.length; k += 2) own.push([entry.units[k]!, entry.units[k + 1]!]);
  } else if (entry.units !== undefined) own = [...entry.units];
  const s = entry.original;
  if (own === undefined) return lineSpans(s, 0, s.length);
  own.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const spans: Array<[number, number]> = [];
  let at = 0;
  for (const span of own) {
    if (span[0] > at) spans.push(...lineSpans(s, at, span[0]).filter(([a, b]) => /[\p{L}\p{N}]/u.test(s.slice(a, b))));
    spans.push(span);
    at = Math.max(at, span[1]);
  }
  if (at < s.length) spans.push(...lineSpans(s, at, s.length).filter(([a, b]) => /[\p{L}\p{N}]/u.test(s.slice(a, b))));
  return spans;
}

/** The lines of `s` between `from` and `to`, as spans without their `\n`. */
function lineSpans(s: string, from: number, to: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = from;
  for (let nl = s.indexOf("\n", start); nl >= 0 && nl < to; nl = s.indexOf("\n", start)) {
    spans.push([start, nl]);
    start = nl + 1;
  }
  if (start < to) spans.push([start, to]);
  return spans;
}

/**
 * Scores every unit against the query (+10 per query identifier it contains, case-sensitive; +1
 * per distinct query word among its words) and keeps those scoring above zero.
 * @param entry - the stored original, with its unit spans if it has them
 * @param query - the agent's question
 * @param opts - see {@link SelectOptions}
 * @returns the matching units, in original order
 * @example
 * selectMatching(entry, "why did `deploy-prod` fail?").text
 */
export function selectMatching(entry: StoreEntry, query: string, opts?: SelectOptions): Selection {
  const maxUnits = Math.max(0, Math.floor(opts?.maxUnits ?? DEFAULTS.maxUnits));
  const { words: qWords, identifiers } = parseQuery(query);
  const spans = unitSpans(entry);
  const hits: Array<{ index: number; start: number; score: number; text: string }> = [];
  spans.forEach(([start, end], index) => {
    const text = entry.original.slice(start, end);
    let score = 0;
    for (const id of identifiers) if (text.includes(id)) score += IDENTIFIER_SCORE;
    if (qWords.length > 0) {
      const own = new Set(words(text));
      for (const w of qWords) if (own.has(w)) score += WORD_SCORE;
    }
    if (score > 0) hits.push({ index, start, score, text });
  });
  // Best first, earlier first among equals (stable and deterministic), then back to original order.
  const kept =
    hits.length > maxUnits ? [...hits].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, maxUnits) : hits;
  kept.sort((a, b) => a.start - b.start || a.index - b.index);
  return { text: kept.map((h) => h.text).join("\n"), matched: hits.length, total: spans.length };
}
