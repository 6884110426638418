/**
 * A forgiving parser for unified diffs: plain `--- / +++ / @@` diffs, `git diff` (extended
 * headers, renames, binary files) and `git log -p` / `git show` output (commit blocks followed
 * by their file diffs). It never throws: whatever it cannot place is kept as "other" lines, and
 * a hunk whose counts do not match the lines shown is marked invalid with a problem note.
 *
 * Lines are split on "\n" the same way the core's `lines()` batch call does (a "\r" before the
 * "\n" stays part of the line here, so output can be verbatim; a final "\n" adds no line), so
 * line i here is line i there and byte spans line up.
 * @module
 */

/** One `@@ -a,b +c,d @@` hunk. Line indices are into {@link ParsedDiff.lines}. */
export interface Hunk {
  /** Line of the `@@` header. */
  start: number;
  /** One past the hunk's last line (a trailing `\ No newline at end of file` included). */
  end: number;
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Text after the closing `@@` (the function context git prints), verbatim, or "". */
  heading: string;
  /** True when the header parsed and its counts match the lines shown. */
  valid: boolean;
  /** `+` and `-` lines in the hunk. */
  adds: number;
  dels: number;
}

/** One file's diff: its header lines and its hunks. */
export interface FileDiff {
  /** First header line (`diff --git …`, or `--- …` in a plain diff). */
  start: number;
  /** One past the last line of the last hunk (or of the header when there is no hunk). */
  end: number;
  /** Path shown in summaries: the new path, or the old one for a deletion. */
  path: string;
  /** Old path when the file was renamed or copied, else "". */
  fromPath: string;
  /** A `Binary files … differ` line or a `GIT binary patch`. */
  binary: boolean;
  /** Lines of a `GIT binary patch` payload (base85), `[start, end)`; `start === end` when none. */
  payloadStart: number;
  payloadEnd: number;
  hunks: Hunk[];
  /** Index of the commit this diff belongs to, or -1. */
  commit: number;
  adds: number;
  dels: number;
}

/** One commit block of `git log -p` / `git show` / `git format-patch`. */
export interface Commit {
  /** The `commit <sha>` (or `From <sha> …`) line. */
  start: number;
  /** One past the block's last line: the line where its first file diff (or the next commit) starts. */
  end: number;
  /** One past the last header line (`Author:`, `Date:`, `Merge:` …). */
  headerEnd: number;
  /** Line of the subject (the first non-blank message line), or -1. */
  subject: number;
  /** Message lines after the subject, `[bodyStart, bodyEnd)`, trailing blank lines excluded. */
  bodyStart: number;
  bodyEnd: number;
  /** The commit id as printed. */
  sha: string;
  /** Indices of its file diffs. */
  files: number[];
}

/** A run of the input in order: lines no diff owns, a commit block, or a file diff. */
export type Segment =
  | { kind: "other"; start: number; end: number }
  | { kind: "commit"; index: number }
  | { kind: "file"; index: number };

/** The parsed input. */
export interface ParsedDiff {
  /** Raw lines, each without its "\n" (a "\r" before it is kept). */
  lines: string[];
  /** Whether the input ended with "\n". */
  finalNewline: boolean;
  /** "\r\n" when most lines end with "\r", else "\n": what added marker lines use. */
  eol: string;
  commits: Commit[];
  files: FileDiff[];
  segments: Segment[];
  /** Best-effort notes: hunks whose counts do not match, malformed headers, combined diffs. */
  problems: string[];
}

const COMMIT = /^commit ([0-9a-f]{7,64})(?:\s|$)/;
const MBOX = /^From ([0-9a-f]{40}) /;
const COMMIT_HEADER = /^[A-Z][A-Za-z-]*:(?:\s|$)/;
const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;
const EXT_HEADER =
  /^(?:index |old mode |new mode |deleted file mode |new file mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to |Binary files |Files .* differ$|=+$)/;
