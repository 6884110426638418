/**
 * `ls -R` output (piped, so one name per line): blocks of bare names, each under a `dir:` header
 * line, blocks separated by blank lines. A name means nothing without its header
 * (`generation_whisper.js` under `./src/models/whisper:`), so the listing compressor ranks and
 * groups the full paths (header + name) and prints each kept name under its header line, both
 * verbatim. `ls -lR` (long format, lslong.ts) is read alike: an entry's name is taken from its
 * line, which is printed verbatim; `total N` lines and entries of directories are not paths.
 * @module
 */
import { isLongDirectory, isLongTotal, longEntryName } from "./lslong.js";
import { isBarePath, Kind, type SearchParse } from "./parse.js";

/** A parse of `ls -R` output recast as full paths, and how to print it back. */
export interface LsRecursive {
  /** The same lines, but each name of a file is its full path (`./src/a.js`); headers, blanks and names of directories are not paths. */
  parse: SearchParse;
  /** The header line (verbatim) of each directory, by the directory's path with a trailing `/`. */
  headers: Map<string, string>;
}

const HEADER = /^(\S(?:.*\S)?):$/;

/**
 * Reads `ls -R` structure, or returns undefined when the listing is not `ls -R` output: at least
 * two `dir:` headers, each at the start or after a blank line, and most non-blank lines names.
 * @example lsRecursive(parse(".:\nsrc\n\n./src:\na.js\n")!)?.parse.lines // [".:", "./src", "", "./src:", "./src/a.js"]
 */
export function lsRecursive(p: SearchParse): LsRecursive | undefined {
  const n = p.lines.length;
  let headers = 0;
  let names = 0;
  let nonBlank = 0;
  for (let i = 0; i < n; i++) {
    const l = p.lines[i]!;
    if (l.length === 0) continue;
    nonBlank++;
    if ((i === 0 || p.lines[i - 1] === "") && HEADER.test(l) && longEntryName(l) === undefined) headers++;
    else if (isBarePath(l) || isLongTotal(l) || longEntryName(l) !== undefined) names++;
  }
  if (headers < 2 || headers + names < 0.9 * nonBlank) return undefined;
  const lines = p.lines.slice();
  const kind = new Uint8Array(n).fill(Kind.Blank);
  const headerMap = new Map<string, string>();
  let dir: string | undefined;
  for (let i = 0; i < n; i++) {
    const l = p.lines[i]!;
    if (l.length === 0) { dir = undefined; continue; }
    const long = longEntryName(l);
    const h = (i === 0 || p.lines[i - 1] === "") && long === undefined ? HEADER.exec(l) : null;
    if (h) {
      dir = h[1]!.replace(/[\\/]+$/, "") + "/";
      headerMap.set(dir, l);
      kind[i] = Kind.Heading;
      continue;
    }
    // a block's `total N` line and a long entry of a directory (it has its own block) list no file
    if (dir !== undefined && (isLongTotal(l) || (long !== undefined && isLongDirectory(l)))) { kind[i] = Kind.Heading; continue; }
    const name = long ?? l;
    if (dir === undefined || (long === undefined && !isBarePath(l))) { kind[i] = Kind.Raw; continue; }
    lines[i] = dir + name;
    kind[i] = Kind.Path;
  }
  // A name that has a block of its own is a directory, not a file.
  for (let i = 0; i < n; i++) if (kind[i] === Kind.Path && headerMap.has(lines[i]! + "/")) kind[i] = Kind.Heading;
  const paths: string[] = [];
  const file = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (kind[i] === Kind.Path) { file[i] = paths.length; paths.push(lines[i]!); }
  const parse: SearchParse = { ...p, lines, kind, file, paths, matches: new Uint32Array(paths.length).fill(1) };
  return { parse, headers: headerMap };
}
