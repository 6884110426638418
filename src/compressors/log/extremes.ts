/**
 * Extremes of a template's numbers. Lines of one template differ in their masked runs — numbers,
 * most often — so "which pause took longest", "the slowest request", "the biggest batch" are
 * answered by the line holding a slot's maximum (or minimum). Only the message's numbers count,
 * not the timestamp in front of it.
 * @module
 */
import type { LineTable } from "./lines.js";
import type { Templates } from "./templates.js";

/** Numeric slots looked at per template (the first ones of the message). */
export const MAX_SLOTS = 4;
/** Lines of one template scanned at most (a bound on the cost for huge templates). */
export const MAX_SCAN = 200_000;

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;
// The message starts at the first word of 4+ letters: numbers before it are the record's date,
// time, host or uptime, whose extremes are just the first and last lines.
const WORD = /[A-Za-z]{4,}/;

function numbers(line: string): RegExpMatchArray | null {
  const w = line.search(WORD);
  return w < 0 ? null : line.slice(w).match(NUMBER);
}

/**
 * Lines holding the minimum and maximum of each varying numeric slot of template `k`.
 * @returns line indices, ascending, without duplicates
 * @example extremeLines(t, tpl, k) // e.g. [1966] — the mixed GC pause of 0.0384552 secs
 */
export function extremeLines(t: LineTable, tpl: Templates, k: number): number[] {
  const n = t.n;
  const first = tpl.first[k]!;
  const slots = (numbers(t.text(first)) ?? []).length;
  if (slots === 0) return [];
  const m = Math.min(slots, MAX_SLOTS);
  const min = new Float64Array(m).fill(Infinity);
  const max = new Float64Array(m).fill(-Infinity);
  const minLine = new Int32Array(m).fill(-1);
  const maxLine = new Int32Array(m).fill(-1);
  let scanned = 0;
  for (let i = first; i < n && scanned < MAX_SCAN; i = tpl.next[i]!, scanned++) {
    const nums = numbers(t.text(i));
    if (nums === null || nums.length !== slots) continue; // another shape under the same mask
    for (let s = 0; s < m; s++) {
      const v = Number(nums[s]);
      if (v < min[s]!) { min[s] = v; minLine[s] = i; }
      if (v > max[s]!) { max[s] = v; maxLine[s] = i; }
    }
  }
  const out = new Set<number>();
  for (let s = 0; s < m; s++) {
    if (!(max[s]! > min[s]!)) continue; // constant slot
    out.add(minLine[s]!);
    out.add(maxLine[s]!);
  }
  return [...out].sort((a, b) => a - b);
}
