/**
 * The per-file match counts every search output ends with, so no file disappears from the
 * answer even when none of its lines were kept: one bracketed line per directory,
 * `[lib/vtls/] openssl.c (40), gtls.c (12)`. When that list alone would be too long, the largest
 * directories whose files were not shown collapse to `[dir/] 45 files, 300 matches`.
 * @module
 */
import { formatCount } from "../shared/marker.js";

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

/**
 * Renders the match count of every file, grouped by directory in order of first appearance.
 * @param paths distinct paths
 * @param counts matches per path
 * @param shown paths some of whose lines are in the output (their directory is never collapsed)
 * @param maxTokens budget for the whole list; larger directories collapse first when over it
 * @param count token counter
 * @example
 * fileCounts(["lib/a.c", "lib/b.c"], Uint32Array.of(3, 1), new Set(), 500, (s) => s.length / 4)
 * // ["[matches per file: 2 files, 4 matches]", "[lib/] a.c (3), b.c (1)"]
 */
export function fileCounts(paths: readonly string[], counts: Uint32Array, shown: ReadonlySet<number>, maxTokens: number, count: (s: string) => number): string[] {
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
  const full = (g: DirGroup) => `${label(g)} ${g.files.map((f) => `${splitPath(paths[f]!)[1]} (${formatCount(counts[f]!)})`).join(", ")}`;
  const brief = (g: DirGroup) => `${label(g)} ${formatCount(g.files.length)} files, ${formatCount(g.matches)} matches`;
  const lines = groups.map(full);
  let tokens = 0;
  for (const l of lines) tokens += count(l);
  if (tokens > maxTokens) {
    // Collapse the biggest unshown directories first: they cost the most and were not asked about.
    const order = groups.map((g, i) => i).filter((i) => !groups[i]!.shown && groups[i]!.files.length > 1);
    order.sort((a, b) => groups[b]!.files.length - groups[a]!.files.length || a - b);
    for (const i of order) {
      if (tokens <= maxTokens) break;
      const b = brief(groups[i]!);
      tokens += count(b) - count(lines[i]!);
      lines[i] = b;
    }
  }
  const head = `[matches per file: ${formatCount(paths.length)} file${paths.length === 1 ? "" : "s"}, ${formatCount(total)} match${total === 1 ? "" : "es"}]`;
  return [head, ...lines];
}
