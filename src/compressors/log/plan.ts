/**
 * Which lines of a log to keep. Every signal proposes lines at a priority; the budget takes them
 * best first (see budget.ts). Signals on one line add up.
 *
 * | priority | lines                                                                              | budget |
 * |---------:|------------------------------------------------------------------------------------|--------|
 * | MUST     | first and last non-blank lines; `#` headers of a `#fields` log; lines holding a selective query identifier | none |
 * | 500–999  | errors (550), then warnings (500): all lines of a trouble template with ≤ 5, else its first two and last; each taken with the header of the step it belongs to, within 12 lines above (steps.ts), right after it | hard |
 * | (same)   | the message below a bare severity label (`Error:` alone, labels.ts): up to 5 lines, to the next blank line, label or record; a label template is kept per kind of message | hard |
 * | 80–499   | 80 + query-word template match (20–40: all lines of a template with ≤ 8, else its first two, last and numeric extremes) + a query number on the line (20–40) + rare template or rare shape (25–35; 20–30 for a rare template of a common shape: it differs by a name only) + rare column value (20–30) + test banner or failure detail (20–25) − a penalty for lines much longer than average | soft |
 * | 55–70    | ±1 line around kept signal lines; the first 3 lines and the last of a kept error's continuation (stack trace) | soft |
 * | 30–40    | one example of each frequent template (≥ 1 % of lines) not shown yet, within a quarter of the soft budget | soft |
 * | 25–30    | ±2 lines around errors and identifier hits; the rest of kept errors' stack traces | soft |
 *
 * `soft` is the log budget (4 % of the input's tokens, or less when `targetRatio` asks for more
 * savings); `hard` is what `targetRatio` allows. Output therefore grows with the number of
 * templates and signals, not with the input's length.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import { scoreUnits } from "../shared/relevance.js";
import { MUST, Selection } from "./budget.js";
import { classify, Kind } from "./classify.js";
import { columnOutliers } from "./columns.js";
import { extremeLines } from "./extremes.js";
import { findHits, MAX_TERMS, type Term } from "./hits.js";
import { isBareLabel, labelMessageEnd } from "./labels.js";
import type { LineTable } from "./lines.js";
import { groupShapes, type Shapes } from "./shapes.js";
import { stepHeader } from "./steps.js";
import type { Templates } from "./templates.js";

/** A trouble template with at most this many lines is kept whole. */
export const TROUBLE_ALL = 5;
/** A query-matched template with at most this many lines is kept whole. */
export const MATCH_ALL = 8;
/** Query-matched templates kept at most. */
export const MATCH_TEMPLATES = 8;
/** Templates scored with BM25 at most (the rest of a huge log of unique lines is prefiltered out). */
export const SCORE_LIMIT = 20_000;
/** Frequent templates shown by one example at most. */
export const EXAMPLES = 24;
/** Share of the soft budget that template examples may use. */
export const EXAMPLE_SHARE = 0.25;
/** Continuation lines (stack frames) kept first under an error head. */
export const FRAMES = 3;
/** Longest continuation block followed after a head. */
const MAX_BLOCK = 400;

/** The plan's inputs. */
export interface PlanInput {
  text: string;
  t: LineTable;
  tpl: Templates;
  query: ParsedQuery;
  /** Soft and hard token budgets. */
  soft: number;
  hard: number;
  lineCost: (i: number) => number;
  markerCost: number;
}

/** What the plan kept, by signal (counts of lines). */
export interface PlanStats {
  trouble: number;
  identifier: number;
  matched: number;
  rare: number;
  column: number;
  context: number;
  examples: number;
  /** Headers of the steps that kept errors belong to. */
  steps: number;
  structured: boolean;
  /** Templates the query words matched, best first. */
  matchedTemplates: number[];
}

/** Why a line was proposed (bits of `why`). */
const Why = { TROUBLE: 1, IDENTIFIER: 2, MATCH: 4, RARE: 8, COLUMN: 16, SECTION: 32, EXAMPLE: 64, STEP: 128 } as const;

