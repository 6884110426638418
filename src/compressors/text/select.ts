/**
 * Chooses what to keep within a token budget. In order: the outline (every heading when they are
 * cheap, else the upper levels that fit), units holding a query identifier (always), trouble lines
 * of output (up to a share), commented-out settings whose key the question names (up to a share,
 * keys of rarer query words first), the document's lead, then units by score while the budget lasts,
 * skipping repeats of what is already kept; a strong hit's follower (its next sentence) is taken
 * right after the hit, at the hit's rank, when it fits. Every kept unit brings its heading chain, its frame
 * (a table's head, a fence's ends, the item it is nested in); the link definitions that units
 * holding a query identifier refer to come along (`[#6808]: https://…`).
 * @module
 */
import { estimateTokens } from "../../core/tokens.js";
import { IDENTIFIER_WEIGHT } from "../shared/relevance.js";
import type { Block } from "./blocks.js";
import { lineAt, type LineTable } from "./lines.js";
import { NoveltyIndex } from "./novelty.js";
import type { UnitScores } from "./score.js";
import type { Unit } from "./units.js";

/** Share of the budget the outline (headings beyond the kept units' chains) may take. */
export const OUTLINE_SHARE = 0.3;
/** Share of the budget trouble lines may take before they compete by score. */
const TROUBLE_SHARE = 0.3;
/** Share of the budget commented-out settings named by the question may take before they compete by score. */
const NAMED_SHARE = 0.1;
/** Share of the budget allowed for the lead unit. */
const LEAD_SHARE = 0.05;
/** Share of the budget a hit's follower may cost to come along with it (a longer one competes by score). */
const FOLLOWER_SHARE = 0.1;

/** What was kept. */
export interface Kept {
  /** 1 per line kept whole as structure (a heading, a frame line). */
  lines: Uint8Array;
  /** 1 per kept unit. */
  units: Uint8Array;
  /** Headings kept for the outline (not counting chains). */
  outlineLevel: number;
  /** Units kept because they hold a query identifier. */
  identifierUnits: number;
  /** Units skipped as repeats. */
  repeats: number;
  /** Tokens spent (estimate). */
  spent: number;
}

/**
 * Selects units and structure lines.
 * @param budget tokens the output may spend (estimate); sizes the outline
 * @param allowance tokens the selection may spend in all (≤ budget; smaller when a first
 *   rendering overshot because of markers and widened lines)
 * @param markerCost tokens one omission marker costs
 */
