/**
 * Query relevance of text units (lines, sentences, paragraphs, functions): BM25 over the query's
 * words, plus a large bonus per query identifier found byte-for-byte. Identifiers name exactly
 * one thing (an id, a path, a symbol), so one hit outranks any number of common words.
 * @module
 */
import { words, type ParsedQuery } from "../../core/query.js";

/** Score of one identifier hit; larger than any plausible BM25 sum of words. */
export const IDENTIFIER_WEIGHT = 100;

/** Counts of each query identifier found in `text` (case-sensitive, byte-for-byte). */
export function identifierHits(text: string, query: ParsedQuery): number {
  let hits = 0;
  for (const id of query.identifiers) if (text.includes(id)) hits++;
  return hits;
}

/**
 * BM25 (k1 1.2, b 0.75) of each unit against the query words, plus `IDENTIFIER_WEIGHT` per
 * identifier the unit contains. Words match whole, ASCII case-insensitively, or as a prefix of
 * a longer word when the query word has 4+ letters (`redirect` finds `redirects`).
 * @returns one score per unit; 0 when the query is empty or nothing matches
 * @example scoreUnits(["GET /robots.txt 301", "GET / 200"], parseQuery("robots.txt status")) // [>0, 0]
 */
export function scoreUnits(units: readonly string[], query: ParsedQuery): Float64Array {
  const scores = new Float64Array(units.length);
  const qw = query.words;
  if (qw.length === 0 && query.identifiers.length === 0) return scores;
  const tf: Array<Map<number, number>> = [];
  const df = new Uint32Array(qw.length);
  let totalLen = 0;
  const lens = new Uint32Array(units.length);
  for (let i = 0; i < units.length; i++) {
    const ws = qw.length > 0 ? words(units[i]!) : [];
    lens[i] = ws.length;
    totalLen += ws.length;
    const m = new Map<number, number>();
    for (const w of ws) {
      for (let q = 0; q < qw.length; q++) {
        const t = qw[q]!;
        if (w === t || (t.length >= 4 && w.startsWith(t))) m.set(q, (m.get(q) ?? 0) + 1);
      }
    }
    for (const q of m.keys()) df[q]!++;
    tf.push(m);
  }
  const avg = totalLen / Math.max(1, units.length) || 1;
  const n = units.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const [q, f] of tf[i]!) {
      const idf = Math.log(1 + (n - df[q]! + 0.5) / (df[q]! + 0.5));
      s += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * lens[i]!) / avg));
    }
    scores[i] = s + IDENTIFIER_WEIGHT * identifierHits(units[i]!, query);
  }
  return scores;
}
