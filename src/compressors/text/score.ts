/**
 * How much each unit is worth keeping: query relevance (BM25 words + byte-exact identifiers, from
 * the shared `scoreUnits`), lifted by the relevance of the headings it sits under, of its
 * section's best unit (an FAQ answer sits under the question that matches) and of the units next
 * to it in the same block (a hit's context), plus small priors for
 * position (the document's lead, a section's first unit) and for trouble (errors, warnings).
 * The sentence right after one of the strongest hits, in the same paragraph, is its likeliest
 * continuation ("… requires operator attention. This is a historical use, and …"): it is marked
 * as the hit's follower, which the selection takes right after the hit.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import { scoreUnits } from "../shared/relevance.js";
import { isStackLine, isTrouble } from "../shared/signals.js";
import { headingText, type Block } from "./blocks.js";
import { ConfigLine, configKinds, keyMatches, settingKey } from "./config.js";
import { labelMessages } from "./labels.js";
import { lineAt, type LineTable } from "./lines.js";
import { scoreSpans } from "./relevance.js";
import type { Unit } from "./units.js";

/** Scores of every unit. */
export interface UnitScores {
  /** What the selection ranks by. */
  final: Float64Array;
  /**
   * 1 for units that must be kept whatever the budget (they hold a query identifier); 2 for trouble
   * lines of line-oriented output (kept up to a share of the budget).
   */
  mandatory: Uint8Array;
  /** Heading relevance per block index (0 for non-headings). */
  heading: Float64Array;
  /** Whether the query had anything to match. */
  hasQuery: boolean;
  /** 1 per unit the query (or trouble) makes worth keeping at all; position alone does not. */
  relevant: Uint8Array;
  /**
   * Per unit: the unit to take right after it (the next sentence of the same paragraph, for the
   * {@link STRONG_HITS} strongest hits among prose sentences), or -1.
   */
  follower: Int32Array;
  /**
   * Per unit: the last unit of its message when the unit is a bare severity label (`Warning:`
   * alone on its line; labels.ts), else -1. The message goes wherever the label goes.
   */
  message: Int32Array;
  /**
   * Per unit: > 0 for a commented-out setting of a configuration file whose key holds a query
   * word (its default is what the file leaves in force); higher for keys holding rarer query
   * words. The selection takes them best first, within a share of the budget.
   */
  named: Float64Array;
}

/** Hits (best query relevance first) whose next sentence is their follower. */
export const STRONG_HITS = 4;
/** A hit is strong when its relevance is at least this share of the best unit's. */
export const STRONG_SHARE = 0.5;

// Weights, relative to BM25 (a good word match scores about 1–4).
const DIRECT_HEADING = 0.5;
const ANCESTOR_HEADING = 0.25;
const SECTION_BEST = 0.3;
const SECTION_CAP = 8;
// A section's best unit lifts its neighbours only in sections of a readable size; in one huge
// section (a document without headings) it would lift everything.
const SECTION_MAX_UNITS = 40;
const NEIGHBOUR = 0.3;
const LEAD = 0.2;
const SECTION_FIRST = 0.1;
const TROUBLE_PROSE = 0.3;
const TROUBLE_LINE = 1;
const STACK_LINE = 0.3;

/**
 * Light stemming of the query's words so that the shared prefix match reaches inflections:
 * `uploads` → `upload`, `sending` → `send`, `stabilized` → `stabiliz`, `dependencies` → `dependenc`.
 * Stems shorter than 4 letters are not used (the shared matcher only prefix-matches 4+ letters).
 * @example stemQuery({ words: ["uploads"], identifiers: [] }).words // ["upload"]
 */
export function stemQuery(q: ParsedQuery): ParsedQuery {
  const out: string[] = [];
  for (const w of q.words) {
    let s = w;
    if (/[a-z]ies$/.test(s) && s.length - 3 >= 4) s = s.slice(0, -3);
    else if (/[a-z]ing$/.test(s) && s.length - 3 >= 4) s = s.slice(0, -3);
    else if (/[a-z]ed$/.test(s) && s.length - 2 >= 4) s = s.slice(0, -2);
    else if (/[^s]s$/.test(s) && s.length - 1 >= 4) s = s.slice(0, -1);
    if (!out.includes(s)) out.push(s);
  }
  return { words: out, identifiers: q.identifiers };
}

/** Query words found in more than this share of the units do not tell units apart. */
const COMMON_SHARE = 1 / 3;

/**
 * Scores all units of a document.
 * @param text the document
 * @param lines its line table
 * @param blocks its blocks
 * @param units its units, in document order
 * @param query the parsed question (stemmed here)
 */
