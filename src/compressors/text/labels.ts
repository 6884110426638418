/**
 * Bare severity labels in text. Tool output pasted into a document (or routed here because it
 * is not record-shaped) often prints the level on a line of its own and the message below it:
 *
 * ```
 * Warning:
 * The certificate will expire within six months.
 * ```
 *
 * The label line is trouble and is kept, but alone it says nothing: the message is the evidence.
 * So a bare label's message — the line units right after it in the same block (blocks end at a
 * blank line), up to the next bare label, at most {@link LABEL_FOLLOW} lines — goes wherever
 * the label goes (see select.ts).
 * @module
 */
import { isBareLabel, LABEL_FOLLOW } from "../log/labels.js";
import type { Unit } from "./units.js";

/**
 * Per unit: the last unit of its message when the unit is a bare severity label line with a
 * message below it in the same block, else -1.
 * @param text the document
 * @param units its units, in document order
 * @example
 * // "Error:\nDisk full.\n" → units [line "Error:", line "Disk full."]
 * labelMessages(text, units) // Int32Array [1, -1]
 */
export function labelMessages(text: string, units: readonly Unit[]): Int32Array {
  const out = new Int32Array(units.length).fill(-1);
  const isLabel = (u: Unit) => u.first === u.last && u.end - u.start <= 80 && isBareLabel(text.slice(u.start, u.end));
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (!isLabel(u)) continue;
    let last = -1;
    for (let j = i + 1; j < units.length; j++) {
      const v = units[j]!;
      if (v.block !== u.block || v.first <= u.last || v.last - u.last > LABEL_FOLLOW || isLabel(v)) break;
      last = j;
    }
    out[i] = last;
  }
  return out;
}
