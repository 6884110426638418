/**
 * Decides what a diff keeps within the token budget. Always: every commit header and subject,
 * every file's header or summary line. Never dropped: file diffs the query's identifiers touch
 * (path, changed or context lines, or their commit's message) and the best word matches by
 * file and by commit. Then, most relevant first, more file diffs while the budget lasts.
 * Lockfiles, generated and vendored files collapse to a summary unless the query names
 * something in them. Hunks the query touches are shown whole, the others trimmed; when even the
 * protected files overflow the budget, files kept only for a few matching hunks drop the rest.
 * A question with several subjects (query words naming different paths, see `subjects.ts`)
 * splits the budget between them before the rest is filled by score, and every subject shows
 * at least its best file's matching hunks; a file of a subject that does not fit whole shows
 * just its matching hunks.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import { words } from "../../core/query.js";
import { identifierHits } from "../shared/relevance.js";
import { assemble, type Plan } from "./assemble.js";
import { collapseKind } from "./collapse.js";
import type { ParsedDiff } from "./parse.js";
import { hasQuery, type Relevance } from "./rank.js";
import { focusLines } from "./focus.js";
import { DROP, FOCUS, renderFile, summaryLine, TRIM, WHOLE } from "./render.js";
import { pathParts, pathSubjects } from "./subjects.js";

/** Files scoring at least this share of the best score are kept whatever the budget … */
const TOP_SHARE = 0.7;
/** … at most this many of them. */
const TOP_FILES = 3;
/** Commits scoring at least this share of the best commit keep their matching files whatever the budget … */
const TOP_COMMIT_SHARE = 0.6;
/** … at most this many commits. */
const TOP_COMMITS = 3;
/** A commit with at most this many files keeps them all when it is among the best. */
const SMALL_COMMIT = 4;
/** Files (and hunks within a file) scoring below this share of the best are not worth their tokens. */
const MIN_SHARE = 0.25;
/** Hunks whose word score reaches this share of the best hunk are shown whole (in kept files) … */
const STRONG_HUNK_SHARE = 0.6;
/** … at most this many. */
const STRONG_HUNKS = 3;
/** Commits whose score reaches this share of the best keep their whole message … */
const STRONG_COMMIT_SHARE = 0.5;
/** … at most this many. */
const STRONG_COMMITS = 3;
/** Hunks longer than this many lines may be cut to the lines the question points at. */
const FOCUS_MIN_LINES = 12;
/** Share of the query's words a commit-body line must hold to survive a trimmed body. */
const BODY_WORD_SHARE = 0.25;

/** Inputs of {@link planDiff}. */
export interface PlanInput {
  d: ParsedDiff;
  query: ParsedQuery;
  rel: Relevance;
  ref: string;
  /** Tokens the output may use ("enough" savings). */
  budget: number;
  count: (s: string) => number;
}

/** A plan, and how many files were kept for the query or collapsed. */
export interface Planned {
  plan: Plan;
  /** Files kept because the query's identifiers or best words point at them. */
  matched: number;
  /** Lockfile / generated / vendored files reduced to a summary. */
  collapsed: number;
  /** Hunks left out of files that are shown. */
  droppedHunks: number;
}

/** Indices of the top `n` entries of `scores` at or above `share` of the best (best first, then earlier). */
function topShare(scores: Float64Array, share: number, n: number): number[] {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max <= 0) return [];
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! >= share * max) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return idx.slice(0, n);
}

/** A commit-body line stays when it names a query identifier or holds a quarter of the query's words (2 at least). */
function bodyFilter(query: ParsedQuery): (line: string) => boolean {
  const qWords = new Set(query.words);
  const need = Math.max(2, Math.ceil(BODY_WORD_SHARE * qWords.size));
  return (line) => {
    if (identifierHits(line, query) > 0) return true;
    if (qWords.size === 0) return false;
    let shared = 0;
    for (const w of new Set(words(line))) if (qWords.has(w) && ++shared >= need) return true;
    return false;
  };
}

/**
 * Builds the plan.
 * @example planDiff({ d, query, rel: rankParts(d, query), ref, budget: 2000, count }).plan.keep
 */