export function scoreDocument(text: string, lines: LineTable, blocks: readonly Block[], units: readonly Unit[], query: ParsedQuery): UnitScores {
  // Query words found in more than a third of the units (`curl` in the curl FAQ) are dropped:
  // BM25 weighs them little, but on short units their length bonus would still fill the budget
  // with noise. When every word is that common, all are kept.
  const starts = Uint32Array.from(units, (u) => u.start);
  const ends = Uint32Array.from(units, (u) => u.end);
  let q = stemQuery(query);
  let spans = scoreSpans(text, starts, ends, q);
  if (units.length >= 6 && q.words.length > 0) {
    const kept = q.words.filter((_, k) => spans.df[k]! <= COMMON_SHARE * units.length);
    if (kept.length > 0 && kept.length < q.words.length) {
      q = { words: kept, identifiers: q.identifiers };
      spans = scoreSpans(text, starts, ends, q);
    }
  }
  const hasQuery = q.words.length > 0 || q.identifiers.length > 0;
  const rel = spans.scores;
  const heading = new Float64Array(blocks.length);
  const headingIdx: number[] = [];
  for (let b = 0; b < blocks.length; b++) if (blocks[b]!.kind === "heading") headingIdx.push(b);
  if (hasQuery && headingIdx.length > 0) {
    const hs = scoreUnits(headingIdx.map((b) => headingText(text, lines, blocks[b]!)), q);
    for (let k = 0; k < headingIdx.length; k++) heading[headingIdx[k]!] = hs[k]!;
  }
  // best unit relevance per section (keyed by the direct heading block; -1 → index blocks.length)
  const best = new Float64Array(blocks.length + 1);
  const sec = (u: Unit) => {
    const p = blocks[u.block]!.parent;
    return p < 0 ? blocks.length : p;
  };
  const size = new Uint32Array(blocks.length + 1);
  for (let i = 0; i < units.length; i++) {
    best[sec(units[i]!)] = Math.max(best[sec(units[i]!)]!, rel[i]!);
    size[sec(units[i]!)]!++;
  }

  const final = new Float64Array(units.length);
  const mandatory = new Uint8Array(units.length);
  const relevant = new Uint8Array(units.length);
  let leadDone = false;
  let lastSection = -2;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const b = blocks[u.block]!;
    const t = text.slice(u.start, u.end);
    // Line-oriented output (a tool's listing, a traceback) is judged line by line; prose, items
    // and fences also take the relevance of their headings and of their section's best unit.
    const lineish = u.kind === "line" || u.kind === "chunk";
    let s = rel[i]!;
    if (!lineish) {
      if (b.parent >= 0) {
        s += DIRECT_HEADING * heading[b.parent]!;
        let anc = 0;
        for (let p = blocks[b.parent]!.parent; p >= 0; p = blocks[p]!.parent) anc = Math.max(anc, heading[p]!);
        s += ANCESTOR_HEADING * anc;
      }
      if (size[sec(u)]! <= SECTION_MAX_UNITS) s += SECTION_BEST * Math.min(SECTION_CAP, best[sec(u)]!);
    }
    // the sentence or line next to a hit, in the same block, is its likeliest context
    let near = 0;
    if (i > 0 && units[i - 1]!.block === u.block) near = rel[i - 1]!;
    if (i + 1 < units.length && units[i + 1]!.block === u.block) near = Math.max(near, rel[i + 1]!);
    s += NEIGHBOUR * Math.min(SECTION_CAP, near);
    if (isTrouble(t)) s += lineish ? TROUBLE_LINE : TROUBLE_PROSE;
    else if (lineish && isStackLine(t)) s += STACK_LINE;
    if (s > 0) relevant[i] = 1;
    if (!leadDone && u.kind !== "linkdef" && u.kind !== "comment") {
      s += LEAD;
      leadDone = true;
    }
    if (sec(u) !== lastSection) {
      s += SECTION_FIRST;
      lastSection = sec(u);
    }
    final[i] = s;
    if (spans.idHits[i]! > 0) mandatory[i] = 1;
    else if (lineish && isTrouble(t)) mandatory[i] = 2;
  }
  const named = new Float64Array(units.length);
  if (hasQuery) configScores(text, lines, blocks, units, q, heading, final, mandatory, relevant, named);
  // A cut between two parts of an endless line may fall inside an identifier: both parts go.
  for (let i = 0; i + 1 < units.length; i++) {
    const a = units[i]!;
    const b = units[i + 1]!;
    if (a.kind !== "chunk" || b.kind !== "chunk" || a.first !== b.first) continue;
    for (const id of q.identifiers) {
      const around = text.slice(Math.max(a.start, a.end - id.length), Math.min(b.end, b.start + id.length));
      if (around.includes(id) && !text.slice(a.start, a.end).includes(id) && !text.slice(b.start, b.end).includes(id)) mandatory[i] = mandatory[i + 1] = 1;
    }
  }
  return { final, mandatory, heading, hasQuery, relevant, follower: followers(units, rel), message: labelMessages(text, units), named };
}

/**
 * The follower of each of the strongest hits: the sentence right after it in the same block,
 * when the hit is a prose sentence too. Only the top few (and only those near the best score)
 * get one, so a document with many weak hits does not spend its budget on their neighbours.
 * @param units the units, in document order
 * @param rel their query relevance
 * @returns per unit, its follower or -1
 * @example
 * // sentences 0..2 of one paragraph, only sentence 1 matches: 1 → 2
 * followers(units, Float64Array.of(0, 3, 0)) // Int32Array [-1, 2, -1]
 */
