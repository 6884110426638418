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
  const first = h.start + 1;
  const len = h.end - first;
  const kind = new Uint8Array(len); // 0 context, 1 change, 2 "\ No newline"
  for (let k = 0; k < len; k++) {
    const c = lines[first + k]!.charCodeAt(0);
    kind[k] = c === 43 || c === 45 ? 1 : c === 92 ? 2 : 0;
  }
  const keep = new Uint8Array(len);
  for (let k = 0; k < len; k++) {
    if (kind[k] !== 1) continue;
    const lo = Math.max(0, k - context);
    const hi = Math.min(len - 1, k + context);
    for (let j = lo; j <= hi; j++) keep[j] = 1;
  }
  // Close small gaps: a split costs a header line, about what the gap would.
  let lastKept = -1;
  for (let k = 0; k < len; k++) {
    if (!keep[k]) continue;
    if (lastKept >= 0 && k - lastKept - 1 <= MERGE_GAP) for (let j = lastKept + 1; j < k; j++) keep[j] = 1;
    lastKept = k;
  }
  // A "\ No newline" note goes with the line it annotates.
  for (let k = 1; k < len; k++) if (kind[k] === 2) keep[k] = keep[k - 1]!;
  let omitted = 0;
  for (let k = 0; k < len; k++) if (!keep[k] && kind[k] === 0) omitted++;
  if (omitted === 0) return verbatim();

  const cr = lines[h.start]!.endsWith("\r") ? "\r" : "";
  const out: string[] = [];
  let oldPos = h.oldCount > 0 ? h.oldStart - 1 : h.oldStart;
  let newPos = h.newCount > 0 ? h.newStart - 1 : h.newStart;
  let firstSub = true;
  let k = 0;
  while (k < len) {
    if (!keep[k]) {
      if (kind[k] === 0) { oldPos++; newPos++; }
      k++;
      continue;
    }
    let end = k;
    let oc = 0;
    let nc = 0;
    while (end < len && keep[end]) {
      const line = lines[first + end]!;
      const c = line.charCodeAt(0);
      if (c === 45) oc++;
      else if (c === 43) nc++;
      else if (c !== 92) { oc++; nc++; }
      end++;
    }
    const header = hunkHeader(oc > 0 ? oldPos + 1 : oldPos, oc, nc > 0 ? newPos + 1 : newPos, nc);
    out.push(header + (firstSub ? h.heading : "") + cr);
    firstSub = false;
    for (let j = k; j < end; j++) out.push(lines[first + j]!);
    oldPos += oc;
    newPos += nc;
    k = end;
  }
  return { lines: out, omitted };
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
  const first = h.start + 1;
  const len = h.end - first;
  const keep = new Uint8Array(len);
  let any = false;
  for (let k = 0; k < len; k++) {
    const line = lines[first + k]!;
    if (line.charCodeAt(0) === 92 || !keepLine(line.slice(1))) continue;
    any = true;
    for (let j = Math.max(0, k - context); j <= Math.min(len - 1, k + context); j++) keep[j] = 1;
  }
  if (!any) return verbatim();
  let lastKept = -1;
  for (let k = 0; k < len; k++) {
    if (!keep[k]) continue;
    if (lastKept >= 0 && k - lastKept - 1 <= MERGE_GAP) for (let j = lastKept + 1; j < k; j++) keep[j] = 1;
    lastKept = k;
  }
  for (let k = 1; k < len; k++) if (lines[first + k]!.charCodeAt(0) === 92) keep[k] = keep[k - 1]!;
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
