/**
 * The log compressor. One WASM batch call hashes every line's masked template; lines are grouped
 * by template, and a plan keeps what a question about a log needs — errors and warnings with the
 * head of their stack traces, lines holding query identifiers, the templates that best match the
 * query words, rare templates and rare shapes (shapes.ts: templates with names as `<*>`), rare
 * column values, banners, the step header above a kept error, first and last lines, a little
 * context — while repeats collapse into markers that name their template (or shape) and count:
 * `[… 1,931 lines omitted (L13–L1943), all like: Failed password for <*> from <*> port <*> <*>; ref tf_…]`.
 * Kept lines are verbatim; the original is stored under the ref, and the dropped runs are the
 * units a query can retrieve.
 * @module
 */
import type { Compressor, CompressorInput, CompressorOutput, Reason } from "../../core/types.js";
import { formatCount, omission } from "../shared/marker.js";
import { detectLog } from "./detect.js";
import { lineTable, type LineTable } from "./lines.js";
import { plan } from "./plan.js";
import { render } from "./render.js";
import { groupTemplates, templateDisplay } from "./templates.js";

export const NAME = "log";

/** Logs shorter than this pass through: nothing worth folding. */
export const MIN_LINES = 8;
/**
 * Share of the input's tokens the optional signals may fill (context, rare lines, examples). Logs
 * are redundant: what a question needs is a few percent. A `targetRatio` above 0.96 lowers it.
 */
export const LOG_SHARE = 0.04;
/** Smallest soft budget, in tokens (short logs still get their signals and context). */
export const MIN_BUDGET = 200;
const SAMPLE_REF = "tf_9f86d081884c7d659a2feaa0";

function compress(input: CompressorInput): CompressorOutput {
  const { text, backend, ref } = input;
  const pass = (code: string, detail: string): CompressorOutput => ({ text, lossy: false, reasons: [{ code, detail }] });
  if (input.lossless) return pass("pass.lossless", "logs have no lossless form worth having; passed through");
  const t = lineTable(text, backend);
  if (t.n < MIN_LINES) return pass("pass.short", `only ${t.n} line(s); nothing to fold`);
  const tpl = groupTemplates(t.spans, t.n);

  const tokensIn = input.count(text);
  // tokens per byte of line content (line endings count as one byte, so CRLF input decides alike)
  let contentBytes = 0;
  for (let i = 0; i < t.n; i++) contentBytes += t.byteLength(i) + 1;
  const perByte = tokensIn / Math.max(1, contentBytes);
  const lineCost = (i: number) => (t.byteLength(i) + 1) * perByte;
  // a marker's cost, measured on a fixed ref of the same shape: the choice must not depend on
  // how the tokenizer happens to split this input's ref (CRLF and LF copies choose alike)
  const markerCost = input.count(omission("1,234 lines omitted (L1234–L5678)", SAMPLE_REF)) + 1;
  const soft = Math.max(MIN_BUDGET, Math.min(1 - input.targetRatio, LOG_SHARE) * tokensIn);
  const hard = Math.max(soft, (1 - input.targetRatio) * tokensIn);

  const { sel, stats, head, shapes } = plan({ text, t, tpl, query: input.query, soft, hard, lineCost, markerCost });
  if (sel.kept >= t.n) return pass("pass.all-kept", "every line is needed; passed through");
  const nl = text.indexOf("\n");
  const eol = nl > 0 && text.charCodeAt(nl - 1) === 13 ? "\r\n" : "\n";
  const finalEol = text.endsWith("\n");
  const out = render(t, tpl, shapes, sel.keep, ref, eol, finalEol, (i) => lineCost(i) <= markerCost, head);
  if (out.omitted === 0) return pass("pass.all-kept", "every line is needed; passed through");

  const reasons: Reason[] = [
    { code: "log.collapsed", detail: `${formatCount(t.n)} lines in ${formatCount(tpl.size)} templates; kept ${formatCount(t.n - out.omitted)}, folded ${formatCount(out.omitted)} into ${formatCount(out.markers)} marker(s)` },
    { code: "log.kept", detail: keptDetail(stats) },
  ];
  if (stats.matchedTemplates.length > 0) {
    const shown = new Uint32Array(tpl.size);
    for (let i = 0; i < t.n; i++) if (sel.keep[i]) shown[tpl.id[i]!]!++;
    const list = stats.matchedTemplates.slice(0, 3).map((k) => `× ${formatCount(tpl.count[k]!)} (${formatCount(shown[k]!)} shown) ${templateDisplay(t.text(tpl.first[k]!), 60)}`);
    reasons.push({ code: "log.query", detail: "templates matching the query: " + list.join(" | ") });
  }
  const top = topTemplates(t, tpl, 3);
  if (top.length > 0) reasons.push({ code: "log.templates", detail: "most repeated: " + top.map((k) => `× ${formatCount(tpl.count[k]!)} ${templateDisplay(t.text(tpl.first[k]!), 60)}`).join(" | ") });
  return { text: out.text, lossy: true, reasons, units: out.units };
}

function keptDetail(s: ReturnType<typeof plan>["stats"]): string {
  const parts: string[] = [];
  if (s.trouble) parts.push(`${formatCount(s.trouble)} error/warning`);
  if (s.identifier) parts.push(`${formatCount(s.identifier)} with a query identifier`);
  if (s.matched) parts.push(`${formatCount(s.matched)} matching the query`);
  if (s.rare) parts.push(`${formatCount(s.rare)} from rare templates`);
  if (s.column) parts.push(`${formatCount(s.column)} with a rare column value`);
  if (s.examples) parts.push(`${formatCount(s.examples)} template example(s)`);
  if (s.steps) parts.push(`${formatCount(s.steps)} step header(s) of kept errors`);
  if (s.context) parts.push(`${formatCount(s.context)} context or stack-trace`);
  return (parts.length ? "kept lines: " + parts.join(", ") : "kept the first and last lines") + (s.structured ? "; records with continuation lines" : "");
}

function topTemplates(t: LineTable, tpl: ReturnType<typeof groupTemplates>, k: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < tpl.size; i++) if (tpl.count[i]! >= 2 && templateDisplay(t.text(tpl.first[i]!)).length > 0) ids.push(i);
  ids.sort((a, b) => tpl.count[b]! - tpl.count[a]! || a - b);
  return ids.slice(0, k);
}

/** The log compressor. */
export const logCompressor: Compressor = { name: NAME, detect: detectLog, compress };
export default logCompressor;