export function followers(units: readonly Unit[], rel: Float64Array): Int32Array {
  const out = new Int32Array(units.length).fill(-1);
  // the best few by relevance, in one pass (ties: the earlier unit)
  const top: number[] = [];
  for (let i = 0; i < units.length; i++) {
    if (!(rel[i]! > 0)) continue;
    if (top.length === STRONG_HITS && rel[i]! <= rel[top[STRONG_HITS - 1]!]!) continue;
    let k = top.length;
    while (k > 0 && rel[top[k - 1]!]! < rel[i]!) k--;
    top.splice(k, 0, i);
    if (top.length > STRONG_HITS) top.pop();
  }
  if (top.length === 0) return out;
  const floor = STRONG_SHARE * rel[top[0]!]!;
  for (const i of top) {
    const u = units[i]!;
    const v = units[i + 1];
    if (rel[i]! < floor || u.kind !== "sentence" || !v || v.kind !== "sentence" || v.block !== u.block) continue;
    out[i] = i + 1;
  }
  return out;
}

/** Added to an active setting of a configuration file (above commented-out defaults and prose). */
const CONFIG_ACTIVE = 0.5;
/** Share of their score that commented-out settings and comment prose keep in a configuration file. */
const CONFIG_COMMENT_FACTOR = 0.5;
/** Per query word in a setting's key (an active one is kept whatever the budget). */
const CONFIG_KEY = 2;
/** Active settings a matching section header brings, at most. */
const CONFIG_SECTION_MAX = 12;

/**
 * In a key = value configuration file (config.ts): active settings rank above commented-out ones
 * and comment prose; an active setting whose key holds a query word is kept (mandatory), a
 * commented-out one ranks up and is named (`named`: kept within a share of the budget, keys of
 * rarer query words first); a section whose header (`# - SSL -`, `[ssl]`) matches the question
 * keeps its active settings. Changes the arrays in place; does nothing for other documents.
 */
function configScores(
  text: string, lines: LineTable, blocks: readonly Block[], units: readonly Unit[], q: ParsedQuery,
  heading: Float64Array, final: Float64Array, mandatory: Uint8Array, relevant: Uint8Array, named: Float64Array,
): void {
  const kinds = configKinds(text, lines);
  if (!kinds) return;
  const words = q.words.map((w) => w.toLowerCase());
  // ini `[section]` lines matching the question open a matching section until the next one
  const iniMatch = new Uint8Array(lines.n);
  let open = 0;
  for (let i = 0; i < lines.n; i++) {
    if (kinds[i] === ConfigLine.SECTION) open = keyMatches(lineAt(text, lines, i).replace(/[[\]]/g, " ").trim().replace(/\s+/g, "_"), words) > 0 ? 1 : 0;
    iniMatch[i] = open;
  }
  // commented-out keys per query word: a word naming one key (`address` → `#listen_addresses`)
  // points at it; one naming a dozen (`ssl` → `#ssl_ca_file`, `#ssl_crl_file`, …) hardly does
  const keyOf = (u: Unit) => (u.first === u.last && kinds[u.first] === ConfigLine.COMMENTED ? settingKey(lineAt(text, lines, u.first)) : undefined);
  const perWord = new Uint32Array(words.length);
  for (const u of units) {
    const key = keyOf(u);
    if (key) for (let w = 0; w < words.length; w++) if (keyMatches(key, [words[w]!]) > 0) perWord[w]!++;
  }
  const fromSection = new Uint32Array(blocks.length + 1);
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.first !== u.last) continue;
    const k = kinds[u.first]!;
    const key = k === ConfigLine.ACTIVE || k === ConfigLine.COMMENTED ? settingKey(lineAt(text, lines, u.first)) : undefined;
    const m = key ? keyMatches(key, words) : 0;
    if (k === ConfigLine.ACTIVE) {
      final[i] = final[i]! + CONFIG_ACTIVE + CONFIG_KEY * m;
      // what the file actually sets is worth showing whatever the question: it competes by score
      relevant[i] = 1;
      const parent = blocks[u.block]!.parent;
      const sec = parent < 0 ? blocks.length : parent;
      const sectionMatch = (parent >= 0 && heading[parent]! > 0) || iniMatch[u.first] === 1;
      if (m > 0 || (sectionMatch && fromSection[sec]! < CONFIG_SECTION_MAX)) {
        if (m === 0) fromSection[sec]!++;
        mandatory[i] = 1;
        relevant[i] = 1;
      }
    } else {
      final[i] = final[i]! * CONFIG_COMMENT_FACTOR + (k === ConfigLine.COMMENTED ? CONFIG_KEY * 0.5 * m : 0);
      if (m > 0) relevant[i] = 1;
      if (m > 0 && k === ConfigLine.COMMENTED) {
        let v = 0;
        for (let w = 0; w < words.length; w++) if (perWord[w]! > 0 && keyMatches(key!, [words[w]!]) > 0) v += 1 / perWord[w]!;
        named[i] = v;
      }
    }
  }
}
