/**
 * Cheap detection: JSON starts with `{` or `[` after whitespace, and the first token inside is one
 * JSON allows (`{"`, `[{`, `[1,`, `[true]` …), so a log line like `[2016-12-19 10:00:01] INFO`
 * or a markdown link `[docs](…)` is not taken for JSON. The scan decides for real; this only routes.
 * @module
 */

const FIRST_IN_ARRAY = /^\s*(?:[{["\]]|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?\s*[,\]]|(?:true|false|null)\s*[,\]])/;
const FIRST_IN_OBJECT = /^\s*["}]/;

/** 0.9 for a JSON-looking text, 0 otherwise. */
export function detectJson(text: string): number {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) continue;
    const next = text.slice(i + 1, i + 256);
    if (c === 0x7b) return FIRST_IN_OBJECT.test(next) || next.trim() === "" ? 0.9 : 0;
    if (c === 0x5b) return FIRST_IN_ARRAY.test(next) || next.trim() === "" ? 0.9 : 0;
    return 0;
  }
  return 0;
}
