/**
 * Cheap detection: JSON starts with `{` or `[` after whitespace, and the first token inside is one
 * JSON allows (`{"`, `[{`, `[1,`, `[true]` …), so a log line like `[2016-12-19 10:00:01] INFO`
 * or a markdown link `[docs](…)` is not taken for JSON. The scan decides for real; this only routes.
 * A text that also ends with the matching bracket scores 0.95: no other detector can then come
 * within the router's near-tie margin, so the router asks no other detector (the code detector
 * alone costs more than compressing a small JSON output).
 * @module
 */

const FIRST_IN_ARRAY = /^\s*(?:[{["\]]|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?\s*[,\]]|(?:true|false|null)\s*[,\]])/;
const FIRST_IN_OBJECT = /^\s*["}]/;

/** 0.95 for a JSON-looking text closed by the matching bracket, 0.9 for one that is not (cut off), 0 otherwise. */
export function detectJson(text: string): number {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    const next = text.slice(i + 1, i + 256);
    if (c === 0x7b) return FIRST_IN_OBJECT.test(next) || next.trim() === "" ? closedBy(text, 0x7d) : 0;
    if (c === 0x5b) return FIRST_IN_ARRAY.test(next) || next.trim() === "" ? closedBy(text, 0x5d) : 0;
    return 0;
  }
  return 0;
}

function closedBy(text: string, close: number): number {
  let j = text.length - 1;
  while (j > 0 && isSpace(text.charCodeAt(j))) j--;
  return text.charCodeAt(j) === close ? 0.95 : 0.9;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}
