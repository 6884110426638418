/**
 * The ML path for prose: a local token-classification model (LLMLingua-2 style) drops low-value
 * words, while the lines the question needs stay whole: lines naming a query identifier, trouble
 * lines, and the best-scoring lines by query words. One model instance per model options, shared
 * by every call in the process.
 * @module
 */
import type { CompressorInput, CompressorOutput, TextModelOptions } from "../../core/types.js";
import { formatCount, omission } from "../shared/marker.js";
import { scoreUnits } from "../shared/relevance.js";
import { isTrouble } from "../shared/signals.js";
import { createTokenClassifierCompressor, type TokenClassifierCompressor } from "./ml/index.js";

const models = new Map<string, TokenClassifierCompressor>();

function modelFor(o: TextModelOptions): TokenClassifierCompressor {
  const key = JSON.stringify([o.path, o.allowRemote ?? false, o.keepLabel ?? "", o.worker ?? true]);
  let m = models.get(key);
  if (!m) {
    m = createTokenClassifierCompressor({ model: o.path, allowRemote: o.allowRemote ?? false, keepLabel: o.keepLabel, worker: o.worker ?? true });
    models.set(key, m);
  }
  return m;
}

/** Share of lines (best by query words) kept whole, on top of identifier and trouble lines. */
const TOP_LINES = 0.1;

/** Lines the model must not thin: identifiers, trouble, and the top query-word lines. */
export function linesToKeepWhole(lines: readonly string[], input: Pick<CompressorInput, "query">): number[] {
  const scores = scoreUnits(lines, input.query);
  const keep = new Set<number>();
  const ranked: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (isTrouble(lines[i]!)) keep.add(i);
    if (scores[i]! > 0) ranked.push(i);
  }
  ranked.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const top = Math.max(1, Math.ceil(lines.length * TOP_LINES));
  for (const i of ranked.slice(0, top)) keep.add(i);
  return [...keep].sort((a, b) => a - b);
}

/**
 * Runs the model; `undefined` with an error message when it is unavailable (no transformers.js,
 * no model folder, remote models off), so the caller falls back to the extractive path.
 */
export async function compressWithModel(input: CompressorInput, model: TextModelOptions): Promise<CompressorOutput | { error: string }> {
  const lines = input.text.split("\n");
  const r = await modelFor(model).compressText(input.text, { targetRatio: input.targetRatio, query: input.query, keepLines: linesToKeepWhole(lines, input) });
  if ("error" in r) return { error: r.error };
  if (r.kept >= r.total) return { text: input.text, lossy: false, reasons: [{ code: "text.ml", detail: `${r.model} kept every word` }] };
  const eol = input.text.includes("\r\n") ? "\r\n" : "\n";
  const note = omission(`${formatCount(r.total - r.kept)} of ${formatCount(r.total)} words dropped by ${r.model}`, input.ref);
  return {
    text: r.text + (r.text.endsWith("\n") ? "" : eol) + note + eol,
    lossy: true,
    reasons: [{ code: "text.ml", detail: `${formatCount(r.kept)}/${formatCount(r.total)} words kept by ${r.model} (${r.windows} windows)` }],
  };
}

/** Stops model workers (tests, CLI shutdown). */
export async function closeModels(): Promise<void> {
  const all = [...models.values()];
  models.clear();
  await Promise.all(all.map((m) => m.close()));
}
