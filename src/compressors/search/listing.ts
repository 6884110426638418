/**
 * Compresses a plain file listing (`git ls-files`, `find`): the listing is itself the answer, so
 * paths that match the question stay verbatim, the directories leading to them are opened, and
 * every other directory collapses to one `dir/ (N files)` line. Nothing is renamed or invented:
 * kept paths are input lines, collapsed lines name a directory prefix that the input holds.
 * @module
 */
import type { CompressorInput, CompressorOutput, Reason } from "../../core/types.js";
import { formatCount, omission } from "../shared/marker.js";
import { IDENTIFIER_WEIGHT, scoreUnits } from "../shared/relevance.js";
import { splitPath } from "./files.js";
import { keptBudget } from "./budget.js";
import { Kind, type SearchParse } from "./parse.js";
import { candidates, partScore, placeFactor, queryTerms, roughScore } from "./rank.js";

interface Dir {
  /** The directory as the input spells it, with its trailing separator (`""` for the root). */
  path: string;
  /** Files (input line indices, as numbers) and subdirectories, in input order. */
  entries: Array<Dir | number>;
  /** Files below, at any depth. */
  total: number;
  expanded: boolean;
  parent: Dir | undefined;
}

/** Subdirectories of one open directory beyond this many are summarised in one line. */
const MAX_DIR_LINES = 24;
/** A listing shorter than this many output lines opens its biggest directories for an overview. */
const MIN_LINES = 12;

function newDir(path: string, parent: Dir | undefined): Dir {
  return { path, entries: [], total: 0, expanded: false, parent };
}

/** Builds the directory tree of the listed paths (split at `/` and `\\`), one slice per line. */
function buildTree(p: SearchParse): { root: Dir; dirs: Dir[]; rawDirs: Map<number, Dir>; byPath: Map<string, Dir> } {
  const root = newDir("", undefined);
  root.expanded = true;
  const dirs: Dir[] = [];
  const byPath = new Map<string, Dir>([["", root]]);
  // Creates `path` (ending in a separator) and any missing ancestors.
  const ensure = (path: string): Dir => {
    const have = byPath.get(path);
    if (have) return have;
    const cut = Math.max(path.lastIndexOf("/", path.length - 2), path.lastIndexOf("\\", path.length - 2));
    const parent = ensure(cut < 0 ? "" : path.slice(0, cut + 1));
    const d = newDir(path, parent);
    byPath.set(path, d);
    parent.entries.push(d);
    dirs.push(d);
    return d;
  };
  // A line that is not a path stays where it was: after the path before it.
  const rawDirs = new Map<number, Dir>();
  let last = root;
  for (let i = 0; i < p.lines.length; i++) {
    if (p.kind[i] === Kind.Raw) { last.entries.push(i); rawDirs.set(i, last); continue; }
    if (p.kind[i] !== Kind.Path) continue;
    const line = p.lines[i]!;
    const cut = Math.max(line.lastIndexOf("/"), line.lastIndexOf("\\"));
    // sorted listings repeat the previous line's directory: skip the slice and the lookup
    const d = cut >= 0 && last.path.length === cut + 1 && line.startsWith(last.path) ? last : ensure(cut < 0 ? "" : line.slice(0, cut + 1));
    d.entries.push(i);
    for (let a: Dir | undefined = d; a; a = a.parent) a.total++;
    last = d;
  }
  return { root, dirs, rawDirs, byPath };
}

const openAncestors = (d: Dir | undefined) => {
  for (let a = d; a; a = a.parent) a.expanded = true;
};

/**
 * Compresses a parsed listing.
 * @param p the parse (shape `listing`)
 * @param input the compressor input
 */
