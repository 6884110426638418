/**
 * Trims a hunk's unchanged context to a few lines around its changes. Where the trimmed
 * context leaves a gap, the hunk splits into sub-hunks, and each gets a freshly computed
 * `@@ -a,b +c,d @@` header whose counts match exactly the lines shown, so a model (or
 * `git apply`) reads correct line numbers. Every body line is emitted verbatim.
 * @module
 */
import type { Hunk } from "./parse.js";

/** What {@link trimHunk} produced. */
export interface Trimmed {
  /** Output lines (headers and verbatim body lines), each without "\n". */
  lines: string[];
  /** Context lines left out. */
  omitted: number;
}

/** Gaps up to this many context lines are shown rather than split: a new header costs as much. */
const MERGE_GAP = 2;

/**
 * `@@ -a,b +c,d @@` in git's style: a count of 1 is left out.
 * @example hunkHeader(12, 1, 12, 3) // "@@ -12 +12,3 @@"
 */
export function hunkHeader(oldStart: number, oldCount: number, newStart: number, newCount: number): string {
  const side = (s: number, c: number) => (c === 1 ? `${s}` : `${s},${c}`);
  return `@@ -${side(oldStart, oldCount)} +${side(newStart, newCount)} @@`;
}

/**
 * The hunk with its unchanged context cut to `context` lines around each change.
 * Invalid hunks (counts that do not match) and hunks with nothing to cut come back verbatim.
 * @param lines all input lines
 * @param h the hunk
 * @param context context lines kept on each side of a run of changes (1–2)
 * @example
 * // a 20-line hunk with one change at line 10 → "@@ -9,3 +9,3 @@", " a", "-b", "+c", " d"
 * trimHunk(lines, hunk, 1)
 */
export function trimHunk(lines: readonly string[], h: Hunk, context: number): Trimmed {
  const verbatim = (): Trimmed => ({ lines: lines.slice(h.start, h.end), omitted: 0 });
  if (!h.valid) return verbatim();
  const keep = keepMask(lines, h, (line) => line.charCodeAt(0) === 43 || line.charCodeAt(0) === 45, context);
  const r = subHunks(lines, h, keep);
  return r.omitted === 0 ? verbatim() : { lines: r.lines, omitted: r.omitted };
}

/** A focused hunk: its shown lines, and the changed lines it left out (first and last, 0-based). */
export interface Focused extends Trimmed {
  changesOmitted: number;
  first: number;
  last: number;
}

/**
 * A long hunk cut to the lines the question points at (`keepLine`) and `context` lines around
 * each, as sub-hunks with recomputed headers; changed lines between them are left out too and
 * counted (the caller marks them). A 160-line new file whose one matching line is
 * `+const RETENTION_MS = 90 * DAY_MS;` shows as `@@ -0,0 +41,3 @@` and three lines.
 * Invalid hunks, and hunks where nothing matches, come back verbatim.
 * @example focusHunk(lines, hunk, (l) => l.includes("journal_mode"), 1)
 */
export function focusHunk(lines: readonly string[], h: Hunk, keepLine: (line: string) => boolean, context: number): Focused {
  const verbatim = (): Focused => ({ lines: lines.slice(h.start, h.end), omitted: 0, changesOmitted: 0, first: -1, last: -1 });
  if (!h.valid) return verbatim();
  const keep = keepMask(lines, h, (line) => line.charCodeAt(0) !== 92 && keepLine(line.slice(1)), context);
  return keep.includes(1) ? subHunks(lines, h, keep) : verbatim();
}

/**
 * Which body lines of a hunk to show: the `seed` lines and `context` lines around each; gaps of at
 * most MERGE_GAP lines between kept ones are closed (a split costs a header line, about what the
 * gap would), and a "\ No newline" note goes with the line it annotates.
 */
function keepMask(lines: readonly string[], h: Hunk, seed: (line: string) => boolean, context: number): Uint8Array {
  const first = h.start + 1;
  const len = h.end - first;
  const keep = new Uint8Array(len);
  for (let k = 0; k < len; k++) {
    if (!seed(lines[first + k]!)) continue;
    for (let j = Math.max(0, k - context); j <= Math.min(len - 1, k + context); j++) keep[j] = 1;
  }
  let lastKept = -1;
  for (let k = 0; k < len; k++) {
    if (!keep[k]) continue;
    if (lastKept >= 0 && k - lastKept - 1 <= MERGE_GAP) for (let j = lastKept + 1; j < k; j++) keep[j] = 1;
    lastKept = k;
  }
  for (let k = 1; k < len; k++) if (lines[first + k]!.charCodeAt(0) === 92) keep[k] = keep[k - 1]!;
  return keep;
}

/**
 * The kept body lines of a hunk as sub-hunks with recomputed headers (the first keeps the hunk's
 * heading), with what was left out counted: context lines, and changed lines (first and last).
 */
function subHunks(lines: readonly string[], h: Hunk, keep: Uint8Array): Focused {
  const first = h.start + 1;
  const len = keep.length;
  const cr = lines[h.start]!.endsWith("\r") ? "\r" : "";
  const out: string[] = [];
  const res: Focused = { lines: out, omitted: 0, changesOmitted: 0, first: -1, last: -1 };
  let oldPos = h.oldCount > 0 ? h.oldStart - 1 : h.oldStart;
  let newPos = h.newCount > 0 ? h.newStart - 1 : h.newStart;
  let firstSub = true;
  for (let k = 0; k < len; ) {
    if (!keep[k]) {
      const c = lines[first + k]!.charCodeAt(0);
      if (c === 45) oldPos++;
      else if (c === 43) newPos++;
      else if (c !== 92) { oldPos++; newPos++; }
      if (c === 45 || c === 43) {
        res.changesOmitted++;
        if (res.first < 0) res.first = first + k;
        res.last = first + k;
      } else if (c !== 92) res.omitted++;
      k++;
      continue;
    }
    let end = k;
    let oc = 0;
    let nc = 0;
    while (end < len && keep[end]) {
      const c = lines[first + end]!.charCodeAt(0);
      if (c === 45) oc++;
      else if (c === 43) nc++;
      else if (c !== 92) { oc++; nc++; }
      end++;
    }
    out.push(hunkHeader(oc > 0 ? oldPos + 1 : oldPos, oc, nc > 0 ? newPos + 1 : newPos, nc) + (firstSub ? h.heading : "") + cr);
    firstSub = false;
    for (let j = k; j < end; j++) out.push(lines[first + j]!);
    oldPos += oc;
    newPos += nc;
    k = end;
  }
  return res;
}
