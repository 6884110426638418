/**
 * The extractive path for prose and markdown: blocks → units → scores → a selection within the
 * token budget → verbatim output with omission markers. Used by the text compressor and, on
 * extracted page text, by the HTML compressor.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import { estimateTokens, estimateTokensFast } from "../../core/tokens.js";
import type { Reason } from "../../core/types.js";
import { formatCount, omission } from "../shared/marker.js";
import { parseBlocks, type Block } from "./blocks.js";
import { lineTable, type LineTable } from "./lines.js";
import { render } from "./render.js";
import { scoreDocument } from "./score.js";
import { select } from "./select.js";
import { buildUnits, type Unit } from "./units.js";

/** Documents estimated under this many tokens pass through: markers would eat the gain. */
export const SMALL_TOKENS = 120;

const MAX_ROUNDS = 3;
/** How far over the budget the output may run before a tighter selection is tried. */
const OVERSHOOT = 1.08;

/** Options of {@link extractive}. */
export interface ExtractiveOptions {
  query: ParsedQuery;
  /** The ref printed in markers. */
  ref: string;
  /** Share of tokens to save (0–1); the output aims at `(1 − targetRatio)` of the input's tokens. */
  targetRatio: number;
  /** Print line spans in markers (default true; off when `text` is not the stored original). */
  spans?: boolean;
}

/** What the extractive path produced, with the structures it built (for retrieval units). */
export interface ExtractiveResult {
  text: string;
  /** True when anything was dropped. */
  lossy: boolean;
  reasons: Reason[];
  lines: LineTable;
  blocks: Block[];
  units: Unit[];
}

/**
 * Compresses prose or markdown by keeping whole sentences, list items, fences and table rows.
 * @example
 * extractive(markdown, { query: parseQuery("when was LocalRuntime added?"), ref, targetRatio: 0.8 }).text
 */
export function extractive(text: string, opts: ExtractiveOptions): ExtractiveResult {
  const lines = lineTable(text);
  const total = estimateTokensFast(text);
  const pass = (code: string, detail: string): ExtractiveResult => ({ text, lossy: false, reasons: [{ code, detail }], lines, blocks: [], units: [] });
  if (total < SMALL_TOKENS) return pass("pass.small", `about ${total} tokens; too short to gain from dropping anything`);
  if (opts.targetRatio <= 0) return pass("pass.target-met", "targetRatio 0: nothing needs to be saved");
  const blocks = parseBlocks(text, lines);
  const units = buildUnits(text, lines, blocks);
  const scores = scoreDocument(text, lines, blocks, units, opts.query);
  const budget = Math.max(SMALL_TOKENS / 2, (1 - opts.targetRatio) * total);
  // Markers, blank lines and widened lines are not in the selection's costs: when the output
  // overshoots the budget, select again with the overshoot taken off (a few rounds at most).
  const marker = estimateTokens(omission("12 lines omitted (L100–L120)", opts.ref));
  const ropts = { ref: opts.ref, spans: opts.spans ?? true };
  let kept = select(text, lines, blocks, units, scores, budget, budget, marker);
  let r = render(text, lines, blocks, units, kept, ropts);
  let allowance = budget;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const over = estimateTokensFast(r.text) - budget * OVERSHOOT;
    if (over <= 0 || allowance <= 1) break;
    allowance = Math.max(1, allowance - over * 1.1);
    kept = select(text, lines, blocks, units, scores, budget, allowance, marker);
    r = render(text, lines, blocks, units, kept, ropts);
  }
  let keptUnits = 0;
  for (let i = 0; i < kept.units.length; i++) keptUnits += kept.units[i]!;
  if (keptUnits === units.length) return pass("pass.all-kept", "every unit fits the budget");
  if (r.markers === 0) return { text: r.text, lossy: false, reasons: [{ code: "pass.all-kept", detail: "nothing was left out" }], lines, blocks, units };
  const nHeadings = blocks.reduce((n, b) => n + (b.kind === "heading" ? 1 : 0), 0);
  const parts = [`kept ${formatCount(keptUnits)} of ${formatCount(units.length)} units (sentences, list items, fences, rows, lines)`];
  if (kept.identifierUnits > 0) parts.push(`${formatCount(kept.identifierUnits)} holding a query identifier`);
  if (nHeadings > 0) parts.push(kept.outlineLevel > 0 ? `headings to level ${kept.outlineLevel} and the heading chain of every kept unit` : "the heading chain of every kept unit");
  if (kept.repeats > 0) parts.push(`${formatCount(kept.repeats)} repeats dropped`);
  parts.push(`${formatCount(r.markers)} omission markers; budget ~${formatCount(Math.round(budget))} of ~${formatCount(total)} tokens`);
  return { text: r.text, lossy: true, reasons: [{ code: "text.extractive", detail: parts.join("; ") }], lines, blocks, units };
}