/** Priorities: trouble lines sit at or above `HARD_FROM` (the hard budget), other signals from `SIGNAL` up. */
const HARD_FROM = 500;
const SIGNAL = 80;

/**
 * Chooses the lines to keep. Signals add up per line (a rare template that also matches the
 * query outranks a frequent one that matches better), so one typed array holds the scores.
 * @returns the selection and what each signal contributed
 */
export function plan(input: PlanInput): { sel: Selection; stats: PlanStats; head: (i: number) => boolean; shapes: Shapes } {
  const { text, t, tpl, query, soft, hard, lineCost, markerCost } = input;
  const { n } = t;
  const T = tpl.size;
  const kinds = new Uint8Array(T);
  for (let k = 0; k < T; k++) kinds[k] = classify(t.text(tpl.first[k]!));
  const kindOf = (i: number) => kinds[tpl.id[i]!]!;
  const countOf = (i: number) => tpl.count[tpl.id[i]!]!;
  const indented = (i: number) => {
    const c = t.bytes[t.spans[i * 4]!];
    return c === 0x20 || c === 0x09;
  };
  const sel = new Selection(n, lineCost, markerCost, countOf);
  const score = new Uint16Array(n);
  const why = new Uint8Array(n);
  const add = (i: number, v: number, w: number) => {
    score[i] = Math.min(MUST - 1, score[i]! + v);
    why[i] = why[i]! | w;
  };
  // a signal on a template: every line when it has at most `all`, else its first two and last
  const addTemplate = (k: number, all: number, v: number, w: number) => {
    const first = tpl.first[k]!;
    if (tpl.count[k]! <= all) {
      for (let i = first; i < n; i = tpl.next[i]!) add(i, v, w);
      return;
    }
    add(first, v + 10, w);
    add(tpl.next[first]!, v, w);
    add(tpl.last[k]!, v + 5, w);
  };

  // records: when many lines start with a timestamp/level, the others continue the record above
  let starts = 0;
  let nonBlank = 0;
  let fieldsHeader = false;
  for (let k = 0; k < T; k++) {
    if (kinds[k]! & Kind.BLANK) continue;
    nonBlank += tpl.count[k]!;
    if (kinds[k]! & Kind.START) starts += tpl.count[k]!;
    if (kinds[k]! & Kind.HASH && /^#(?:fields|Fields:)\s/.test(t.text(tpl.first[k]!))) fieldsHeader = true;
  }
  const structured = starts >= nonBlank * 0.3 && starts >= 3;
  // the templates that count for rarity: records in structured logs (continuation lines, such as
  // stack frames, are unique by nature and left to the block rule below), non-blank lines otherwise
  const counted = new Uint8Array(T);
  for (let k = 0; k < T; k++) counted[k] = kinds[k]! & Kind.BLANK || (structured && !(kinds[k]! & Kind.START)) ? 0 : 1;
  const shapes = groupShapes(t, tpl, counted);

  // MUST: first and last non-blank lines; TSV headers
  let firstLine = 0;
  while (firstLine < n - 1 && kindOf(firstLine) & Kind.BLANK) firstLine++;
  let lastLine = n - 1;
  while (lastLine > 0 && kindOf(lastLine) & Kind.BLANK) lastLine--;
  sel.propose(firstLine, MUST);
  sel.propose(lastLine, MUST);
  if (fieldsHeader) for (let i = 0; i < n; i++) if (kindOf(i) & Kind.HASH && countOf(i) <= 16) sel.propose(i, MUST);

  // query identifiers (and query words with digits, which masking hides from templates): a
  // selective one (on few lines) keeps every line it is on; one found all over the log only ranks
  // the templates it is in, like a word
  const ids = query.identifiers.slice(0, MAX_TERMS);
  const digitWords = query.words.filter((w) => /^\d+$/.test(w) && !ids.some((id) => id.includes(w)));
  const terms: Term[] = [...ids.map((s) => ({ text: s, whole: false })), ...digitWords.map((s) => ({ text: s, whole: true }))].slice(0, MAX_TERMS);
  const hits = findHits(text, t, terms);
  const selective = Math.max(16, Math.ceil(n * 0.002));
  let selMask = 0;
  let idMask = 0;
  let fewMask = 0;
  // an identifier on most lines (the host name of a one-host log) tells no line apart
  let allOverMask = 0;
  for (let k = 0; k < terms.length; k++) {
    if (hits.lines[k]! > n * 0.5) allOverMask |= 1 << k;
    if (hits.lines[k]! > 0 && hits.lines[k]! <= selective) selMask |= 1 << k;
    if (hits.lines[k]! > 0 && hits.lines[k]! <= Math.max(selective, n * 0.05)) fewMask |= 1 << k;
    if (!terms[k]!.whole) idMask |= 1 << k;
  }
  const tplMask = new Uint16Array(T);
  if (hits.mask) {
    for (let i = 0; i < n; i++) {
      const m = hits.mask[i]!;
      if (m === 0) continue;
      tplMask[tpl.id[i]!] |= m;
      if (m & selMask & idMask) { sel.propose(i, MUST); why[i] = why[i]! | Why.IDENTIFIER; }
      else if (m & selMask) add(i, 40, Why.MATCH); // a status code or port: strong, within budget
      else if (m & ~idMask & fewMask) add(i, 20, Why.MATCH); // on a few percent of lines: weaker
    }
  }

  // bare severity labels (`Error:` alone on its line): the message is on the lines below (labels.ts)
  const labelTpl = new Uint8Array(T);
  for (let k = 0; k < T; k++) if (!(kinds[k]! & Kind.BLANK)) labelTpl[k] = isBareLabel(t.text(tpl.first[k]!)) ? 1 : 0;
  const isLabel = (i: number) => labelTpl[tpl.id[i]!] === 1;

  // trouble, over the hard budget: errors before warnings. A bare label template says nothing by
  // itself: its lines are told apart by their messages, so the template rule applies per message
  // template (the first two and last `Error:` of each kind of message).
  for (let k = 0; k < T; k++) {
    const kind = kinds[k]!;
    const v = kind & Kind.ERROR ? HARD_FROM + 50 : kind & Kind.WARN ? HARD_FROM : 0;
    if (v === 0) continue;
    if (!labelTpl[k]) { addTemplate(k, TROUBLE_ALL, v, Why.TROUBLE); continue; }
    const byMessage = new Map<number, number[]>();
    for (let i = tpl.first[k]!; i < n; i = tpl.next[i]!) {
      const key = i + 1 < n ? tpl.id[i + 1]! : -1;
      const group = byMessage.get(key);
      if (group) group.push(i);
      else byMessage.set(key, [i]);
    }
    for (const group of byMessage.values()) {
      if (group.length <= TROUBLE_ALL) for (const i of group) add(i, v, Why.TROUBLE);
      else { add(group[0]!, v + 10, Why.TROUBLE); add(group[1]!, v, Why.TROUBLE); add(group.at(-1)!, v + 5, Why.TROUBLE); }
    }
  }

  // query words (and identifiers found all over) rank templates; the best few keep lines
  // (a big matching template also keeps the lines with its numbers' extremes: the longest pause)
  const matched = matchTemplates(t, tpl, kinds, query, tplMask, selMask | ~idMask | allOverMask);
  for (const [k, rel] of matched) {
    const v = Math.round(40 * rel);
    addTemplate(k, MATCH_ALL, v, Why.MATCH);
    if (tpl.count[k]! > MATCH_ALL) for (const i of extremeLines(t, tpl, k)) add(i, v - 5, Why.MATCH);
  }

  // test-runner sections and failure details
  for (let k = 0; k < T; k++) {
    if (kinds[k]! & Kind.BANNER) addTemplate(k, 2, 25, Why.SECTION);
    else if (kinds[k]! & Kind.DETAIL) addTemplate(k, TROUBLE_ALL, 20, Why.SECTION);
  }

  // rare templates and rare shapes, each when rarity means something at its level (few lines are
  // rare). A shape is coarser (names are <*>), so where names make every template rare, a rare
  // shape is still a structural variant; a rare template of a common shape differs by a name only
  // and ranks a little lower.
  const rareMax = rareThreshold(tpl.count, T, (k) => counted[k] === 1, n);
  const shapeRareMax = rareThreshold(shapes.count, shapes.size, () => true, n);
  for (let k = 0; k < T; k++) {
    if (!counted[k]) continue;
    const c = tpl.count[k]!;
    const sc = shapes.count[shapes.of[k]!]!;
    const rareTpl = c <= rareMax;
    const rareShape = sc <= shapeRareMax;
    if (!rareTpl && !rareShape) continue;
    const v = rareShape ? (c === 1 ? 35 : 25) : shapeRareMax > 0 ? (c === 1 ? 30 : 20) : c === 1 ? 35 : 25;
    for (let i = tpl.first[k]!; i < n; i = tpl.next[i]!) add(i, v, Why.RARE);
  }

  // rare values in dominated columns (records only)
  const use = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const kd = kindOf(i);
    use[i] = kd & (Kind.BLANK | Kind.HASH) || (structured && !(kd & Kind.START)) ? 0 : 1;
  }
  const cols = columnOutliers(t, use, Math.max(2, Math.ceil(Math.log2(Math.max(2, n)) / 2)));
  for (let k = 0; k < cols.lines.length; k++) add(cols.lines[k]!, cols.rarity[k] === 1 ? 30 : 20, Why.COLUMN);

  // value per token: a line several times longer than the log's average line ranks lower (one
  // 160-token list of partitions must not crowd out three one-off events)
  let avgCost = 0;
  for (let i = 0; i < n; i++) avgCost += lineCost(i);
  avgCost /= Math.max(1, n);
  const density = (i: number) => Math.round(10 * Math.log2(Math.max(1, lineCost(i) / avgCost)));
  // a proposed bare label brings its message at its own rank (no density penalty: the message is
  // the evidence the label stands for)
  const labelEnd = (i: number) => labelMessageEnd(t, i, kindOf, isLabel);
  for (let i = 0; i < n; i++) {
    const s = score[i]!;
    if (s === 0 || !isLabel(i)) continue;
    for (let j = i + 1, end = labelEnd(i); j < end; j++) if (score[j]! < s) { score[j] = s; why[j] = why[j]! | (why[i]! & Why.TROUBLE); }
  }
  for (let i = 0; i < n; i++) {
    const s = score[i]!;
    if (s > 0) sel.propose(i, s >= HARD_FROM ? s : Math.max(SIGNAL, Math.min(HARD_FROM - 1, SIGNAL + s - density(i))));
  }
  // an error or warning and the header of the step it belongs to (what was being done) are one
  // piece of evidence: the header is taken right after its error, at the error's rank and within
  // the hard budget like it, so a unique error keeps its header before repeated errors fill the
  // budget (a header shared by several kept errors costs once)
  const headers: number[] = [];
  const stepOf = (i: number) => {
    if (!(kindOf(i) & (Kind.ERROR | Kind.WARN))) return -1;
    const h = stepHeader(t, i, kindOf, structured);
    if (h >= 0 && !sel.keep[h]) headers.push(h);
    return h;
  };
  sel.take(soft, hard, HARD_FROM, stepOf);
  for (const h of headers) if (sel.keep[h]) why[h] = why[h]! | Why.STEP;

  // context: ±1 line around kept signal lines; the head of each kept error's continuation block
  const anchors: number[] = [];
  for (let i = 0; i < n; i++) if (sel.keep[i]! >= SIGNAL) anchors.push(i);
  for (const i of anchors) {
    sel.propose(i - 1, 60);
    sel.propose(i + 1, 60);
    if (kindOf(i) & (Kind.ERROR | Kind.WARN)) proposeBlock(sel, i, n, structured, kindOf, indented, 70, 55, 25);
  }
  sel.take(soft, hard, HARD_FROM);

  // one example of each frequent template that is not shown yet, most frequent first
  const shown = new Uint8Array(T);
  for (let i = 0; i < n; i++) if (sel.keep[i]) shown[tpl.id[i]!] = 1;
  const frequent: number[] = [];
  // (a template is frequent when it holds at least 1 % of the lines: in an access log where most
  // lines are unique, a template seen three times is not what the log is made of)
  const minCount = Math.max(3, Math.ceil(n * 0.01));
  for (let k = 0; k < T; k++) if (!shown[k] && tpl.count[k]! >= minCount && !(kinds[k]! & Kind.BLANK)) frequent.push(k);
  frequent.sort((a, b) => tpl.count[b]! - tpl.count[a]! || a - b);
  for (let r = 0; r < Math.min(EXAMPLES, frequent.length); r++) {
    const i = tpl.first[frequent[r]!]!;
    sel.propose(i, 40 - Math.min(10, r));
    why[i] = why[i]! | Why.EXAMPLE;
  }
  // examples show what the log is made of, not what was asked: a quarter of the budget at most
  sel.take(Math.min(soft, sel.used + soft * EXAMPLE_SHARE), hard, HARD_FROM);

  // wider context around what must be seen (identifier hits, errors)
  for (const i of anchors) {
    if (sel.keep[i]! < HARD_FROM) continue;
    sel.propose(i - 2, 30);
    sel.propose(i + 2, 30);
  }
  sel.take(soft, hard, HARD_FROM);

  // a bare label kept for any reason (context, first line) brings its message, at the label's rank
  for (let i = 0; i < n; i++) {
    const p = sel.keep[i]!;
    if (p === 0 || !isLabel(i)) continue;
    for (let j = i + 1, end = labelEnd(i); j < end; j++) sel.propose(j, Math.min(MUST - 1, p));
  }
  sel.take(soft, hard, HARD_FROM);

  // what each signal kept (for the reasons): each kept line counts once, for its first reason
  const stats: PlanStats = { trouble: 0, identifier: 0, matched: 0, rare: 0, column: 0, context: 0, examples: 0, steps: 0, structured, matchedTemplates: matched.map(([k]) => k) };
  for (let i = 0; i < n; i++) {
    if (!sel.keep[i]) continue;
    const w = why[i]!;
    if (w & Why.TROUBLE) stats.trouble++;
    else if (w & Why.IDENTIFIER) stats.identifier++;
    else if (w & Why.MATCH) stats.matched++;
    else if (w & Why.RARE) stats.rare++;
    else if (w & Why.COLUMN) stats.column++;
    else if (w & Why.EXAMPLE) stats.examples++;
    else if (w & Why.STEP) stats.steps++;
    else if (sel.keep[i]! < MUST) stats.context++;
  }
  // record heads, for the markers' "like": records in structured logs, unindented lines otherwise
  const head = structured ? (i: number) => (kindOf(i) & Kind.START) !== 0 : (i: number) => !(kindOf(i) & Kind.BLANK) && !indented(i);
  return { sel, stats, head, shapes };
}

