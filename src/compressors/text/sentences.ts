/**
 * Sentence boundaries in prose. A sentence ends at `.`, `!` or `?` (plus closing quotes, brackets
 * or emphasis marks) followed by white space and a capital, a digit, an opening mark or the end.
 * Not an end: abbreviations (`e.g.`, `etc.`, `Dr.`), initials (`J. Smith`), enumerators at a line
 * start (`1. Install`); decimals, versions (`1.41.0`), paths and URLs never qualify because no
 * white space follows their dots. Very long sentences are cut at white space into chunks, so a
 * 100 KB line without punctuation still has units.
 * @module
 */

/** Sentences longer than this (UTF-16 units) are cut into chunks of about `CHUNK`. */
export const MAX_SENTENCE = 1_500;
const CHUNK = 800;

const ABBREVIATIONS = new Set(
  ("e.g i.e etc vs cf al approx ca incl excl resp esp viz mr mrs ms dr prof sr jr st mt fig figs no nos vol vols " +
    "ch sec eq eqs p pp ed eds op inc ltd co corp dept est min max misc jan feb mar apr jun jul aug sep sept oct nov dec " +
    "mon tue wed thu fri sat sun u.s u.k a.m p.m ph.d").split(" "),
);

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isUpper = (c: number) => (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde);
const isDigit = (c: number) => c >= 48 && c <= 57;
// Marks that may close a sentence after its full stop: quotes, brackets, emphasis, backticks.
const CLOSERS = "\"')]}*_`’”»";
// Marks that may open the next sentence.
const OPENERS = "\"'([{*_`‘“«#>-";

/**
 * Sentence spans `[start, end)` inside `text.slice(from, to)`, in order, trimmed of white space.
 * Together they cover every non-space character of the range.
 * @example splitSentences("Use v1.2.3 now. It works.", 0, 25) // [[0, 15], [16, 25]]
 */
export function splitSentences(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = from;
  while (start < to && isSpace(text.charCodeAt(start))) start++;
  for (let i = start; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63) continue; // . ! ?
    let e = i + 1;
    while (e < to && (text.charCodeAt(e) === 46 || text.charCodeAt(e) === 33 || text.charCodeAt(e) === 63)) e++;
    while (e < to && CLOSERS.includes(text[e]!)) e++;
    if (e < to && !isSpace(text.charCodeAt(e))) continue;
    let next = e;
    while (next < to && isSpace(text.charCodeAt(next))) next++;
    if (next < to) {
      const nc = text.charCodeAt(next);
      if (!isUpper(nc) && !isDigit(nc) && !OPENERS.includes(text[next]!)) continue;
    }
    if (c === 46 && e === i + 1 && !endsSentence(text, start, i)) continue;
    out.push([start, e]);
    start = next;
    i = next - 1;
  }
  if (start < to) {
    let end = to;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end > start) out.push([start, end]);
  }
  return cutLong(text, out);
}

// Whether the full stop at `dot` ends a sentence, judged by the word before it.
function endsSentence(text: string, sentenceStart: number, dot: number): boolean {
  let w = dot;
  while (w > sentenceStart && !isSpace(text.charCodeAt(w - 1)) && text[w - 1] !== "(") w--;
  const word = text.slice(w, dot);
  if (word.length === 0) return true;
  if (ABBREVIATIONS.has(word.toLowerCase().replace(/^[*_`"']+/, ""))) return false;
  if (/^[A-Z]$/.test(word)) return false; // an initial: J. Smith
  if (/^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word)) return false; // e.g / U.S / i.e written without the last dot
  // "1." or "iv." at the start of a line is an enumerator, not an end
  if (/^(?:\d{1,3}|[ivxIVX]{1,4})$/.test(word)) {
    let k = w - 1;
    while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
    if (k < 0 || text.charCodeAt(k) === 10) return false;
  }
  return true;
}

// Cuts sentences over MAX_SENTENCE into chunks so that no unit is unboundedly large.
function cutLong(text: string, spans: Array<[number, number]>): Array<[number, number]> {
  if (spans.every(([s, e]) => e - s <= MAX_SENTENCE)) return spans;
  const out: Array<[number, number]> = [];
  for (const [s, e] of spans) {
    if (e - s <= MAX_SENTENCE) out.push([s, e]);
    else out.push(...chunkSpans(text, s, e));
  }
  return out;
}

/**
 * Cuts `[from, to)` into chunks of about 800 characters: at white space when there is some in the
 * second half of the window, else after `;` `,` `}` `)` `>`, else hard (never inside a surrogate
 * pair). Chunks are trimmed of white space. For minified code and other endless lines.
 * @example chunkSpans("a ".repeat(1000), 0, 2000).length // 3
 */
export function chunkSpans(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let a = from;
  while (a < to && isSpace(text.charCodeAt(a))) a++;
  while (a < to) {
    let b = to;
    if (to - a > MAX_SENTENCE) {
      b = -1;
      for (let k = a + CHUNK; k > a + CHUNK / 2; k--) if (isSpace(text.charCodeAt(k))) { b = k; break; }
      if (b < 0) for (let k = a + CHUNK; k > a + CHUNK / 2; k--) if (";,})>".includes(text[k - 1]!)) { b = k; break; }
      if (b < 0) {
        b = a + CHUNK;
        const c = text.charCodeAt(b - 1);
        if (c >= 0xd800 && c <= 0xdbff) b++;
      }
    }
    let e = b;
    while (e > a && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > a) out.push([a, e]);
    a = b;
    while (a < to && isSpace(text.charCodeAt(a))) a++;
  }
  return out;
}
