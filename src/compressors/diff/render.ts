/**
 * Renders the parts of a parsed diff: commit blocks (header and subject always, the body whole
 * or trimmed), file diffs (header lines verbatim, hunks whole or trimmed to sub-hunks) and
 * one-line file summaries. Output lines are verbatim input lines, recomputed hunk headers, or
 * omission markers.
 * @module
 */
import { formatCount, lineSpan, omission } from "../shared/marker.js";
import type { CollapseKind } from "./collapse.js";
import { focusHunk, trimHunk } from "./hunk.js";
import type { Commit, FileDiff, ParsedDiff } from "./parse.js";
import { isSecurityRef } from "./security.js";

/** A hunk is shown trimmed (context cut to a few lines around changes), whole, or not at all. */
export const TRIM = 0;
export const WHOLE = 1;
export const DROP = 2;
/** A long hunk cut to the lines the question points at ({@link FileView.focus}). */
export const FOCUS = 3;

/** How one file diff is shown. */
export interface FileView {
  /** Per hunk of the file: {@link TRIM}, {@link WHOLE}, {@link DROP} or {@link FOCUS}. */
  mode: (k: number) => number;
  /** Context lines kept around changes in trimmed hunks. */
  context: number;
  /** The lines a {@link FOCUS} hunk keeps (given its text without the `+`/`-`/` ` prefix). */
  focus?: (line: string) => boolean;
}

/** A rendered file diff. */
export interface RenderedFile {
  lines: string[];
  /** Context lines trimmed away. */
  omitted: number;
}

/**
 * A marker line, with the input's line ending.
 * @example markerLine(d, "2 file diffs omitted (L9–L40)", ref) // "[… 2 file diffs omitted (L9–L40); ref tf_…]"
 */
export function markerLine(d: ParsedDiff, what: string, ref: string, indent = ""): string {
  return indent + omission(what, ref) + (d.eol === "\r\n" ? "\r" : "");
}

/**
 * A file diff: header lines verbatim (a binary payload replaced by a marker), then its hunks;
 * dropped hunks are counted in one marker after the last hunk shown (a marker between hunks
 * would end the file's hunk list for `git apply`).
 * @example renderFile(d, d.files[0], { mode: () => TRIM, context: 1 }, ref)
 */
export function renderFile(d: ParsedDiff, file: FileDiff, view: FileView, ref: string): RenderedFile {
  const { lines } = d;
  const out: string[] = [];
  const headEnd = file.hunks.length ? file.hunks[0]!.start : file.end;
  for (let i = file.start; i < headEnd; i++) {
    if (i === file.payloadStart && file.payloadEnd > file.payloadStart) {
      out.push(markerLine(d, `${formatCount(file.payloadEnd - file.payloadStart)} lines of binary patch omitted (${lineSpan(i + 1, file.payloadEnd)})`, ref));
      i = file.payloadEnd - 1;
      continue;
    }
    out.push(lines[i]!);
  }
  let omitted = 0;
  let dropped = 0;
  let adds = 0;
  let dels = 0;
  let first = -1;
  let last = -1;
  let changes = 0;
  let cFirst = -1;
  let cLast = -1;
  file.hunks.forEach((h, k) => {
    const mode = view.mode(k);
    if (mode === WHOLE) {
      for (let i = h.start; i < h.end; i++) out.push(lines[i]!);
    } else if (mode === DROP) {
      dropped++;
      adds += h.adds;
      dels += h.dels;
      if (first < 0) first = h.start;
      last = h.end;
    } else if (mode === FOCUS && view.focus) {
      const t = focusHunk(lines, h, view.focus, view.context);
      for (const l of t.lines) out.push(l);
      omitted += t.omitted;
      changes += t.changesOmitted;
      if (t.changesOmitted > 0) {
        if (cFirst < 0) cFirst = t.first;
        cLast = t.last;
      }
    } else {
      const t = trimHunk(lines, h, view.context);
      for (const l of t.lines) out.push(l);
      omitted += t.omitted;
    }
  });
  if (changes > 0) out.push(markerLine(d, `${formatCount(changes)} changed line${changes === 1 ? "" : "s"} of hunks shown in part omitted (${lineSpan(cFirst + 1, cLast + 1)})`, ref));
  if (dropped > 0) out.push(markerLine(d, `${formatCount(dropped)} hunk${dropped === 1 ? "" : "s"} (+${adds} -${dels}) omitted (${lineSpan(first + 1, last)})`, ref));
  return { lines: out, omitted };
}

/**
 * One line for a file whose diff is left out: `path | +12 -3`, a rename as `old => new`,
 * and why it collapsed when it is a lockfile, generated or vendored.
 * @example summaryLine(file) // "lib/env/data.js | +1 -1"
 */
export function summaryLine(file: FileDiff, kind?: CollapseKind): string {
  const name = file.fromPath ? `${file.fromPath} => ${file.path}` : file.path;
  const stat = file.binary && file.hunks.length === 0 ? "binary" : `+${file.adds} -${file.dels}`;
  return `${name} | ${stat}${kind ? ` (${kind})` : ""}`;
}

/** Lines of a commit body that stay even when the body is trimmed. */
export type BodyFilter = (line: string) => boolean;

/** A rendered commit block and what was left out of its message. */
export interface RenderedCommit {
  lines: string[];
  /** Body lines dropped, and the first and last of them (0-based); -1 when none. */
  omitted: number;
  first: number;
  last: number;
}

/**
 * The marker text for dropped message lines.
 * @example messageOmitted(3) // "3 message lines"
 */
export function messageOmitted(n: number): string {
  return `${formatCount(n)} message line${n === 1 ? "" : "s"}`;
}

/**
 * A commit block: header lines (`commit`, `Author:`, `Date:` …) and the subject verbatim; the
 * body whole, or only the lines `keepLine` accepts (plus security references). A trimmed body
 * gets its own marker, unless `deferMarker` (the caller names the dropped lines in a marker of
 * its own). A body whose dropped part is shorter than the marker would be is kept whole.
 * @example renderCommit(d, d.commits[0], true, () => false, ref, false)
 */
export function renderCommit(d: ParsedDiff, c: Commit, wholeBody: boolean, keepLine: BodyFilter, ref: string, deferMarker: boolean): RenderedCommit {
  const { lines } = d;
  const verbatim: RenderedCommit = { lines: lines.slice(c.start, c.end), omitted: 0, first: -1, last: -1 };
  if (wholeBody) return verbatim;
  const out: string[] = lines.slice(c.start, c.bodyStart);
  let omitted = 0;
  let chars = 0;
  let first = -1;
  let last = -1;
  for (let i = c.bodyStart; i < c.bodyEnd; i++) {
    const l = lines[i]!;
    if (keepLine(l) || isSecurityRef(l)) { out.push(l); continue; }
    if (l.trim() === "") continue;
    omitted++;
    chars += l.trim().length;
    if (first < 0) first = i;
    last = i;
  }
  if (omitted === 0) return verbatim;
  const marker = markerLine(d, `${messageOmitted(omitted)} omitted (${lineSpan(first + 1, last + 1)})`, ref, "    ");
  // Dropping must pay for its marker (a deferred one costs a few words).
  if (chars < (deferMarker ? 16 : 1.5 * marker.length)) return verbatim;
  if (!deferMarker) out.push(marker);
  for (let i = c.bodyEnd; i < c.end; i++) out.push(lines[i]!);
  return { lines: out, omitted, first, last };
}