export function compressListing(p: SearchParse, input: CompressorInput): CompressorOutput {
  const terms = queryTerms(input.query);
  const { root, dirs, rawDirs, byPath } = buildTree(p);
  const idx: number[] = [];
  for (let i = 0; i < p.lines.length; i++) if (p.kind[i] === Kind.Path) idx.push(i);
  // Only paths that hold a query word or identifier can score; the rest stay at 0 unscored.
  const rough = new Float64Array(idx.length);
  if (!terms.empty) for (let k = 0; k < idx.length; k++) rough[k] = roughScore(p.lines[idx[k]!]!, terms);
  const cand = candidates(rough);
  const score = new Float64Array(idx.length);
  if (cand.length > 0) {
    const paths = cand.map((k) => p.lines[idx[k]!]!);
    const names = paths.map((s) => splitPath(s)[1]);
    // A match in the file name counts twice: once for the path, once for the name.
    const sp = scoreUnits(paths, terms.query);
    const sn = scoreUnits(names, terms.query);
    for (let c = 0; c < cand.length; c++) {
      const s = sp[c]! + sn[c]! + partScore(paths[c]!, terms) + partScore(names[c]!, terms);
      score[cand[c]!] = s * placeFactor(paths[c]!, "", terms);
    }
  }
  const before = input.count(input.text);
  const budget = keptBudget(before, input.targetRatio);
  const order = cand.filter((k) => score[k]! > 0).sort((a, b) => score[b]! - score[a]! || a - b);
  const keep = new Set<number>();
  const reasons: Reason[] = [];
  if (order.length > 0) {
    const top = score[order[0]!]!;
    const specific = top >= 0.4 * IDENTIFIER_WEIGHT;
    const rho = specific ? 0.5 : 0.3;
    const maxKeep = specific ? 3 + Math.ceil(Math.log2(1 + idx.length)) : 4 + Math.ceil(Math.sqrt(idx.length));
    let used = 0;
    for (const k of order) {
      if (score[k]! < rho * top || keep.size >= maxKeep) break;
      const c = input.count(p.lines[idx[k]!]!) + 1;
      if (keep.size > 0 && used + c > budget) break;
      used += c;
      keep.add(idx[k]!);
      openAncestors(dirOf(byPath, p.lines[idx[k]!]!));
    }
    // Directories named like the question stay visible (collapsed) even with no kept file in them.
    const dirNames = dirs.map((d) => splitPath(d.path.slice(0, -1))[1]);
    const ds = scoreUnits(dirNames, terms.query);
    let best = 0;
    for (let k = 0; k < dirs.length; k++) { ds[k]! += partScore(dirNames[k]!, terms); best = Math.max(best, ds[k]!); }
    const named = [...ds.keys()].filter((k) => best > 0 && ds[k]! >= rho * best).sort((a, b) => ds[b]! - ds[a]! || a - b);
    for (const k of named.slice(0, maxKeep)) openAncestors(dirs[k]!.parent);
    reasons.push({ code: "search.kept", detail: `kept ${formatCount(keep.size)} of ${formatCount(idx.length)} paths matching the question verbatim` });
  }
  for (const [i, d] of rawDirs) { keep.add(i); openAncestors(d); }
  if (rawDirs.size > 0) reasons.push({ code: "search.unparsed", detail: `${formatCount(rawDirs.size)} lines that are not paths kept verbatim in place` });
  overview(root);
  const out: string[] = [];
  render(root, p, keep, out);
  const shownPaths = keep.size - rawDirs.size;
  out.push(omission(`${formatCount(idx.length - shownPaths)} of ${formatCount(idx.length)} paths collapsed by directory`, input.ref));
  reasons.push({ code: "search.listing", detail: `file listing compressed by directory into ${formatCount(out.length - 1)} lines` });
  return { text: out.join(p.crlf ? "\r\n" : "\n"), lossy: true, reasons };
}

/** The directory node holding `path`. */
function dirOf(byPath: ReadonlyMap<string, Dir>, path: string): Dir | undefined {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return byPath.get(cut < 0 ? "" : path.slice(0, cut + 1));
}

/** Opens the biggest collapsed directories while the output is still tiny, so it stays an overview. */
function overview(root: Dir): void {
  for (let guard = 0; guard < 64; guard++) {
    const lines = countLines(root);
    if (lines >= MIN_LINES) return;
    let best: Dir | undefined;
    const visit = (d: Dir) => {
      for (const e of d.entries) {
        if (typeof e === "number") continue;
        if (e.expanded) visit(e);
        else if (e.entries.length > 0 && (!best || e.total > best.total)) best = e;
      }
    };
    visit(root);
    if (!best) return;
    best.expanded = true;
    if (countLines(root) > 3 * MIN_LINES) { best.expanded = false; return; }
  }
}

function countLines(d: Dir): number {
  let n = 0;
  let files = 0;
  let subs = 0;
  for (const e of d.entries) {
    if (typeof e === "number") files++;
    else if (e.expanded) n += countLines(e);
    else subs++;
  }
  return n + (files > 0 ? 1 : 0) + Math.min(subs, MAX_DIR_LINES + 1);
}

/** Renders an open directory: kept paths verbatim, closed subdirectories as `dir/ (N files)`. */
function render(d: Dir, p: SearchParse, keep: ReadonlySet<number>, out: string[]): void {
  let others = 0;
  let closed = 0;
  let closedFiles = 0;
  for (const e of d.entries) {
    if (typeof e === "number") { if (!keep.has(e)) others++; }
    else if (!e.expanded && e.total > 2) { closed++; closedFiles += e.total; }
  }
  const label = d.path === "" ? "./" : d.path;
  // Few leftover files are cheaper shown than summarised.
  const showOthers = others <= 2;
  let othersDone = false;
  let closedDone = false;
  for (const e of d.entries) {
    if (typeof e === "number") {
      if (keep.has(e) || showOthers) out.push(p.lines[e]!);
      else if (!othersDone) { out.push(`${label} (${formatCount(others)} more file${others === 1 ? "" : "s"})`); othersDone = true; }
    } else if (e.expanded) {
      render(e, p, keep, out);
    } else if (e.total <= 2) {
      listAll(e, p, out); // one or two paths cost no more than the line that would count them
    } else if (closed <= MAX_DIR_LINES) {
      out.push(`${e.path} (${formatCount(e.total)} file${e.total === 1 ? "" : "s"})`);
    } else if (!closedDone) {
      out.push(`${label} (${formatCount(closedFiles)} files in ${formatCount(closed)} more directories)`);
      closedDone = true;
    }
  }
}

/** Every path below a (small) directory, verbatim, in input order. */
function listAll(d: Dir, p: SearchParse, out: string[]): void {
  for (const e of d.entries) {
    if (typeof e === "number") out.push(p.lines[e]!);
    else listAll(e, p, out);
  }
}
