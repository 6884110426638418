/**
 * Bare severity labels. Some tools print the level on a line of its own and the message below it:
 *
 * ```
 * Error:
 *   Package 'foo' has no installation candidate
 * [WARNING]
 * The requested profile "ci" could not be activated
 * ```
 *
 * The label line is trouble and is kept, but alone it says nothing: what went wrong is on the
 * next line(s). So a bare label brings its message — the lines after it up to the next blank
 * line, label or record start (a timestamped line), at most {@link LABEL_FOLLOW} lines.
 * @module
 */
import { Kind } from "./classify.js";
import type { LineTable } from "./lines.js";

/** Message lines a bare label brings at most. */
export const LABEL_FOLLOW = 5;
/** Longer lines are never bare labels (and the pattern never runs on a huge line). */
const MAX_LABEL_CHARS = 80;

// An optional timestamp/clock lead, then one level word, alone (in brackets, with a colon).
const LABEL = /^\s*(?:(?:\[\s*[\d:.,\-+TZ/ ]+\]|\d[\d:.,\-+TZ/]*)\s+){0,3}[[(<]?(?:error|errors|err|e|warning|warnings|warn|w|fatal|critical|crit|severe|failure|failed|fail|exception|panic|alert|emerg|emergency|notice|note|caution|info|debug|trace)[\])>]?\s*:?\s*$/i;

/**
 * True when the line is only a severity label (`Error:`, `WARNING`, `[ERROR]`, `12:00:01 error:`).
 * @example isBareLabel("Error:") // true
 * @example isBareLabel("Error: disk full") // false
 */
export function isBareLabel(line: string): boolean {
  if (line.length > MAX_LABEL_CHARS) return false;
  // a lone "E" / "W" is a label only with its colon (`E:`), not a stray letter
  if (/^\s*[EeWw]\s*$/.test(line)) return false;
  return LABEL.test(line);
}

/**
 * The message lines after bare label line `i`: from `i + 1` up to (not including) the next blank
 * line, bare label or record start, at most {@link LABEL_FOLLOW} lines.
 * @param kindOf the {@link Kind} flags of a line
 * @param label whether a line is a bare label
 * @returns the end (exclusive) of the message: `i + 1` when there is none
 * @example labelMessageEnd(t, 3, kindOf, label) // 5: lines 4 and 5 are the message of label line 3
 */
export function labelMessageEnd(t: LineTable, i: number, kindOf: (i: number) => number, label: (i: number) => boolean): number {
  let end = i + 1;
  while (end < t.n && end - i <= LABEL_FOLLOW) {
    const kd = kindOf(end);
    if (kd & Kind.BLANK || label(end)) break;
    // a new timestamped record starts a new event, unless it is the first line: a label's message
    // may itself carry the timestamp of the tool that printed it
    if (end > i + 1 && kd & Kind.START) break;
    end++;
  }
  return end;
}
