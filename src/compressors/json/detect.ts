/**
 * Cheap detection: JSON starts with `{` or `[` after whitespace; JSON Lines is several lines that
 * each start with `{`. The scan decides for real; this only routes.
 * @module
 */

/** 0.9 for a JSON-looking text, 0 otherwise. */
export function detectJson(text: string): number {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) continue;
    return c === 0x7b || c === 0x5b ? 0.9 : 0;
  }
  return 0;
}