// The continuation block after head line i (frames, "Caused by", indented detail): the first
// FRAMES lines at `pri`, its last line at `lastPri`, the rest at `restPri`.
function proposeBlock(sel: Selection, i: number, n: number, structured: boolean, kindOf: (i: number) => number, indented: (i: number) => boolean, pri: number, lastPri: number, restPri: number): void {
  let end = i + 1;
  const cont = (j: number) => {
    const kd = kindOf(j);
    if (structured) return !(kd & Kind.START);
    // unstructured: frames and indented lines (a Python traceback's code lines) continue
    return (kd & Kind.STACK) !== 0 || (!(kd & Kind.BLANK) && indented(j));
  };
  while (end < n && end - i <= MAX_BLOCK && cont(end)) end++;
  for (let j = i + 1; j < end; j++) sel.propose(j, j - i <= FRAMES ? pri : j === end - 1 ? lastPri : restPri);
}

// Rare: groups (templates or shapes) seen at most 1–3 times (more in longer logs), unless so many
// lines are rare that rarity says nothing (a log where most lines are unique): then 0.
function rareThreshold(count: Uint32Array, size: number, counts: (g: number) => boolean, n: number): number {
  const limit = Math.max(8, n * 0.05);
  for (let max = n < 200 ? 1 : n < 5000 ? 2 : 3; max >= 1; max--) {
    let lines = 0;
    for (let g = 0; g < size; g++) if (count[g]! <= max && counts(g)) lines += count[g]!;
    if (lines <= limit) return max;
  }
  return 0;
}

