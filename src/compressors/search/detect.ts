/**
 * Is this grep / ripgrep output or a file listing? Confident for `path:12:text` lines with
 * path-like prefixes and for `--heading` groups; medium for bare path listings. Logs
 * (timestamps), JSON, diffs, HTML and code are left to their own compressors.
 * @module
 */
import { isLongRecursive } from "./lslong.js";
import { shapeStats, splitLines } from "./parse.js";

/** Bytes sampled from the start of the input. */
const SAMPLE_BYTES = 64 * 1024;
/** Lines sampled. */
const SAMPLE_LINES = 400;

// Lines that start with a time stamp, a syslog date or an IP: log lines, not search hits.
const LOG_START = /^\[?(?:\d{4}-\d{2}-\d{2}[T ]\d|\d{2}:\d{2}:\d{2}|\d{4}\/\d{2}\/\d{2} |[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}|\d{1,3}(?:\.\d{1,3}){3}\s|\d{2}\/[A-Z][a-z]{2}\/\d{4})/;
const DIFF_LINE = /^(?:diff --git |@@ -\d|\+\+\+ |--- a\/|Index: |index [0-9a-f]{7,}\.\.)/;

/**
 * Confidence 0–1 that `text` is search output.
 * @example detectSearch("src/a.py:3:def f():\nsrc/a.py:9:    f()\n") // 0.9
 * @example detectSearch("2024-01-02 10:00:00 INFO started\n") // 0
 */
export function detectSearch(text: string, _fileName?: string): number {
  const head = text.slice(0, SAMPLE_BYTES);
  const first = /\S/.exec(head);
  if (!first) return 0;
  const c = head.charAt(first.index);
  if (c === "{" || c === "<") return 0;
  if (c === "[" && /^\s*\[\s*(?:[{["\d\]-]|true|false|null)/.test(head)) return 0;
  let { lines } = splitLines(head);
  if (head.length < text.length && lines.length > 1) lines.pop(); // the sample cut the last line
  lines = lines.slice(0, SAMPLE_LINES);
  // `ls -lR`: blocks of long-format entries under `dir:` headers (their dates are not log stamps)
  if (isLongRecursive(lines)) return 0.8;
  let nonBlank = 0;
  let logLike = 0;
  for (const l of lines) {
    if (l.length === 0) continue;
    nonBlank++;
    if (DIFF_LINE.test(l)) return 0;
    if (LOG_START.test(l)) logLike++;
  }
  if (nonBlank === 0 || logLike >= 0.3 * nonBlank) return 0;
  const st = shapeStats(lines, SAMPLE_LINES);
  const n = st.sampled;
  if (st.numberedStrong >= 0.6 * n) return st.numberedStrong >= 0.85 * n ? 0.95 : 0.9;
  if (st.headings >= 1 && st.headingLines >= 0.5 * n && st.headingLines + st.headings >= 0.8 * n) return 0.9;
  if (st.colonSlash >= 0.7 * n && n >= 2) return 0.7;
  // grep -n x one-file: line numbers that only go up (a dated changelog goes down)
  if (st.headings === 0 && st.headingLines >= 0.9 * n && n >= 3 && ascending(lines)) return 0.7;
  if (n >= 3 && st.bare >= 0.8 * n && st.bareStrong >= 0.6 * n && st.bareExt >= 0.4 * st.bare) return 0.6;
  return 0;
}

/** True when the leading numbers of `12:text` lines rise from line to line (as grep -n line numbers do). */
function ascending(lines: readonly string[]): boolean {
  let prev = -1;
  let up = 0;
  let pairs = 0;
  for (const l of lines) {
    const m = /^(\d{1,9})[:-]/.exec(l);
    if (!m) continue;
    const v = Number(m[1]);
    if (prev >= 0) { pairs++; if (v > prev) up++; }
    prev = v;
  }
  return pairs > 0 && up >= 0.9 * pairs;
}
