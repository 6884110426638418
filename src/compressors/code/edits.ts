/**
 * Applies edits to a text and remembers where each landed, so a parse error in the output can be
 * traced back to the edit that caused it; converts UTF-16 unit spans to UTF-8 byte spans.
 * @module
 */
import type { Edit } from "./render.js";

/** The edited text, and each edit's span in it. */
export interface Applied {
  text: string;
  /** Output span of edit i: `[outStart[i], outEnd[i])`. */
  outStart: Uint32Array;
  outEnd: Uint32Array;
}

/**
 * Applies sorted, non-overlapping edits (an edit that overlaps an earlier one is skipped).
 * @example applyEdits("abcdef", [{ start: 1, end: 3, text: "X" }]).text // "aXdef"
 */
export function applyEdits(text: string, edits: readonly Edit[]): Applied {
  const parts: string[] = [];
  const outStart = new Uint32Array(edits.length);
  const outEnd = new Uint32Array(edits.length);
  let pos = 0;
  let out = 0;
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i]!;
    if (e.start < pos) {
      outStart[i] = outEnd[i] = out;
      continue;
    }
    parts.push(text.slice(pos, e.start));
    out += e.start - pos;
    outStart[i] = out;
    parts.push(e.text);
    out += e.text.length;
    outEnd[i] = out;
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return { text: parts.join(""), outStart, outEnd };
}

/**
 * The edits to blame for parse errors at the given output spans: those overlapping an error (or
 * touching it), else the nearest one before it.
 */
export function blame(applied: Applied, errors: ReadonlyArray<{ start: number; end: number }>): Set<number> {
  const bad = new Set<number>();
  const n = applied.outStart.length;
  for (const err of errors) {
    let found = false;
    let nearest = -1;
    for (let i = 0; i < n; i++) {
      const s = applied.outStart[i]!;
      const e = applied.outEnd[i]!;
      if (s <= err.end + 1 && e + 1 >= err.start) {
        bad.add(i);
        found = true;
      }
      if (s <= err.start) nearest = i;
    }
    if (!found && nearest >= 0) bad.add(nearest);
    if (!found && nearest < 0 && n > 0) bad.add(0);
  }
  return bad;
}

/** The input span an output offset came from: an edit's whole span, or the shifted offset. */
export function toInput(applied: Applied, edits: readonly Edit[], pos: number): [number, number] {
  let lo = 0;
  let hi = edits.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (applied.outStart[mid]! <= pos) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (k < 0) return [pos, pos];
  const e = edits[k]!;
  if (pos < applied.outEnd[k]!) return [e.start, e.end];
  const p = e.end + (pos - applied.outEnd[k]!);
  return [p, p];
}

/** Output errors that do not sit where the input had an error: the ones the edits made. */
export function newErrors(
  outErrors: ReadonlyArray<{ start: number; end: number }>, inErrors: ReadonlyArray<{ start: number; end: number }>,
  applied: Applied, edits: readonly Edit[],
): Array<{ start: number; end: number }> {
  return outErrors.filter((err) => {
    const a = toInput(applied, edits, err.start)[0];
    const b = toInput(applied, edits, Math.max(err.start, err.end - 1))[1];
    return !inErrors.some((old) => old.start <= b + 1 && old.end + 1 >= a);
  });
}

/**
 * UTF-16 spans → UTF-8 byte spans (flat `start, end, …`), in one pass over the text. Spans must
 * be sorted by start.
 */
export function toByteSpans(text: string, spans: ReadonlyArray<[number, number]>, ascii: boolean): Uint32Array {
  const out = new Uint32Array(spans.length * 2);
  if (ascii) {
    spans.forEach(([a, b], i) => {
      out[2 * i] = a;
      out[2 * i + 1] = b;
    });
    return out;
  }
  // Every offset, sorted, converted while walking the text once.
  const offsets = spans.flatMap(([a, b], i) => [[a, 2 * i], [b, 2 * i + 1]] as Array<[number, number]>).sort((x, y) => x[0] - y[0]);
  let pos = 0;
  let bytes = 0;
  for (const [off, slot] of offsets) {
    for (; pos < off; pos++) {
      const c = text.charCodeAt(pos);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && pos + 1 < text.length) {
        bytes += 4;
        pos++;
      } else bytes += 3;
    }
    out[slot] = bytes;
  }
  return out;
}

/** Sorts spans and drops those inside an earlier one (units must not repeat text). */
export function disjointSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Array<[number, number]> = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] < last[1]) continue;
    out.push(s);
  }
  return out;
}
