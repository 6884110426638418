/**
 * The shared BM25 + identifier score (`scoreUnits` in ../shared/relevance.ts: same constants, same
 * word rule, same results) computed over spans of one text instead of an array of strings. It
 * scans the text once per query word and once per identifier and never splits a unit into words,
 * so a million units cost no allocation per unit (the shared version builds a word list and a map
 * for each, which on a million lines spends most of its time collecting garbage).
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import { IDENTIFIER_WEIGHT } from "../shared/relevance.js";

/** Scores and counts of {@link scoreSpans}. */
export interface SpanScores {
  /** BM25 of the words plus `IDENTIFIER_WEIGHT` per identifier contained, per unit. */
  scores: Float64Array;
  /** Units each query word occurs in. */
  df: Uint32Array;
  /** Distinct query identifiers per unit. */
  idHits: Uint8Array;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;
const ALNUM = "0-9A-Za-z\\u0080-\\uffff";

/**
 * Scores units given as `[starts[i], ends[i])` spans of `text` (sorted, not overlapping).
 * @example scoreSpans("GET /robots.txt 301\nGET / 200", [0, 20], [19, 29], parseQuery("robots.txt status")).scores // [>0, 0]
 */
export function scoreSpans(text: string, starts: ArrayLike<number>, ends: ArrayLike<number>, query: ParsedQuery): SpanScores {
  const n = starts.length;
  const qw = query.words;
  const k = qw.length;
  const scores = new Float64Array(n);
  const df = new Uint32Array(k);
  const idHits = new Uint8Array(n);
  if (k > 0) {
    // word counts per unit, the way core/query.ts `words` splits
    const lens = new Uint32Array(n);
    let total = 0;
    for (let u = 0; u < n; u++) {
      let c = 0;
      let inWord = false;
      for (let i = starts[u]!; i < ends[u]!; i++) {
        const a = isAlnum(text.charCodeAt(i));
        if (a && !inWord) c++;
        inWord = a;
      }
      lens[u] = c;
      total += c;
    }
    const avg = total / Math.max(1, n) || 1;
    const tf = new Uint16Array(n * k);
    for (let q = 0; q < k; q++) {
      const w = qw[q]!.replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&");
      // a whole word, or (4+ letters) the start of one; ASCII case-insensitive like lowerAscii
      const re = new RegExp(`(?<![${ALNUM}])${w}${qw[q]!.length >= 4 ? "" : `(?![${ALNUM}])`}`, "gi");
      let u = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const p = m.index;
        while (u < n && ends[u]! <= p) u++;
        if (u >= n) break;
        if (p < starts[u]!) continue;
        const cell = u * k + q;
        if (tf[cell] === 0) df[q]!++;
        if (tf[cell]! < 65535) tf[cell]!++;
      }
    }
    for (let u = 0; u < n; u++) {
      let s = 0;
      for (let q = 0; q < k; q++) {
        const f = tf[u * k + q]!;
        if (f === 0) continue;
        const idf = Math.log(1 + (n - df[q]! + 0.5) / (df[q]! + 0.5));
        s += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * lens[u]!) / avg));
      }
      scores[u] = s;
    }
  }
  for (const id of query.identifiers) {
    let u = 0;
    let last = -1;
    for (let p = text.indexOf(id); p >= 0; p = text.indexOf(id, p + 1)) {
      while (u < n && ends[u]! < p + id.length) u++;
      if (u >= n) break;
      if (p < starts[u]! || u === last) continue;
      idHits[u]!++;
      last = u;
    }
  }
  for (let u = 0; u < n; u++) if (idHits[u]) scores[u] = scores[u]! + IDENTIFIER_WEIGHT * idHits[u]!;
  return { scores, df, idHits };
}
