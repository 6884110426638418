/**
 * The per-file match counts every search output ends with, so no file disappears from the
 * answer even when none of its lines were kept: one bracketed line per directory,
 * `[lib/vtls/] openssl.c (40), gtls.c (12)`. When that list alone would be too long, the largest
 * directories whose files were not shown collapse to `[dir/] 45 files, 300 matches`.
 * @module
 */
import { formatCount, omission } from "../shared/marker.js";

/** Splits a path into its directory (with the trailing separator) and its name. */
export function splitPath(path: string): [dir: string, name: string] {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut < 0 ? ["", path] : [path.slice(0, cut + 1), path.slice(cut + 1)];
}

interface DirGroup {
  dir: string;
  files: number[];
  matches: number;
  /** Holds a file whose lines were shown: never collapsed. */
  shown: boolean;
}

/** The rendered list, and whether every file got its own count. */
export interface FileCountList {
  lines: string[];
  complete: boolean;
}

/**
 * Renders the match count of every file, grouped by directory in order of first appearance.
 * Over `maxTokens`, the biggest directories collapse to one count each (naming only the files whose
 * lines were shown), those without shown lines first; if
 * even that is too long (tens of thousands of directories), the list ends with one marker that
 * counts the directories left out.
 * @param paths distinct paths
 * @param counts matches per path
 * @param shown paths always named with their count: some of their lines are in the output, or
 *   their name matches the question
 * @param maxTokens budget for the whole list
 * @param count token counter
 * @param ref the ref of the stored original, for the marker
 * @example
 * fileCounts(["lib/a.c", "lib/b.c"], Uint32Array.of(3, 1), new Set(), 500, (s) => s.length / 4, "tf_…").lines
 * // ["[matches per file: 2 files, 4 matches; a file without a count has 1]", "[lib/] a.c (3), b.c"]
 */
export function fileCounts(paths: readonly string[], counts: Uint32Array, shown: ReadonlySet<number>, maxTokens: number, count: (s: string) => number, ref: string): FileCountList {
  const groups: DirGroup[] = [];
  const byDir = new Map<string, DirGroup>();
  let total = 0;
  for (let f = 0; f < paths.length; f++) {
    const [dir] = splitPath(paths[f]!);
    let g = byDir.get(dir);
    if (!g) { g = { dir, files: [], matches: 0, shown: false }; byDir.set(dir, g); groups.push(g); }
    g.files.push(f);
    g.matches += counts[f]!;
    total += counts[f]!;
    if (shown.has(f)) g.shown = true;
  }
  const label = (g: DirGroup) => `[${g.dir === "" ? "./" : g.dir}]`;
  // A single match goes without a count (the header says so): most files of a grep have one.
  const item = (f: number) => (counts[f] === 1 ? splitPath(paths[f]!)[1]! : `${splitPath(paths[f]!)[1]} (${formatCount(counts[f]!)})`);
  const full = (g: DirGroup) => `${label(g)} ${g.files.map(item).join(", ")}`;
  // The collapsed form still names the files whose lines were shown.
  const brief = (g: DirGroup) => {
    const named = g.files.filter((f) => shown.has(f));
    if (named.length === g.files.length) return full(g);
    if (named.length === 0) return `${label(g)} ${formatCount(g.files.length)} files, ${formatCount(g.matches)} matches`;
    let rest = g.matches;
    for (const f of named) rest -= counts[f]!;
    const items = named.map(item).join(", ");
    return `${label(g)} ${items}, ${formatCount(g.files.length - named.length)} more files, ${formatCount(rest)} matches`;
  };
  // Long lists are judged by characters first (about 4 per token) so huge ones are not counted whole.
  const cheap = (l: string) => (l.length > 4 * maxTokens ? l.length / 3 : count(l));
  // With far more files than the budget has tokens, start from the collapsed form.
  const preBrief = paths.length > 4 * maxTokens;
  let complete = true;
  const lines = groups.map((g) => {
    if (!preBrief || g.files.length <= 3) return full(g);
    complete = false;
    return brief(g);
  });
  let tokens = 0;
  for (const l of lines) tokens += cheap(l);
  if (tokens > maxTokens) {
    // Collapse the biggest unshown directories first: they cost the most and were not asked about.
    const order = groups.map((_, i) => i).filter((i) => groups[i]!.files.length > 3);
    // unshown first, then by size
    order.sort((a, b) => Number(groups[a]!.shown) - Number(groups[b]!.shown) || groups[b]!.files.length - groups[a]!.files.length || a - b);
    for (const i of order) {
      if (tokens <= maxTokens) break;
      const b = brief(groups[i]!);
      if (b === lines[i]) continue;
      tokens += cheap(b) - cheap(lines[i]!);
      lines[i] = b;
      complete = false;
    }
  }
  const head = `[matches per file: ${formatCount(paths.length)} file${paths.length === 1 ? "" : "s"}, ${formatCount(total)} match${total === 1 ? "" : "es"}; a file without a count has 1]`;
  if (tokens <= maxTokens) return { lines: [head, ...lines], complete };
  // Still too long: keep directories with shown lines and the first others, count the rest.
  const out = [head];
  let used = 0;
  let leftDirs = 0;
  let leftFiles = 0;
  let leftMatches = 0;
  for (let i = 0; i < groups.length; i++) {
    const t = cheap(lines[i]!);
    if (groups[i]!.shown || used + t <= maxTokens) { out.push(lines[i]!); used += t; continue; }
    leftDirs++;
    leftFiles += groups[i]!.files.length;
    leftMatches += groups[i]!.matches;
  }
  out.push(omission(`${formatCount(leftDirs)} more directories (${formatCount(leftFiles)} files, ${formatCount(leftMatches)} matches) not listed`, ref));
  return { lines: out, complete: false };
}
