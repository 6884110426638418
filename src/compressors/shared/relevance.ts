/**
 * Query relevance of text units (lines, sentences, paragraphs, functions): BM25 over the query's
 * words, plus a large bonus per query identifier found byte-for-byte. Identifiers name exactly
 * one thing (an id, a path, a symbol), so one hit outranks any number of common words. A compound
 * name the question spells out in words ("follow redirects") is met inside camelCase and
 * snake_case names too (`followRedirects`, `_end_offset`), and such a name counts extra: it is
 * that very thing, not the two words by chance.
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
    // camelCase names are one word above; their parts count for the query words they hold
    if (qw.length > 0 && HUMP.test(units[i]!)) {
      for (const token of units[i]!.match(CAMEL_TOKEN) ?? []) {
        const whole = lowerAscii(token);
        const parts = identifierParts(token);
        for (let q = 0; q < qw.length; q++) {
          const t = qw[q]!;
          if (whole === t || (t.length >= 4 && whole.startsWith(t))) continue; // counted already
          if (parts.some((p) => p === t || (t.length >= 4 && p.startsWith(t)))) m.set(q, (m.get(q) ?? 0) + 1);
        }
      }
    }
    for (const q of m.keys()) df[q]!++;
    tf.push(m);
  }
  const avg = totalLen / Math.max(1, units.length) || 1;
  const n = units.length;
  const idf = (q: number) => Math.log(1 + (n - df[q]! + 0.5) / (df[q]! + 0.5));
  const phrases = (query.phrases ?? []).map((p) => p.map((w) => qw.indexOf(w))).filter((p) => p.every((q) => q >= 0));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const [q, f] of tf[i]!) {
      s += (idf(q) * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * lens[i]!) / avg));
    }
    // a name made of a phrase's words: worth those words once more
    for (const p of phrases) {
      if (p.filter((q) => tf[i]!.has(q)).length < 2) continue;
      const run = longestPhraseRun(units[i]!, p.map((q) => qw[q]!));
      for (let k = run.from; k < run.from + run.length; k++) s += idf(p[k]!);
    }
    scores[i] = s + IDENTIFIER_WEIGHT * identifierHits(units[i]!, query);
  }
  return scores;
}

// A lower-case letter or digit followed by a capital: a camelCase hump.
const HUMP = /[a-z0-9][A-Z]/;
// Tokens with a hump, in the same character classes as `words` (ASCII letters and digits, and non-ASCII).
const CAMEL_TOKEN = /[A-Za-z0-9\u0080-\uffff]*[a-z0-9][A-Z][A-Za-z0-9\u0080-\uffff]*/g;
// A name: letters, digits, `_`, `$` and inner `-` (`follow-redirects`).
const NAME_TOKEN = /[A-Za-z0-9_$\u0080-\uffff]+(?:-[A-Za-z0-9_$\u0080-\uffff]+)*/g;

const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

/**
 * Lower-case parts of a camelCase, PascalCase, snake_case or kebab-case name.
 * @example identifierParts("_end_offset") // ["end", "offset"]
 * @example identifierParts("followRedirects") // ["follow", "redirects"]
 * @example identifierParts("HTTPServerV2") // ["http", "server", "v2"]
 */
export function identifierParts(name: string): string[] {
  return lowerAscii(name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2"))
    .split(/[^a-z0-9\u0080-\uffff]+/)
    .filter(Boolean);
}

/** A name part stands for a query word: equal, or one a short ending of the other (`redirect` ↔ `redirects`, `offsets`). */
function partIs(part: string, word: string): boolean {
  if (part === word) return true;
  const [a, b] = part.length < word.length ? [part, word] : [word, part];
  return a.length >= 4 && b.length - a.length <= 3 && b.startsWith(a);
}

/**
 * The longest run (2+ words) of a phrase that one name in `text` spells in its parts, in order
 * and next to each other: `["follow", "redirects"]` in `opts.followRedirects`, `["end", "offset"]`
 * in `self._end_offset`. Only names of two or more parts count (prose words side by side do not).
 * @returns where the run starts in the phrase and its length (0 when none)
 * @example longestPhraseRun("if (opts.followRedirects) {", ["follow", "redirects"]) // { from: 0, length: 2 }
 */
export function longestPhraseRun(text: string, phrase: readonly string[]): { from: number; length: number } {
  let best = { from: 0, length: 0 };
  for (const token of text.match(NAME_TOKEN) ?? []) {
    if (!/[_$-]|[a-z0-9][A-Z]/.test(token)) continue;
    const parts = identifierParts(token);
    if (parts.length < 2) continue;
    for (let a = 0; a < parts.length; a++) {
      for (let f = 0; f < phrase.length; f++) {
        let k = 0;
        while (a + k < parts.length && f + k < phrase.length && partIs(parts[a + k]!, phrase[f + k]!)) k++;
        if (k >= 2 && k > best.length) best = { from: f, length: k };
      }
    }
  }
  return best;
}

/**
 * True when some name in `text` spells a 2+ word run of one of the query's phrases
 * (`_end_offset` for "end offset", `followRedirects` for "follow redirects").
 * @example namesPhrase("self._end_offset = end", parseQuery("where does the end offset come from?")) // true
 */
export function namesPhrase(text: string, query: ParsedQuery): boolean {
  for (const p of query.phrases ?? []) if (longestPhraseRun(text, p).length >= 2) return true;
  return false;
}
