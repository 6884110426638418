/**
 * Content a user pasted into their own message (a log, a file, a JSON dump), told apart from the
 * words they wrote around it. Only the paste is compressed (opt-in `userContent`); the user's own
 * words before and after it stay verbatim, and they are the question the paste is compressed for.
 * @module
 */

/** A user text cut into the user's words around the paste and the paste itself. */
export interface Paste {
  /** The user's words before the paste, verbatim (with the separator that ends them). */
  head: string;
  /** The pasted content. */
  body: string;
  /** The user's words after the paste, verbatim (with the separator that starts them). */
  tail: string;
}

/** The longest a paragraph of the user's own words is taken to be. */
const OWN_WORDS = 2000;
const FENCE = /^(```|~~~)[^\n]*\n/gm;

/**
 * Splits a user text: the largest fenced block when there is one (its fences stay with the user's
 * words), else everything between the first and the last paragraph (each at most 2,000
 * characters; a text with no blank line is all paste).
 * @example splitPaste("Why does this fail?\n```\n<log>\n```\nThanks").body === "<log>\n"
 */
export function splitPaste(text: string): Paste {
  let best: { start: number; end: number } | undefined;
  FENCE.lastIndex = 0;
  for (let m = FENCE.exec(text); m; m = FENCE.exec(text)) {
    const start = m.index + m[0].length;
    const close = text.indexOf(`\n${m[1]}`, start - 1);
    if (close < 0) break;
    if (!best || close - start > best.end - best.start) best = { start, end: close + 1 };
    FENCE.lastIndex = close + 1 + m[1]!.length;
  }
  if (best) return { head: text.slice(0, best.start), body: text.slice(best.start, best.end), tail: text.slice(best.end) };
  const first = text.indexOf("\n\n");
  const last = text.lastIndexOf("\n\n");
  const head = first >= 0 && first < OWN_WORDS ? text.slice(0, first + 2) : "";
  const tailAt = last >= head.length && text.length - last < OWN_WORDS ? last : text.length;
  return { head, body: text.slice(head.length, tailAt), tail: text.slice(tailAt) };
}