export function planDiff({ d, query, rel, ref, budget, count }: PlanInput): Planned {
  const nf = d.files.length;
  const { hunkBase } = rel;
  const collapsed = d.files.map((f) => collapseKind(f.path) ?? (f.fromPath ? collapseKind(f.fromPath) : undefined));
  const hunk = new Uint8Array(rel.hunkScore.length); // TRIM
  for (let h = 0; h < hunk.length; h++) if (rel.hunkHit[h]) hunk[h] = WHOLE;
  for (const h of topShare(rel.hunkScore, STRONG_HUNK_SHARE, STRONG_HUNKS)) hunk[h] = WHOLE;
  const body = new Uint8Array(d.commits.length);
  for (let c = 0; c < body.length; c++) if (rel.commitHit[c]) body[c] = 1;
  for (const c of topShare(rel.commitScore, STRONG_COMMIT_SHARE, STRONG_COMMITS)) body[c] = 1;
  const plan: Plan = { keep: new Uint8Array(nf), hunk, hunkBase, body, bodyLine: bodyFilter(query), context: 2, collapsed };
  const focusers = new Map<number, (line: string) => boolean>();
  plan.focus = (f) => {
    let t = focusers.get(f);
    if (!t) focusers.set(f, (t = focusLines(query, pathParts(d.files[f]!.path))));
    return t;
  };

  // Relevance of a file: its own score plus its commit's (the message often says what the diff does not).
  const score = new Float64Array(nf);
  for (let f = 0; f < nf; f++) {
    const c = d.files[f]!.commit;
    score[f] = rel.fileScore[f]! + (c >= 0 ? rel.commitScore[c]! : 0);
  }
  // Kept whatever the budget: files the query's identifiers touch, the best files and commits by words.
  const protect = new Uint8Array(nf);
  // Of those, kept for their path or their commit (all hunks matter), not just for some hunks.
  const whole = new Uint8Array(nf);
  for (let f = 0; f < nf; f++) {
    const c = d.files[f]!.commit;
    if (rel.headHit[f] || (c >= 0 && rel.commitHit[c])) protect[f] = whole[f] = 1;
    else if (rel.fileHit[f]) protect[f] = 1;
  }
  for (const f of topShare(score, TOP_SHARE, TOP_FILES)) protect[f] = 1;
  // The best commits by words: their files that share the query's words (all of a small commit).
  for (const c of topShare(rel.commitScore, TOP_COMMIT_SHARE, TOP_COMMITS)) {
    const fs = d.commits[c]!.files;
    let best = 0;
    for (const f of fs) best = Math.max(best, rel.fileScore[f]!);
    for (const f of fs) if (fs.length <= SMALL_COMMIT || rel.fileScore[f]! >= MIN_SHARE * best) protect[f] = whole[f] = 1;
  }
  for (let f = 0; f < nf; f++) {
    if (collapsed[f] === undefined) continue;
    // A collapsed file stays only when the query names something in it: then only the hunks
    // it names, or the trimmed diff when only its path matched.
    protect[f] = rel.fileHit[f]! ? 1 : 0;
    const hits = forHunks(d, hunkBase, f, (h) => rel.hunkHit[h]!);
    forHunks(d, hunkBase, f, (h) => (hunk[h] = rel.hunkHit[h] ? WHOLE : hits > 0 ? DROP : TRIM));
  }
  let matched = 0;
  for (let f = 0; f < nf; f++) if (protect[f]) matched++;

  // Cheapest output: every file summarized. Then what each file's diff adds.
  const skeleton = count(assemble(d, plan, ref).text);
  const delta = (f: number, context: number) => {
    const base = hunkBase[f]!;
    const r = renderFile(d, d.files[f]!, { mode: (k) => hunk[base + k]!, context, focus: plan.focus!(f) }, ref);
    return count(r.lines.join("\n")) - count(summaryLine(d.files[f]!, collapsed[f]));
  };
  const done = (): Planned => {
    let n = 0;
    for (let f = 0; f < nf; f++) if (collapsed[f] !== undefined && !plan.keep[f]) n++;
    let dropped = 0;
    for (let f = 0; f < nf; f++) if (plan.keep[f]) dropped += forHunks(d, hunkBase, f, (h) => hunk[h] === DROP);
    return { plan, matched, collapsed: n, droppedHunks: dropped };
  };
  // Everything fits with two lines of context: keep it all.
  let all = skeleton;
  for (let f = 0; f < nf && all <= budget; f++) if (collapsed[f] === undefined || protect[f]) all += delta(f, 2);
  if (all <= budget) {
    for (let f = 0; f < nf; f++) plan.keep[f] = collapsed[f] === undefined || protect[f] ? 1 : 0;
    return done();
  }
  plan.context = 1;
  const cost = new Float64Array(nf);
  let used = skeleton;
  for (let f = 0; f < nf; f++) {
    if (!protect[f]) continue;
    plan.keep[f] = 1;
    used += cost[f] = delta(f, 1);
  }
  // Over budget already: files kept for the hunks that name an identifier show just those (and
  // their best word matches); their other hunks are dropped with a marker.
  if (used > budget) {
    for (let f = 0; f < nf; f++) {
      if (!protect[f] || whole[f] || collapsed[f] !== undefined || forHunks(d, hunkBase, f, (h) => rel.hunkHit[h]) === 0) continue;
      let best = 0;
      forHunks(d, hunkBase, f, (h) => { best = Math.max(best, rel.hunkScore[h]!); });
      forHunks(d, hunkBase, f, (h) => { if (hunk[h] === TRIM && !(rel.hunkScore[h]! > 0 && rel.hunkScore[h]! >= MIN_SHARE * best)) hunk[h] = DROP; });
      const c = delta(f, 1);
      used += c - cost[f]!;
      cost[f] = c;
    }
  }
  // A file diff that does not fit whole may still show the hunks that match the query.
  const narrow = (f: number, least = MIN_SHARE): (() => void) => {
    const saved = saveModes(d, hunkBase, hunk, f);
    let best = 0;
    forHunks(d, hunkBase, f, (h) => { best = Math.max(best, rel.hunkScore[h]!); });
    const base = hunkBase[f]!;
    forHunks(d, hunkBase, f, (h) => {
      const matches = best > 0 ? rel.hunkScore[h]! > 0 && rel.hunkScore[h]! >= least * best : h === base;
      if (!matches && hunk[h] !== WHOLE) hunk[h] = DROP;
    });
    return () => hunk.set(saved, base);
  };
  // … and a long hunk (a new file) that still does not fit may show just the lines the question
  // points at.
  const focus = (f: number): (() => void) => {
    const saved = saveModes(d, hunkBase, hunk, f);
    const base = hunkBase[f]!;
    d.files[f]!.hunks.forEach((h, k) => {
      if (hunk[base + k] === DROP || h.end - h.start <= FOCUS_MIN_LINES) return;
      const keeps = plan.focus!(f);
      for (let i = h.start + 1; i < h.end; i++) if (keeps(d.lines[i]!.slice(1))) { hunk[base + k] = FOCUS; return; }
    });
    return () => hunk.set(saved, base);
  };
  const subjects = pathSubjects(d, query, (f) => collapsed[f] !== undefined);
  const inSubject = new Uint8Array(nf);
  for (const s of subjects) for (const f of s.files) inSubject[f] = 1;
  // Several subjects: each gets its share of the budget, so the one with the most (or the
  // wordiest) files cannot starve the others; each shows at least its best file's matching hunks.
  if (subjects.length > 0) {
    const share = subjects.length >= 2 ? Math.max(0, budget - skeleton) / subjects.length : 0;
    const floor = budget / (2 * subjects.length);
    // A file whose path names several subjects (`mcp/stats-link.ts` for "stats … and mcp …")
    // shows none of them on its own: a subject counts as shown by its own files only.
    const owners = new Uint8Array(nf);
    for (const s of subjects) for (const f of s.files) owners[f]++;
    for (const s of subjects) {
      let spent = 0;
      let extra = 0;
      for (const f of s.files) if (plan.keep[f] && owners[f] === 1) spent += cost[f]!;
      const files = s.files.filter((f) => !plan.keep[f]).sort((a, b) => score[b]! - score[a]! || a - b);
      let top = 0;
      if (spent > 0) for (const f of s.files) if (owners[f] === 1) top = Math.max(top, score[f]!);
      // Breadth first: each file's matching hunks, best file first; past the share or the budget
      // (which protected files may have used up) still up to a floor of its own: a subject not
      // shown yet shows its best file, then files with matching hunks; a subject already shown,
      // only the best hunk of files as relevant as its best, where that is at most half the
      // file, within half the floor …
      const narrowed: Array<{ f: number; full: number; restore: () => void }> = [];
      const cap = top > 0 ? floor / 2 : floor;
      for (const f of files) {
        if ((spent >= share || used >= budget) && extra >= cap) break;
        const full = delta(f, 1);
        let restore = narrow(f);
        let c = delta(f, 1);
        if (spent + c > share || used + c > budget) {
          if (top > 0) {
            restore();
            restore = narrow(f, 1);
            c = delta(f, 1);
          }
          const unfocus = focus(f);
          const focused = delta(f, 1);
          if (focused < c) {
            const before = restore;
            restore = () => { unfocus(); before(); };
            c = focused;
          } else unfocus();
          const matching = forHunks(d, hunkBase, f, (h) => rel.hunkScore[h]! > 0) > 0;
          const ok = extra + c <= cap && (top > 0 ? score[f]! >= TOP_SHARE * top && 2 * c <= full && matching : spent === 0 || matching);
          if (!ok) { restore(); continue; }
          extra += c;
        }
        if (c < full) narrowed.push({ f, full, restore });
        plan.keep[f] = 1;
        cost[f] = c;
        spent += c;
        used += c;
      }
      // … then whole file diffs while the share lasts.
      for (const { f, full, restore } of narrowed) {
        if (spent - cost[f]! + full > share || used - cost[f]! + full > budget) continue;
        restore();
        spent += full - cost[f]!;
        used += full - cost[f]!;
        cost[f] = full;
      }
    }
  }
  // Most relevant first; without a query, in input order.
  const order: number[] = [];
  let max = 0;
  for (let f = 0; f < nf; f++) {
    if (!protect[f] && collapsed[f] === undefined) order.push(f);
    if (score[f]! > max) max = score[f]!;
  }
  const ranked = hasQuery(query);
  if (ranked) order.sort((a, b) => score[b]! - score[a]! || a - b);
  for (const f of order) {
    if (used >= budget) break;
    if (ranked && (score[f]! <= 0 || score[f]! < MIN_SHARE * max)) break;
    let c = delta(f, 1);
    if (used + c > budget) {
      if (!inSubject[f]) continue;
      const restore = narrow(f);
      c = delta(f, 1);
      if (used + c > budget) { restore(); continue; }
    }
    plan.keep[f] = 1;
    used += c;
  }
  // Changed lines that cite a security advisory are rare and what a question about a fix needs:
  // a summarized file still shows the hunks that carry one.
  for (let f = 0; f < nf; f++) {
    if (plan.keep[f] || collapsed[f] !== undefined || forHunks(d, hunkBase, f, (h) => rel.hunkSecurity[h]) === 0) continue;
    plan.keep[f] = 1;
    forHunks(d, hunkBase, f, (h) => (hunk[h] = rel.hunkSecurity[h] ? (hunk[h] === WHOLE ? WHOLE : TRIM) : DROP));
  }
  // A diff reduced to summaries alone answers nothing: show at least the best (or first) file.
  if (!plan.keep.includes(1) && order.length > 0) plan.keep[order[0]!] = 1;
  return done();
}

/** A copy of file `f`'s hunk modes. */
function saveModes(d: ParsedDiff, hunkBase: Uint32Array, hunk: Uint8Array, f: number): Uint8Array {
  return hunk.slice(hunkBase[f]!, hunkBase[f]! + d.files[f]!.hunks.length);
}

/** Calls `fn` on each flat hunk index of file `f`; returns how many calls returned truthy. */
function forHunks(d: ParsedDiff, hunkBase: Uint32Array, f: number, fn: (h: number) => unknown): number {
  let n = 0;
  const base = hunkBase[f]!;
  for (let k = 0; k < d.files[f]!.hunks.length; k++) if (fn(base + k)) n++;
  return n;
}