const BINARY_BLOCK = /^(?:literal|delta) \d+$/;
const BASE85 = /^[A-Za-z][0-9A-Za-z!#$%&()*+\-;<=>?@^_`{|}~]*$/;

/**
 * The line without a trailing "\r".
 * @example bare("@@ -1 +1 @@\r") // "@@ -1 +1 @@"
 */
export function bare(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/**
 * Splits text into lines like the core does: "\n" ends a line, a final "\n" adds none.
 * @example splitLines("a\r\nb\n") // { lines: ["a\r", "b"], finalNewline: true }
 */
export function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  const lines = text.split("\n");
  const finalNewline = text.endsWith("\n");
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

/** True when line i starts a file diff (a `diff …` line, an `Index:` + `===` pair, or a `---`/`+++` pair). */
function startsFile(lines: string[], i: number): boolean {
  const l = lines[i]!;
  if (l.startsWith("diff ")) return /^diff (?:--git|--cc|--combined) /.test(l) || /^diff (?:-\S+ )*\S+ \S+\r?$/.test(l);
  if (l.startsWith("--- ")) return i + 1 < lines.length && lines[i + 1]!.startsWith("+++ ");
  if (l.startsWith("Index: ")) return i + 1 < lines.length && /^=+\r?$/.test(lines[i + 1]!);
  return false;
}

function startsCommit(line: string): boolean {
  return COMMIT.test(line) || MBOX.test(line);
}

/** `a/x` → `x`, `"b/x y"` → `x y`, `new.txt\t2024-01-01 …` → `new.txt`. */
function cleanPath(p: string): string {
  let s = bare(p);
  const tab = s.indexOf("\t");
  if (tab >= 0) s = s.slice(0, tab);
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1);
  if (s.startsWith("a/") || s.startsWith("b/")) s = s.slice(2);
  return s;
}

/** Paths from `diff --git a/x b/y` (split in the middle when both halves agree, else at " b/"). */
function gitPaths(line: string): [string, string] {
  const s = bare(line).slice("diff --git ".length);
  const k = (s.length - 1) / 2;
  if (Number.isInteger(k) && s[k] === " " && s.slice(2, k) === s.slice(k + 3)) return [cleanPath(s.slice(0, k)), cleanPath(s.slice(k + 1))];
  const cut = s.indexOf(" b/");
  if (cut >= 0) return [cleanPath(s.slice(0, cut)), cleanPath(s.slice(cut + 1))];
  return [cleanPath(s), cleanPath(s)];
}

/**
 * Parses a diff or a `git log -p` listing. Linear in the number of lines.
 * @example parseDiff("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n").files[0].hunks[0].valid // true
 */
export function parseDiff(text: string): ParsedDiff {
  const { lines, finalNewline } = splitLines(text);
  const n = lines.length;
  let crs = 0;
  for (let i = 0; i < n; i++) if (lines[i]!.charCodeAt(lines[i]!.length - 1) === 13) crs++;
  const out: ParsedDiff = { lines, finalNewline, eol: crs * 2 > n ? "\r\n" : "\n", commits: [], files: [], segments: [], problems: [] };
  let otherStart = -1;
  const flushOther = (i: number) => {
    if (otherStart >= 0) out.segments.push({ kind: "other", start: otherStart, end: i });
    otherStart = -1;
  };
  let commit = -1;
  let i = 0;
  while (i < n) {
    const line = lines[i]!;
    if (startsCommit(line)) {
      flushOther(i);
      commit = out.commits.length;
      out.commits.push(parseCommit(lines, i));
      out.segments.push({ kind: "commit", index: commit });
      i = out.commits[commit]!.end;
      continue;
    }
    if (startsFile(lines, i)) {
      flushOther(i);
      const f = parseFile(lines, i, commit, out.problems);
      if (commit >= 0) out.commits[commit]!.files.push(out.files.length);
      out.segments.push({ kind: "file", index: out.files.length });
      out.files.push(f);
      i = f.end;
      continue;
    }
    if (otherStart < 0) otherStart = i;
    i++;
  }
  flushOther(n);
  return out;
}

function parseCommit(lines: string[], start: number): Commit {
  const n = lines.length;
  const first = bare(lines[start]!);
  const sha = (COMMIT.exec(first) ?? MBOX.exec(first))![1]!;
  let i = start + 1;
  // Headers run to the first blank line (`Author:`, `Date:`, `Merge:`; in a mail, folded lines too).
  while (i < n && bare(lines[i]!).trim() !== "" && !startsCommit(lines[i]!) && !startsFile(lines, i) && (COMMIT_HEADER.test(lines[i]!) || /^[ \t]/.test(lines[i]!))) i++;
  const headerEnd = i;
  let subject = -1;
  let bodyEnd = i;
  // The message runs until the first file diff or the next commit.
  while (i < n && !startsCommit(lines[i]!) && !startsFile(lines, i)) {
    if (bare(lines[i]!).trim() !== "") {
      if (subject < 0) subject = i;
      bodyEnd = i + 1;
    }
    i++;
  }
  const bodyStart = subject < 0 ? headerEnd : subject + 1;
  return { start, end: i, headerEnd, subject, bodyStart, bodyEnd: Math.max(bodyStart, bodyEnd), sha, files: [] };
}

function parseFile(lines: string[], start: number, commit: number, problems: string[]): FileDiff {
  const n = lines.length;
  const f: FileDiff = { start, end: start, path: "", fromPath: "", binary: false, payloadStart: 0, payloadEnd: 0, hunks: [], commit, adds: 0, dels: 0 };
  let oldPath = "";
  let newPath = "";
  let renamedFrom = "";
  let renamedTo = "";
  let i = start;
  const first = lines[i]!;
  if (first.startsWith("diff --git ")) [oldPath, newPath] = gitPaths(first);
  else if (first.startsWith("diff --cc ") || first.startsWith("diff --combined ")) oldPath = newPath = cleanPath(first.replace(/^diff --(?:cc|combined) /, ""));
  else if (first.startsWith("Index: ")) oldPath = newPath = cleanPath(first.slice(7));
  else if (first.startsWith("diff ")) {
    const parts = bare(first).split(" ");
    oldPath = cleanPath(parts[parts.length - 2]!);
    newPath = cleanPath(parts[parts.length - 1]!);
  }
  if (!first.startsWith("--- ")) i++;
  // Extended headers, then the ---/+++ pair.
  for (;;) {
    if (i >= n) break;
    const l = bare(lines[i]!);
    if (l.startsWith("--- ") && i + 1 < n && lines[i + 1]!.startsWith("+++ ")) {
      const o = cleanPath(l.slice(4));
      const p = cleanPath(lines[i + 1]!.slice(4));
      if (o !== "/dev/null") oldPath = o;
      if (p !== "/dev/null") newPath = p;
      else if (o !== "/dev/null") newPath = "";
      i += 2;
      break;
    }
    if (l.startsWith("GIT binary patch")) {
      f.binary = true;
      i++;
      f.payloadStart = i;
      while (i < n) {
        const b = bare(lines[i]!);
        if (BINARY_BLOCK.test(b) || BASE85.test(b)) { i++; continue; }
        // A blank line separates the forward and reverse blocks; the payload ends at the last one.
        if (b === "" && i + 1 < n && BINARY_BLOCK.test(bare(lines[i + 1]!))) { i++; continue; }
        break;
      }
      f.payloadEnd = i;
      continue;
    }
    if (!EXT_HEADER.test(l) || (l.startsWith("=") && !first.startsWith("Index: "))) break;
    if (l.startsWith("Binary files ")) f.binary = true;
    if (l.startsWith("rename from ") || l.startsWith("copy from ")) renamedFrom = bare(l).replace(/^(?:rename|copy) from /, "");
    if (l.startsWith("rename to ") || l.startsWith("copy to ")) renamedTo = bare(l).replace(/^(?:rename|copy) to /, "");
    if (l.startsWith("deleted file mode")) newPath = "";
    i++;
  }
  while (i < n && lines[i]!.startsWith("@@")) {
    const h = parseHunk(lines, i, problems);
    f.hunks.push(h);
    f.adds += h.adds;
    f.dels += h.dels;
    i = h.end;
  }
  f.end = Math.max(i, start + 1);
  if (renamedTo) newPath = renamedTo;
  if (renamedFrom && renamedFrom !== (renamedTo || newPath)) f.fromPath = renamedFrom;
  f.path = newPath || oldPath || cleanPath(bare(first));
  return f;
}

/** A line that cannot belong to a hunk: the start of the next file or commit. */
function endsHunk(lines: string[], i: number): boolean {
  return startsFile(lines, i) || startsCommit(lines[i]!);
}

function parseHunk(lines: string[], start: number, problems: string[]): Hunk {
  const n = lines.length;
  const header = bare(lines[start]!);
  const m = HUNK.exec(header);
  const h: Hunk = { start, end: start + 1, oldStart: 0, oldCount: 0, newStart: 0, newCount: 0, heading: "", valid: false, adds: 0, dels: 0 };
  let i = start + 1;
  const take = (c: number) => {
    if (c === 43) h.adds++;
    else if (c === 45) h.dels++;
  };
  if (m) {
    h.oldStart = Number(m[1]);
    h.oldCount = m[2] === undefined ? 1 : Number(m[2]);
    h.newStart = Number(m[3]);
    h.newCount = m[4] === undefined ? 1 : Number(m[4]);
    h.heading = m[5]!;
    let oldLeft = h.oldCount;
    let newLeft = h.newCount;
    while (i < n && (oldLeft > 0 || newLeft > 0)) {
      const l = lines[i]!;
      const c = l.charCodeAt(0);
      if (c === 32 || bare(l) === "") { // a blank line is context whose space an editor stripped
        if (oldLeft === 0 || newLeft === 0) break;
        oldLeft--;
        newLeft--;
      } else if (c === 45) {
        // counts are trusted, except over a "---"/"+++"/"@@" run: a truncated hunk met the next file
        if (oldLeft === 0 || (l.startsWith("--- ") && startsFile(lines, i) && (i + 2 >= n || lines[i + 2]!.startsWith("@@")))) break;
        oldLeft--;
      } else if (c === 43) {
        if (newLeft === 0) break;
        newLeft--;
      } else if (c !== 92) break; // "\ No newline at end of file"
      take(c);
      i++;
    }
    while (i < n && lines[i]!.charCodeAt(0) === 92) i++;
    h.valid = oldLeft === 0 && newLeft === 0;
    if (!h.valid) problems.push(`L${start + 1}: hunk header ${header.slice(0, header.indexOf("@@", 2) + 2)} promises ${h.oldCount} old / ${h.newCount} new lines, ${h.oldCount - oldLeft} / ${h.newCount - newLeft} shown`);
  } else {
    problems.push(`L${start + 1}: ${header.startsWith("@@@") ? "combined-diff" : "malformed"} hunk header ${JSON.stringify(header.slice(0, 60))}`);
  }
  // Lines beyond what the header promised (or any, when it did not parse) that still look like
  // hunk lines belong to this hunk: shown verbatim, never re-counted.
  const before = i;
  while (i < n && !endsHunk(lines, i)) {
    const l = lines[i]!;
    const c = l.charCodeAt(0);
    if (!(c === 32 || c === 43 || c === 45 || c === 92) || bare(l) === "-- ") break;
    take(c);
    i++;
  }
  if (i > before && h.valid) {
    h.valid = false;
    problems.push(`L${start + 1}: hunk shows ${i - before} line(s) more than its header ${header.slice(0, header.indexOf("@@", 2) + 2)} counts`);
  }
  h.end = i;
  return h;
}
