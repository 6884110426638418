/**
 * Cheap log detection on a sample (the first 64 KiB, at most 400 lines): records that start
 * with a timestamp, date, IP + `[date]`, epoch, syslog date or level word; a `#fields` TSV header;
 * test-runner output (pytest banners and PASSED/FAILED lines, go test, cargo test). Indented
 * lines and stack frames are continuations and do not count against the share. JSON, diffs,
 * grep output (`path:line:`) and source code are left to their compressors.
 * @module
 */
import { isStackLine } from "../shared/signals.js";

const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_LINES = 400;

// A record's first characters.
const RECORD = [
  /^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/, // ISO date-time, Laravel/Kafka "[2016-12-19 20:39:48,918]"
  /^\[?\d{4}\/\d{2}\/\d{2}[ T]\d{2}:\d{2}/, // Go / nginx error log
  /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}\b/, // syslog
  /^\[?[A-Z][a-z]{2},? [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}/, // apache error log "[Mon Jan 12 …"
  /^\S+ \S+ \S+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\]/, // access log
  /^\d{9,10}(?:\.\d+)?[\s,]/, // epoch seconds (Zeek, many TSV logs)
  /^\[?\d{2}:\d{2}:\d{2}/, // time of day
  /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}/, // glog
  /^\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\]?[\s:\]]/, // level first
  /^\d+\.\d{3}: \[/, // JVM uptime (GC logs)
  /^(?:time|ts|level|lvl)=\S/, // logfmt
  /^[\w.-]+-\d+\s+\|\s/, // docker compose "web-1  | …"
];
const TEST_LINE = /::\S+ (?:PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)\b|^(?:=== RUN |--- (?:PASS|FAIL|SKIP): |ok {2,}\S+\s+[\d.]+s|test \S+ \.\.\. (?:ok|FAILED|ignored))/;
const TEST_BANNER = /^=+ (?:test session starts|FAILURES|ERRORS|short test summary info|warnings summary) =+$|^=+ .*\b(?:passed|failed)\b.* in [\d.]+s\b.*=+$/;
const TSV_HEADER = /^#(?:separator |fields\t|Fields: |Software: )/;
const FRAME = /^(?:#\d+ |\[stacktrace\]|Stack trace:|Traceback |Caused by:|"\}\s*$)/;
const DIFF = /^(?:diff --git |@@ -\d+(?:,\d+)? \+\d+|\+\+\+ b\/|--- a\/)/;
const GREP = /^(?![\d\-T:.+[\]]+:)[^\s:]*[/.][^\s:]*:\d+[:-]/;

/**
 * Confidence that `text` is a log (0..1).
 * @example detectLog("2024-05-01 12:00:00 INFO start\n2024-05-01 12:00:01 INFO ok\n") // 0.95
 */
export function detectLog(text: string, fileName?: string): number {
  const sample = text.slice(0, SAMPLE_CHARS);
  const first = sample.search(/\S/);
  if (first < 0) return 0;
  if (sample.charCodeAt(first) === 0x7b) return 0; // JSON or JSON Lines
  const lines = sample.split("\n", SAMPLE_LINES);
  if (sample.length === SAMPLE_CHARS && lines.length > 1 && text.length > SAMPLE_CHARS) lines.pop(); // cut mid-line
  let records = 0;
  let tests = 0;
  let banners = 0;
  let headers = 0;
  let other = 0;
  let greps = 0;
  let nonBlank = 0;
  let firstIsRecord = false;
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    nonBlank++;
    if (DIFF.test(line)) return 0;
    const record = RECORD.some((re) => re.test(line));
    if (nonBlank === 1) firstIsRecord = record;
    if (record) records++;
    else if (TSV_HEADER.test(line)) headers++;
    else if (TEST_BANNER.test(line)) banners++;
    else if (TEST_LINE.test(line)) tests++;
    else if (/^\s/.test(line) || FRAME.test(line) || isStackLine(line)) continue; // continuation
    else other++;
    if (GREP.test(line)) greps++;
  }
  if (nonBlank === 0) return 0;
  if (sample.charCodeAt(first) === 0x5b && !firstIsRecord) return 0; // a JSON array
  if (greps >= nonBlank * 0.5) return 0; // path:line: search output
  const hint = fileName !== undefined && /\.(?:log|out|err)(?:\.\d+)?$|(?:^|[/\\])(?:syslog|messages|access_log|error_log)$/i.test(fileName);
  if (headers >= 2) return 0.95;
  if (banners >= 1 && tests >= 3) return 0.95;
  const counted = records + tests + other;
  const share = counted > 0 ? (records + tests) / counted : 0;
  if ((records + tests) >= 3 && share >= 0.6) return 0.95;
  if ((records + tests) >= 3 && share >= 0.3) return firstIsRecord || hint ? 0.95 : 0.8;
  if (hint) return records + tests > 0 ? 0.8 : 0.6;
  return repetitiveOutput(lines) ? 0.6 : 0;
}

// Lines that belong to a document, not to a tool's output: markdown structure, table rows,
// link definitions (`[#6808]: https://…`).
const DOC_LINE = /^\s*(?:[-*+>|#]|\d+[.)]\s|\[[^\]]+\]:\s)/;
// A rule line: one character repeated (`=====`, `-----`), under or around a plain-text title.
const RULE_LINE = /^\s*([=\-~*#_+^])\1{2,}\s*$/;
// Longest line read as an underlined title.
const MAX_TITLE = 120;
/** Underlined or framed titles from which repetitive lines are a document, not tool output. */
const DOC_TITLES = 3;

/**
 * Tool output without timestamps (apt, dpkg, make, npm, a build): most lines follow a few
 * shapes (`Setting up <*> (<*>) ...`, `Unpacking <*> ...`), lines are short and not sentences.
 * Shape = the first two words with digit-holding runs masked, as the core masks templates.
 * Rule lines do not count; a sample with {@link DOC_TITLES} or more titles underlined or framed
 * by rule lines is a plain-text document (release notes), not tool output.
 */
function repetitiveOutput(lines: readonly string[]): boolean {
  const shapes = new Map<string, number>();
  let n = 0;
  let prose = 0;
  let long = 0;
  let titles = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r+$/, "");
    if (line.trim() === "" || /^\s/.test(line) || DOC_LINE.test(line)) continue;
    if (RULE_LINE.test(line)) continue;
    // a title underlined (or framed) by a rule line is a document's structure, not a tool's line
    if (i + 1 < lines.length && line.length <= MAX_TITLE && RULE_LINE.test(lines[i + 1]!.replace(/\r+$/, ""))) {
      titles++;
      continue;
    }
    n++;
    if (line.length > 200) long++;
    const words = line.split(/\s+/);
    if (words.length >= 12 && /[.!?]$/.test(line)) prose++;
    const shape = words.slice(0, 2).map((w) => w.replace(/[A-Za-z0-9]*\d[A-Za-z0-9]*/g, "#")).join(" ") + (line.endsWith("...") ? " ..." : "");
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  // several underlined titles: a plain-text document (a changelog, release notes), whatever
  // its repeated lines (`Upgrade urgency: …` under every release)
  if (titles >= DOC_TITLES) return false;
  if (n < 30 || prose > n * 0.2 || long > n * 0.2) return false;
  const top = [...shapes.values()].sort((a, b) => b - a).slice(0, 8).reduce((a, b) => a + b, 0);
  return top >= n * 0.6;
}
