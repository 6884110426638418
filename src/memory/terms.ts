/**
 * Search terms: lower-case words with a light suffix strip, minus stop words. Used by the
 * in-process and IndexedDB token indexes and to build the SQLite FTS5 query.
 * @module
 */

const STOP = new Set(
  "a an and are as at be but by do does for from has have how i if in into is it its of on or so that the their then there these this to was we what when where which who why will with you your".split(" "),
);

// "runn" → "run", "stopp" → "stop" (but "pass" stays).
const undouble = (w: string) => (/([bdfgmnprt])\1$/.test(w) ? w.slice(0, -1) : w);

/** Strips common English endings so "tests", "tested" and "testing" meet "test". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return undouble(word.slice(0, -3));
  if (word.length > 4 && word.endsWith("ed")) return undouble(word.slice(0, -2));
  if (word.length > 4 && word.endsWith("es") && /(?:ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/**
 * The search terms of a text, in order of first appearance, without repeats.
 * @example
 * searchTerms("How are the tests run?"); // ["test", "run"]
 */
export function searchTerms(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    const w = m[0];
    if (STOP.has(w) || (w.length < 2 && !/\d/.test(w))) continue;
    const t = stem(w);
    if (!seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out;
}

/** Every term occurrence of a text (with repeats), for term frequencies. */
export function termList(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    const w = m[0];
    if (STOP.has(w) || (w.length < 2 && !/\d/.test(w))) continue;
    out.push(stem(w));
  }
  return out;
}