export function select(
  text: string, lines: LineTable, blocks: readonly Block[], units: readonly Unit[], scores: UnitScores,
  budget: number, allowance = budget, markerCost = 0,
): Kept {
  const keepLine = new Uint8Array(lines.n);
  const keepUnit = new Uint8Array(units.length);
  // lines with kept content (structure or units): an island next to one costs no new marker
  const covered = new Uint8Array(lines.n);
  const lineCost = new Float32Array(lines.n).fill(-1);
  const costOfLine = (i: number) => {
    if (lineCost[i]! < 0) lineCost[i] = estimateTokens(lineAt(text, lines, i)) + 1;
    return lineCost[i]!;
  };
  const unitCost = (u: Unit) => estimateTokens(text.slice(u.start, u.end)) + 1;
  const blank = (i: number) => lines.ends[i]! - lines.starts[i]! < 200 && /^\s*$/.test(lineAt(text, lines, i));
  let spent = 0;

  // the lines that must come with a unit: its frame and its heading chain
  const needs = (u: Unit): number[] => {
    const out: number[] = [];
    if (u.frame) for (let k = 0; k < u.frame.length; k += 2) for (let i = u.frame[k]!; i <= u.frame[k + 1]!; i++) out.push(i);
    for (let p = blocks[u.block]!.parent; p >= 0; p = blocks[p]!.parent) for (let i = blocks[p]!.first; i <= blocks[p]!.last; i++) out.push(i);
    return out;
  };
  // markers this unit adds: one for a new island, none next to kept text, -1 when it joins two
  const markerDelta = (u: Unit) => {
    if (covered[u.first] || covered[u.last]) return 0;
    let p = u.first - 1;
    while (p >= 0 && blank(p)) p--;
    let q = u.last + 1;
    while (q < lines.n && blank(q)) q++;
    const before = p < 0 || covered[p] === 1;
    const after = q >= lines.n || covered[q] === 1;
    return before && after ? -1 : before || after ? 0 : 1;
  };
  const extraCost = (u: Unit) => {
    let c = unitCost(u) + markerCost * Math.max(0, markerDelta(u));
    for (const i of needs(u)) if (!keepLine[i]) c += costOfLine(i);
    return c;
  };
  // a label's message units sit right below it: they add their own tokens, no marker
  const groupCost = (ui: number) => {
    let c = extraCost(units[ui]!);
    for (let j = ui + 1, end = groupEnd(ui); j <= end; j++) if (!keepUnit[j]) c += unitCost(units[j]!);
    return c;
  };
  const novelty = new NoveltyIndex();
  const takeOne = (ui: number) => {
    const u = units[ui]!;
    keepUnit[ui] = 1;
    spent += unitCost(u) + markerCost * markerDelta(u);
    for (const i of needs(u)) if (!keepLine[i]) { keepLine[i] = 1; covered[i] = 1; spent += costOfLine(i); }
    for (let i = u.first; i <= u.last; i++) covered[i] = 1;
  };
  // A bare severity label and its message (labels.ts) are one piece of evidence: they are
  // costed, compared for repeats and taken together (`Error:` twice with two different messages
  // is no repeat).
  const groupEnd = (ui: number) => Math.max(ui, scores.message[ui]!);
  const groupText = (ui: number) => text.slice(units[ui]!.start, units[groupEnd(ui)]!.end);
  const take = (ui: number) => {
    for (let j = ui, end = groupEnd(ui); j <= end; j++) if (!keepUnit[j]) takeOne(j);
    novelty.add(groupText(ui));
  };

  // 1. the outline
  const headings: number[] = [];
  for (let b = 0; b < blocks.length; b++) if (blocks[b]!.kind === "heading") headings.push(b);
  const headingCost = (b: number) => {
    let c = 0;
    for (let i = blocks[b]!.first; i <= blocks[b]!.last; i++) c += costOfLine(i);
    return c;
  };
  let outlineLevel = 0;
  const byLevel = new Float64Array(7);
  for (const b of headings) byLevel[blocks[b]!.level]! += headingCost(b);
  let acc = 0;
  for (let level = 1; level <= 6; level++) {
    acc += byLevel[level]!;
    if (acc > OUTLINE_SHARE * budget) break;
    outlineLevel = level;
  }
  for (const b of headings) {
    // a heading naming a query identifier is kept with its chain, whatever the outline level
    const named = scores.heading[b]! >= IDENTIFIER_WEIGHT;
    if (blocks[b]!.level > outlineLevel && !named) continue;
    for (let p = b; p >= 0; p = named ? blocks[p]!.parent : -1) {
      if (keepLine[blocks[p]!.first]) continue;
      for (let i = blocks[p]!.first; i <= blocks[p]!.last; i++) keepLine[i] = covered[i] = 1;
      spent += headingCost(p);
    }
  }

  // 2. identifiers, always; exact repeats of a kept unit add nothing
  let identifierUnits = 0;
  let repeats = 0;
  const repeatsKept = (ui: number) => novelty.repeats(groupText(ui));
  for (let ui = 0; ui < units.length; ui++) {
    if (scores.mandatory[ui] !== 1) continue;
    if (repeatsKept(ui)) { repeats++; continue; }
    take(ui);
    identifierUnits++;
  }
  // 3. trouble lines of output, up to a share of the budget
  const troubleCap = spent + TROUBLE_SHARE * budget;
  for (let ui = 0; ui < units.length; ui++) {
    if (scores.mandatory[ui] !== 2 || keepUnit[ui]) continue;
    if (repeatsKept(ui)) { repeats++; continue; }
    if (spent + groupCost(ui) > troubleCap) break;
    take(ui);
  }
  // 3b. commented-out settings whose key the question names (their default is in force: a
  // question about addresses is answered by `#listen_addresses = 'localhost'`), keys of rarer
  // query words first, up to a share of the budget
  const namedOrder: number[] = [];
  for (let ui = 0; ui < units.length; ui++) if (scores.named[ui]! > 0 && !keepUnit[ui]) namedOrder.push(ui);
  namedOrder.sort((a, b) => scores.named[b]! - scores.named[a]! || a - b);
  const namedCap = spent + NAMED_SHARE * budget;
  for (const ui of namedOrder) {
    if (keepUnit[ui] || repeatsKept(ui)) continue;
    if (spent + groupCost(ui) > namedCap) continue;
    take(ui);
  }
  // 4. the lead: the document's first unit, when cheap
  for (let ui = 0; ui < units.length; ui++) {
    const u = units[ui]!;
    if (u.kind === "linkdef" || u.kind === "comment") continue;
    if (!keepUnit[ui] && groupCost(ui) <= LEAD_SHARE * budget && spent + groupCost(ui) <= allowance) take(ui);
    break;
  }
  // 5. by score, while the budget lasts; a strong hit brings its follower right after it (a hit
  // kept above, for an identifier, still brings it here, at its rank)
  const order: number[] = [];
  for (let ui = 0; ui < units.length; ui++) {
    if (keepUnit[ui] ? scores.follower[ui]! >= 0 : scores.relevant[ui] || !scores.hasQuery) order.push(ui);
  }
  order.sort((a, b) => scores.final[b]! - scores.final[a]! || a - b);
  const fits = (ui: number) => !keepUnit[ui] && spent + groupCost(ui) <= allowance;
  for (const ui of order) {
    if (spent >= allowance) break;
    if (!keepUnit[ui]) {
      if (!fits(ui)) continue;
      if (repeatsKept(ui)) { repeats++; continue; }
      take(ui);
    }
    const f = scores.follower[ui]!;
    if (f >= 0 && fits(f) && extraCost(units[f]!) <= FOLLOWER_SHARE * budget && !repeatsKept(f)) take(f);
  }
  // 6. link definitions that units holding a query identifier refer to
  const labels = new Set<string>();
  for (let ui = 0; ui < units.length; ui++) {
    if (!keepUnit[ui] || scores.mandatory[ui] !== 1) continue;
    const u = units[ui]!;
    for (const m of text.slice(u.start, u.end).matchAll(/\[([^\]\n]{1,100})\]/g)) labels.add(m[1]!.toLowerCase());
  }
  if (labels.size > 0) {
    for (let ui = 0; ui < units.length; ui++) {
      const u = units[ui]!;
      if (u.kind !== "linkdef" || keepUnit[ui]) continue;
      const m = /^\s*\[([^\]]+)\]:/.exec(text.slice(u.start, u.end));
      if (m && labels.has(m[1]!.toLowerCase())) take(ui);
    }
  }
  return { lines: keepLine, units: keepUnit, outlineLevel, identifierUnits, repeats, spent };
}
