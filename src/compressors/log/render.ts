/**
 * Writes the kept lines verbatim in source order and one omission marker per run of dropped
 * lines. A run that is mostly one template says so (`…, all like: Failed password for <*> …`),
 * which is how thousands of repeats collapse into one line with a count. Also returns the byte
 * spans of the dropped runs as retrievable units.
 * @module
 */
import { formatCount, lineSpan, omission } from "../shared/marker.js";
import type { LineTable } from "./lines.js";
import { NO_SHAPE, shapeDisplay, type Shapes } from "./shapes.js";
import { templateDisplay, type Templates } from "./templates.js";

/** Longest unit (in lines) a dropped run is cut into for query retrieval. */
export const UNIT_LINES = 32;

/** The rendered output. */
export interface Rendered {
  text: string;
  /** Flat byte spans of the dropped lines, in chunks of at most {@link UNIT_LINES}. */
  units: Uint32Array;
  /** Omission markers written. */
  markers: number;
  /** Lines dropped. */
  omitted: number;
}

/**
 * Renders a selection.
 * @param t the line table
 * @param tpl the templates
 * @param keep non-zero for kept lines
 * @param ref the ref of the stored original
 * @param eol line ending to join with (`"\n"`, or `"\r\n"` for CRLF input)
 * @param finalEol whether the input ended with a line ending
 * @param cheap true when omitting line i would cost more than printing it (tiny gaps)
 */
export function render(t: LineTable, tpl: Templates, shapes: Shapes, keep: Uint16Array, ref: string, eol: string, finalEol: boolean, cheap: (i: number) => boolean, head: (i: number) => boolean): Rendered {
  const parts: string[] = [];
  const units: number[] = [];
  let markers = 0;
  let omitted = 0;
  const { n, spans } = t;
  let i = 0;
  while (i < n) {
    if (keep[i]) {
      parts.push(t.text(i));
      i++;
      continue;
    }
    let j = i;
    while (j < n && !keep[j]) j++;
    // [i, j) is a dropped run; one cheap line is printed rather than marked
    if (j - i === 1 && cheap(i)) {
      parts.push(t.text(i));
      i = j;
      continue;
    }
    parts.push(marker(t, tpl, shapes, i, j, ref, head));
    markers++;
    omitted += j - i;
    for (let a = i; a < j; a += UNIT_LINES) {
      const b = Math.min(j, a + UNIT_LINES) - 1;
      units.push(spans[a * 4]!, spans[b * 4 + 1]!);
    }
    i = j;
  }
  const text = parts.join(eol) + (finalEol ? eol : "");
  return { text, units: Uint32Array.from(units), markers, omitted };
}

/**
 * The marker for dropped lines [i, j): their count and span, and the template of their records
 * when one dominates (≥ 60 % of the run's record heads, at least 3): `…, all like: X` when every
 * line is a head, `…, 57 records like: X` when records span several lines. When no template
 * dominates (every line names another package), a dominant shape is named instead:
 * `…, all like: <*> <*> status installed <*> …`.
 */
function marker(t: LineTable, tpl: Templates, shapes: Shapes, i: number, j: number, ref: string, head: (i: number) => boolean): string {
  const len = j - i;
  const span = `${formatCount(len)} ${len === 1 ? "line" : "lines"} omitted (${lineSpan(i + 1, j)})`;
  if (len < 3) return omission(span, ref);
  let heads = 0;
  for (let k = i; k < j; k++) if (head(k)) heads++;
  const byTemplate = majority(i, j, head, (k) => tpl.id[k]!);
  let like = "";
  let count = byTemplate.count;
  if (count >= 3 && count * 10 >= heads * 6) like = templateDisplay(t.text(byTemplate.example));
  else {
    const byShape = majority(i, j, head, (k) => shapes.of[tpl.id[k]!]!);
    count = byShape.count;
    if (count >= 3 && count * 10 >= heads * 6) {
      const s = shapes.of[tpl.id[byShape.example]!]!;
      like = shapeDisplay(t.text(byShape.example), shapes.tokens[s]!, shapes.vary[s]!);
    }
  }
  if (like.length === 0) return omission(span, ref);
  const what = heads === len ? (count === len ? "all" : formatCount(count)) : `${count === heads ? "all " : ""}${formatCount(count)} records`;
  return omission(`${span}, ${what} like: ${like}`, ref);
}

// Boyer–Moore majority vote over the group ids of the run's heads (lines without a group, such
// as NO_SHAPE, never win), then an exact count and the first line of the candidate.
function majority(i: number, j: number, head: (i: number) => boolean, group: (k: number) => number): { count: number; example: number } {
  let cand = NO_SHAPE;
  let votes = 0;
  for (let k = i; k < j; k++) {
    if (!head(k)) continue;
    const g = group(k);
    if (votes === 0) { cand = g; votes = 1; }
    else if (g === cand) votes++;
    else votes--;
  }
  let count = 0;
  let example = -1;
  if (cand === NO_SHAPE) return { count, example };
  for (let k = i; k < j; k++) {
    if (group(k) === cand && head(k)) {
      count++;
      if (example < 0) example = k;
    }
  }
  return { count, example };
}
