/**
 * `ls -l` long-format lines: `-rw-r--r-- 1 user staff 1234 Mar  3 12:32 name`. Each entry names one
 * file (or directory, link, device) after its mode, links, owner, group, size and date; `ls -lR`
 * groups them in blocks under `dir:` header lines, each block opened by a `total N` line. The
 * listing compressor reads such a block like the bare names of `ls -R` (lsr.ts): the entry's name
 * under its header is a path, and the entry's line is printed verbatim.
 * @module
 */

/** Longest line read as an entry (the pattern never runs on a huge line). */
const MAX_ENTRY = 4096;

// mode (type + 9 permission chars + optional ACL/SELinux mark), link count, owner and/or group,
// size (or `major, minor` of a device; `4.0K` with -h), a date in any of ls's styles, the name
const DATE = String.raw`(?:[A-Z][a-z]{2}\.?\s+\d{1,2}|\d{1,2}\.?\s+[A-Z][a-z]{2}\.?)\s+(?:\d{1,2}:\d{2}|\d{4})|\d{4}-\d{2}-\d{2}(?:\s+\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s+[+-]\d{4})?)?|\d{2}-\d{2}\s+\d{2}:\d{2}`;
const ENTRY = new RegExp(String.raw`^[-dlcbpsD?][rwxsStTlL-]{9}[.+@]?\s+\d+\s+(?:\S+\s+){1,2}(?:\d+,\s*)?[\d.,]+[KMGTPEkB]?\s+(?:${DATE})\s(.+)$`);
const TOTAL = /^total \d+(?:[.,]\d+)?[KMGTPE]?$/;

/**
 * The name an `ls -l` line lists (without a symlink's ` -> target`), or undefined when the line is
 * not a long-format entry.
 * @example longEntryName("-rw-r--r-- 1 ann staff 812 Mar  3 12:32 tls.js") // "tls.js"
 * @example longEntryName("lrwxrwxrwx 1 root root 7 2024-01-02 10:00 bin -> usr/bin") // "bin"
 */
export function longEntryName(line: string): string | undefined {
  if (line.length > MAX_ENTRY) return undefined;
  const m = ENTRY.exec(line);
  if (!m) return undefined;
  // `ls` pads the name column with one space; a leading blank is part of the name only rarely
  const name = m[1]!.replace(/^ /, "");
  const arrow = line.charCodeAt(0) === 0x6c ? name.indexOf(" -> ") : -1; // "l": a symlink
  const out = arrow > 0 ? name.slice(0, arrow) : name;
  return out.length > 0 ? out : undefined;
}

/** True for an `ls -l` entry of a directory (`d` mode). */
export function isLongDirectory(line: string): boolean {
  return line.charCodeAt(0) === 0x64 && longEntryName(line) !== undefined;
}

/** True for the `total 128` line that opens each block of `ls -l`. */
export function isLongTotal(line: string): boolean {
  return TOTAL.test(line);
}

const HEADER = /^\S(?:.*\S)?:$/;

/**
 * True when the lines look like `ls -lR` output: at least two `dir:` headers (first line or after a
 * blank line), at least three long-format entries, and most non-blank lines are one of headers,
 * `total` lines and entries.
 * @example isLongRecursive([".:", "total 4", "drwxr-xr-x 2 a b 4096 Mar  3 12:32 lib", "", "./lib:", "total 4", "-rw-r--r-- 1 a b 9 Mar  3 12:32 x.js", "-rw-r--r-- 1 a b 9 Mar  3 12:32 y.js"]) // true
 */
export function isLongRecursive(lines: readonly string[]): boolean {
  let headers = 0;
  let entries = 0;
  let totals = 0;
  let nonBlank = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length === 0) continue;
    nonBlank++;
    if ((i === 0 || lines[i - 1] === "") && HEADER.test(l) && longEntryName(l) === undefined) headers++;
    else if (isLongTotal(l)) totals++;
    else if (longEntryName(l) !== undefined) entries++;
  }
  return headers >= 2 && entries >= 3 && headers + entries + totals >= 0.9 * nonBlank;
}
