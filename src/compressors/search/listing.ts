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
import { keptBudget, strongBudget } from "./budget.js";
import { lsRecursive } from "./lsr.js";
import { pathMatches } from "./pathmatch.js";
import { Kind, type SearchParse } from "./parse.js";
import { candidates, excluded, partScore, placeFactor, queryTerms, roughScore } from "./rank.js";

interface Dir {
  /** The directory as the input spells it, with its trailing separator (`""` for the root). */
  path: string;
  /** Files (input line indices, as numbers) and subdirectories, in input order. */
  entries: Array<Dir | number>;
  /** Files below, at any depth. */
  total: number;
  expanded: boolean;
  /** Named like the question: shown on a line of its own even where its siblings are summarised. */
  named: boolean;
  parent: Dir | undefined;
}

/** Subdirectories of one open directory beyond this many are summarised in one line. */
const MAX_DIR_LINES = 24;
/** A listing shorter than this many output lines opens its biggest directories for an overview. */
const MIN_LINES = 12;
/**
 * In `ls -R` output, a directory with at most this many files is a small section: when its header
 * is printed (a kept file in it, or the question names it), all its files are listed rather than
 * counted (the names are the answer and cost about what a summary line does).
 */
export const SMALL_SECTION = 8;

function newDir(path: string, parent: Dir | undefined): Dir {
  return { path, entries: [], total: 0, expanded: false, named: false, parent };
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

/** Weight of each query word a path's file name holds (on top of BM25). */
const NAME_WORD = 3;
/** Weight of each query word elsewhere in the path. */
const DIR_WORD = 1;
/** Bonus of a path named like the question. */
const STRONG_BONUS = 6;

/**
 * Compresses a parsed listing. Paths named like the question (a query identifier, or two query
 * words in the file name, or one in the name and one in its directories) are kept in every
 * directory they occur in, within a generous ceiling; weaker matches fill a budget that grows
 * with the number of matching paths; paths of a kind the question excludes come after the rest.
 * @param p the parse (shape `listing`)
 * @param input the compressor input
 */
export function compressListing(listed: SearchParse, input: CompressorInput): CompressorOutput {
  const terms = queryTerms(input.query);
  // `ls -R`: rank full paths, print names under their header lines
  const ls = lsRecursive(listed);
  const p = ls ? ls.parse : listed;
  const view: View = { show: (i) => listed.lines[i]!, headers: ls?.headers };
  const { root, dirs, rawDirs, byPath } = buildTree(p);
  const idx: number[] = [];
  for (let i = 0; i < p.lines.length; i++) if (p.kind[i] === Kind.Path) idx.push(i);
  // Only paths that hold a query word or identifier can score; the rest stay at 0 unscored.
  const rough = new Float64Array(idx.length);
  if (!terms.empty) for (let k = 0; k < idx.length; k++) rough[k] = roughScore(p.lines[idx[k]!]!, terms);
  const cand = candidates(rough);
  const score = new Float64Array(idx.length);
  // 2: named like the question; 1: named like it but of a kind the question excludes; 0: other matches
  const tier = new Uint8Array(idx.length);
  if (cand.length > 0) {
    const paths = cand.map((k) => p.lines[idx[k]!]!);
    const names = paths.map((s) => splitPath(s)[1]);
    let positive = 0;
    for (let k = 0; k < rough.length; k++) if (rough[k]! > 0) positive++;
    const pm = pathMatches(paths, terms, idx.length, positive / cand.length);
    // Words and identifiers held by a large share of the paths (`ts`, `d.ts` of every declaration)
    // rank nothing, unless nothing else is asked for.
    const useful = (t: string) => !pm.common.has(t) && !pm.absent.has(t);
    const rareQ = { words: terms.query.words.filter(useful), identifiers: terms.query.identifiers.filter(useful) };
    const q = rareQ.words.length + rareQ.identifiers.length > 0 ? rareQ : terms.query;
    // A match in the file name counts twice: once for the path, once for the name.
    const sp = scoreUnits(paths, q);
    const sn = scoreUnits(names, q);
    // Paths that hold only common words (`ts`, `src`) match nothing in particular, unless nothing else matches.
    const rare = pm.matches.some((m) => m.all > 0 || m.ids > 0);
    for (let c = 0; c < cand.length; c++) {
      const m = pm.matches[c]!;
      if (rare && m.all === 0 && m.ids === 0) continue;
      let s = sp[c]! + sn[c]! + partScore(paths[c]!, terms) + partScore(names[c]!, terms);
      if (s <= 0) continue;
      s += NAME_WORD * m.name + DIR_WORD * (m.all - m.name) + (m.strong ? STRONG_BONUS : 0);
      score[cand[c]!] = s * placeFactor(paths[c]!, "", terms);
      if (m.strong) tier[cand[c]!] = excluded(paths[c]!, terms) ? 1 : 2;
    }
  }
  const before = input.count(input.text);
  const budget = keptBudget(before, input.targetRatio);
  // named paths first, then the other matches, then named paths of an excluded kind
  const rank = (k: number) => (tier[k] === 2 ? 2 : tier[k] === 0 ? 1 : 0);
  const order = cand.filter((k) => score[k]! > 0).sort((a, b) => rank(b) - rank(a) || score[b]! - score[a]! || a - b);
  const keep = new Set<number>();
  const reasons: Reason[] = [];
  if (order.length > 0) {
    let nStrong = 0;
    let nTwins = 0;
    for (const k of order) if (tier[k] === 2) nStrong++; else if (tier[k] === 1) nTwins++;
    const rest = order.slice(nStrong, order.length - nTwins);
    const topRest = rest.length > 0 ? score[rest[0]!]! : 0;
    const specific = score[order[0]!]! >= 0.4 * IDENTIFIER_WEIGHT;
    const rho = specific ? 0.5 : 0.3;
    // Beyond the named paths, the kept paths grow with the number of paths that match at all.
    const maxRest = specific ? 3 + Math.ceil(Math.log2(1 + order.length)) : 4 + Math.ceil(Math.sqrt(order.length));
    const maxKeep = nStrong + maxRest;
    const ceiling = strongBudget(before, input.targetRatio, budget);
    // Named paths spend up to the ceiling; the weaker matches, then named paths of an excluded
    // kind (`.d.ts` twins of "not the .d.ts types"), the ordinary budget.
    let usedStrong = 0;
    let usedRest = 0;
    let capped = 0;
    let twins = 0;
    let restKept = 0;
    for (const k of order) {
      const c = input.count(p.lines[idx[k]!]!) + 1;
      if (tier[k] === 2) {
        if (keep.size > 0 && usedStrong + c > ceiling) { capped++; continue; }
        usedStrong += c;
      } else if (tier[k] === 1) {
        if (keep.size > 0 && usedRest + c > budget) continue;
        usedRest += c;
        twins++;
      } else {
        if (score[k]! < rho * topRest || restKept >= maxRest || (keep.size > 0 && usedRest + c > budget)) continue;
        usedRest += c;
        restKept++;
      }
      keep.add(idx[k]!);
      openAncestors(dirOf(byPath, p.lines[idx[k]!]!));
    }
    // Directories named like the question stay visible (collapsed) even with no kept file in them.
    const dirNames = dirs.map((d) => splitPath(d.path.slice(0, -1))[1]);
    const ds = scoreUnits(dirNames, terms.query);
    let best = 0;
    for (let k = 0; k < dirs.length; k++) { ds[k]! += partScore(dirNames[k]!, terms); best = Math.max(best, ds[k]!); }
    const named = [...ds.keys()].filter((k) => best > 0 && ds[k]! >= rho * best).sort((a, b) => ds[b]! - ds[a]! || a - b);
    for (const k of named.slice(0, maxKeep)) { dirs[k]!.named = true; openAncestors(dirs[k]!.parent); }
    const strongNote = nStrong > 0 ? ` (${formatCount(nStrong - capped)} named like the question, in every directory)` : "";
    reasons.push({ code: "search.kept", detail: `kept ${formatCount(keep.size)} of ${formatCount(idx.length)} paths matching the question verbatim${strongNote}` });
    if (nTwins > 0) reasons.push({ code: "search.excluded", detail: `${formatCount(nTwins)} paths named like the question are of a kind it excludes: ranked after the others, ${formatCount(twins)} kept` });
    if (capped > 0) reasons.push({ code: "search.capped", detail: `${formatCount(capped)} more paths named like the question did not fit; retrieve the ref with the query` });
  }
  for (const [i, d] of rawDirs) { keep.add(i); openAncestors(d); }
  if (rawDirs.size > 0) reasons.push({ code: "search.unparsed", detail: `${formatCount(rawDirs.size)} lines that are not paths kept verbatim in place` });
  overview(root);
  const shownPaths = keep.size - rawDirs.size;
  const out = renderCompact(root, view, keep, shownPaths);
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

/** Summary lines allowed beside the kept paths: at least this many, or one per kept path… */
const MIN_SUMMARY_LINES = 24;
/** …but no more than this many. */
const MAX_SUMMARY_LINES = 60;

/**
 * Renders the tree with as many `dir/ (N files)` lines per open directory as fit: when the
 * summaries would outnumber the kept paths by far (kept paths spread over many deep directories
 * open many wide parents), each directory lists fewer of its closed subdirectories one per line
 * and counts the rest on one line. Directories named like the question always keep their line.
 */
function renderCompact(root: Dir, v: View, keep: ReadonlySet<number>, kept: number): string[] {
  const allowed = kept + Math.max(MIN_SUMMARY_LINES, Math.min(kept, MAX_SUMMARY_LINES));
  let out: string[] = [];
  for (const limit of [MAX_DIR_LINES, 8, 3, 0]) {
    out = [];
    render(root, v, keep, out, limit);
    if (out.length <= allowed) break;
  }
  return out;
}

/** How kept lines are printed: the input line itself, under its `dir:` header in `ls -R` output. */
interface View {
  show: (line: number) => string;
  headers: ReadonlyMap<string, string> | undefined;
}

/** Renders an open directory: kept paths verbatim, closed subdirectories as `dir/ (N files)`. */
function render(d: Dir, v: View, keep: ReadonlySet<number>, out: string[], limit: number): void {
  let others = 0;
  let closed = 0;
  let closedFiles = 0;
  for (const e of d.entries) {
    if (typeof e === "number") { if (!keep.has(e)) others++; }
    else if (!e.expanded && !e.named) { closed++; closedFiles += e.total; }
  }
  const label = d.path === "" ? "./" : d.path;
  // Few leftover files are cheaper shown than summarised; under a header that is printed, a small
  // section shows all its files (a header alone with "(4 more files)" hides what it holds)
  let files = 0;
  for (const e of d.entries) if (typeof e === "number") files++;
  const showOthers = others <= 2 || ((v.headers?.has(d.path) ?? false) && files <= SMALL_SECTION);
  let othersDone = false;
  let closedDone = false;
  // `ls -R`: the directory's header line goes before its first name
  let header = v.headers?.get(d.path);
  const head = () => {
    if (header !== undefined) { out.push(header); header = undefined; }
  };
  for (const e of d.entries) {
    if (typeof e === "number") {
      if (keep.has(e) || showOthers) { head(); out.push(v.show(e)); }
      else if (!othersDone) { head(); out.push(`${label} (${formatCount(others)} more file${others === 1 ? "" : "s"})`); othersDone = true; }
    } else if (e.expanded) {
      render(e, v, keep, out, limit);
    } else if ((e.total <= 2 && (e.named || closed <= limit)) || (e.named && e.total <= SMALL_SECTION && (v.headers?.has(e.path) ?? false))) {
      // one or two paths cost no more than the line that would count them; in `ls -R`, a small
      // directory the question names is listed under its header: its names are what was asked
      listAll(e, v, out);
    } else if (e.named || closed <= limit) {
      out.push(`${e.path} (${formatCount(e.total)} file${e.total === 1 ? "" : "s"})`);
    } else if (!closedDone) {
      out.push(`${label} (${formatCount(closedFiles)} files in ${formatCount(closed)} more directories)`);
      closedDone = true;
    }
  }
}

/** Every path below a (small) directory, verbatim, in input order (under its header in `ls -R`). */
function listAll(d: Dir, v: View, out: string[]): void {
  let header = v.headers?.get(d.path);
  for (const e of d.entries) {
    if (typeof e === "number") {
      if (header !== undefined) { out.push(header); header = undefined; }
      out.push(v.show(e));
    } else listAll(e, v, out);
  }
}