// Templates ranked by BM25 of the query words over one example each, plus 1 per term hit in the
// template's lines (`tplMask`) that is not in `exclude` (selective terms keep their lines anyway;
// numbers are too common to rank by). Returns the best (≥ half the top score), top score = 1.
function matchTemplates(t: LineTable, tpl: Templates, kinds: Uint8Array, query: ParsedQuery, tplMask: Uint16Array, exclude: number): Array<[number, number]> {
  const T = tpl.size;
  const scores = new Float64Array(T);
  if (query.words.length > 0) {
    // only templates holding some query word are scored; when very many do (a common word in a
    // log of unique lines), the SCORE_LIMIT with the rarest words go to BM25 (a bound on its cost)
    const qw = query.words.slice(0, 32);
    const index = new Map(qw.map((w, k) => [w, k]));
    const any = new RegExp(qw.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
    let ids: number[] = [];
    const present: number[] = [];
    for (let k = 0; k < T; k++) {
      if (kinds[k]! & Kind.BLANK) continue;
      const found = t.text(tpl.first[k]!).match(any);
      if (found === null) continue;
      let bits = 0;
      for (const f of found) bits |= 1 << (index.get(f.toLowerCase()) ?? 0);
      ids.push(k);
      present.push(bits);
    }
    // a word on most lines (the host of a one-host log, "log" in a log) tells no template apart
    const cover = new Float64Array(qw.length);
    for (let r = 0; r < ids.length; r++) for (let q = 0; q < qw.length; q++) if (present[r]! & (1 << q)) cover[q]! += tpl.count[ids[r]!]!;
    let common = 0;
    for (let q = 0; q < qw.length; q++) if (cover[q]! > 0.5 * t.n) common |= 1 << q;
    const all = qw.length >= 31 ? -1 : (1 << qw.length) - 1;
    if (common !== 0 && (common & all) !== all) {
      const keep: number[] = [];
      const bitsKept: number[] = [];
      for (let r = 0; r < ids.length; r++) if (present[r]! & ~common) { keep.push(ids[r]!); bitsKept.push(present[r]! & ~common); }
      ids = keep;
      present.length = 0;
      present.push(...bitsKept);
    }
    const words = qw.filter((_, q) => !(common & (1 << q)) || (common & all) === all);
    if (ids.length > SCORE_LIMIT) {
      const df = new Float64Array(qw.length);
      for (const bits of present) for (let q = 0; q < qw.length; q++) if (bits & (1 << q)) df[q]!++;
      const pre = present.map((bits) => {
        let x = 0;
        for (let q = 0; q < qw.length; q++) if (bits & (1 << q)) x += Math.log(ids.length / df[q]!);
        return x;
      });
      const order = ids.map((_, r) => r).sort((a, b) => pre[b]! - pre[a]! || a - b).slice(0, SCORE_LIMIT).sort((a, b) => a - b);
      ids = order.map((r) => ids[r]!);
    }
    const bm = scoreUnits(ids.map((k) => t.text(tpl.first[k]!)), { words, identifiers: [] });
    for (let r = 0; r < ids.length; r++) scores[ids[r]!] = bm[r]!;
  }
  let top = 0;
  for (let k = 0; k < T; k++) {
    const spread = tplMask[k]! & ~exclude;
    if (spread) scores[k] = scores[k]! + popcount(spread);
    if (scores[k]! > top) top = scores[k]!;
  }
  if (top <= 0) return [];
  const best: number[] = [];
  for (let k = 0; k < T; k++) if (scores[k]! >= top * 0.5) best.push(k);
  best.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return best.slice(0, MATCH_TEMPLATES).map((k) => [k, scores[k]! / top]);
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}
