/**
 * Writes the kept parts back out, verbatim and in document order, with one omission marker per
 * dropped run. Sentences keep their exact spans (a kept sentence reads from its first word, even
 * when it starts mid-line); every other unit is whole lines (items, fences, rows, output lines). Runs of
 * dropped text separated only by kept headings share one marker placed after those headings, so
 * an outline of a thousand sections costs one marker, not a thousand. A dropped run cheaper than
 * its marker is kept instead.
 * @module
 */
import { estimateTokens } from "../../core/tokens.js";
import { formatCount, lineSpan, omission } from "../shared/marker.js";
import type { Block } from "./blocks.js";
import { lineOf, type LineTable } from "./lines.js";
import type { Kept } from "./select.js";
import type { Unit } from "./units.js";


/** Rendering options. */
export interface RenderOptions {
  /** The ref printed in markers. */
  ref: string;
  /** Print line spans (`L12–L40`) in markers; off when the text is not the stored original. */
  spans: boolean;
}

/** What rendering produced. */
export interface Rendered {
  text: string;
  /** Markers written. */
  markers: number;
  /** Lines (or partial lines) left out. */
  droppedLines: number;
}

interface Range {
  start: number;
  end: number;
  heading: boolean;
}

/**
 * Renders a selection.
 * @example render(text, lines, blocks, units, kept, { ref, spans: true }).text
 */
export function render(text: string, lines: LineTable, blocks: readonly Block[], units: readonly Unit[], kept: Kept, opts: RenderOptions): Rendered {
  const ranges: Range[] = [];
  const isHeadingLine = new Uint8Array(lines.n);
  for (const b of blocks) if (b.kind === "heading") for (let i = b.first; i <= b.last; i++) isHeadingLine[i] = 1;
  for (let i = 0; i < lines.n; i++) if (kept.lines[i]) ranges.push({ start: lines.starts[i]!, end: lines.ends[i]!, heading: isHeadingLine[i] === 1 });
  for (let ui = 0; ui < units.length; ui++) {
    if (!kept.units[ui]) continue;
    const u = units[ui]!;
    if (u.kind === "sentence" || u.kind === "chunk") ranges.push({ start: u.start, end: u.end, heading: false });
    else ranges.push({ start: lines.starts[u.first]!, end: lines.ends[u.last]!, heading: false });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Range[] = [];
  for (const r of ranges) {
    const top = merged[merged.length - 1];
    if (top && r.start <= top.end) {
      if (r.end > top.end) top.end = r.end;
      top.heading = top.heading && r.heading;
    } else merged.push({ ...r });
  }
  // a dropped run no dearer than its marker is kept (between two runs of body text only)
  const cheap = estimateTokens(omission("12 lines omitted (L100–L120)", opts.ref));
  // (unless the next range is a heading that the marker would be merged past anyway)
  const filled: Range[] = [];
  for (let k = 0; k < merged.length; k++) {
    const r = merged[k]!;
    const top = filled[filled.length - 1];
    const nextStart = k + 1 < merged.length ? merged[k + 1]!.start : text.length;
    const mergesOn = r.heading && /\S/.test(text.slice(r.end, nextStart));
    if (top && !mergesOn && r.start - top.end <= cheap * 10 && estimateTokens(text.slice(top.end, r.start)) <= cheap) {
      top.end = r.end;
      top.heading = top.heading && r.heading;
    } else filled.push(r);
  }

  const out: string[] = [];
  let markers = 0;
  let droppedLines = 0;
  // the pending dropped run: its first and last line, how many lines, and whether it is all inside one line
  let pFirst = -1;
  let pLast = -1;
  let pLines = 0;
  let pInline = true;
  let pUnits = 0;
  let pChunks = 0;
  const startsOf = units.map((u) => u.start);
  const chunksBefore = new Uint32Array(units.length + 1); // chunk units among the first i
  for (let i = 0; i < units.length; i++) chunksBefore[i + 1] = chunksBefore[i]! + (units[i]!.kind === "chunk" ? 1 : 0);
  const unitsIn = (s: number, e: number) => {
    const a = lowerBound(startsOf, s);
    const b = lowerBound(startsOf, e);
    pChunks += chunksBefore[b]! - chunksBefore[a]!;
    return b - a;
  };
  const addGap = (s: number, e: number) => {
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (s >= e) return;
    const a = lineOf(lines, s);
    const b = lineOf(lines, e - 1);
    const wholeA = s <= lines.starts[a]! + leadingSpace(text, lines.starts[a]!);
    const wholeB = e >= lines.ends[b]!;
    if (pFirst < 0) pFirst = a;
    pLast = b;
    pLines += b - a + 1;
    pUnits += unitsIn(s, e);
    if (a !== b || (wholeA && wholeB)) pInline = false;
  };
  const flush = (before: string, after: string) => {
    if (pFirst < 0) return false;
    const noun = pChunks > 0 ? (pUnits === 1 ? "part" : "parts") : pUnits === 1 ? "sentence" : "sentences";
    const what = pInline
      ? `${formatCount(pUnits || 1)} ${noun} omitted${opts.spans ? ` (${lineSpan(pFirst + 1, pLast + 1)})` : ""}`
      : `${formatCount(pLines)} ${pLines === 1 ? "line" : "lines"} omitted${opts.spans ? ` (${lineSpan(pFirst + 1, pLast + 1)})` : ""}`;
    out.push(before, omission(what, opts.ref), after);
    markers++;
    droppedLines += pLines;
    pFirst = -1;
    pLast = -1;
    pLines = 0;
    pInline = true;
    pUnits = 0;
    pChunks = 0;
    return true;
  };
  const nl = lines.newline;
  let prevEnd = 0;
  let first = true;
  for (let k = 0; k < filled.length; k++) {
    const r = filled[k]!;
    const gap = text.slice(prevEnd, r.start);
    const dropped = /\S/.test(gap);
    if (dropped) addGap(prevEnd, r.start);
    const inline = dropped && !gap.includes("\n");
    // Headings with dropped text on both sides: show the heading now and the marker after the run
    // of headings, so an outline of many body-less sections costs one marker.
    const nextEnd = k + 1 < filled.length ? filled[k + 1]!.start : text.length;
    if (r.heading && pFirst >= 0 && /\S/.test(text.slice(r.end, nextEnd))) {
      out.push(first ? "" : nl, text.slice(r.start, r.end));
    } else if (pFirst >= 0) {
      const sep = inline && pInline ? " " : nl;
      flush(first ? "" : sep, sep);
      out.push(text.slice(r.start, r.end));
    } else {
      out.push(first ? "" : gap, text.slice(r.start, r.end));
    }
    first = false;
    prevEnd = r.end;
  }
  if (/\S/.test(text.slice(prevEnd))) addGap(prevEnd, text.length);
  if (pFirst >= 0) flush(first ? "" : pInline ? " " : nl, "");
  // keep the original's final line break, if it had one
  if (text.endsWith("\n") && out.length > 0 && !out[out.length - 1]!.endsWith("\n")) out.push(nl);
  return { text: out.join(""), markers, droppedLines };
}

function leadingSpace(text: string, start: number): number {
  let k = 0;
  while (text[start + k] === " " || text[start + k] === "\t") k++;
  return k;
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
