/**
 * The text compressor: prose, markdown and markdown transcripts (the router's fallback). The
 * extractive path keeps whole sentences, list items, code fences and table rows by query relevance,
 * position and novelty, always with the heading chain they sit under, and marks every dropped run
 * with an omission marker and the ref. Retrieval units are the document's blocks (a paragraph, a
 * list item, a fence, a heading) and the single lines of line-oriented output.
 * @module
 */
import type { Compressor, CompressorInput, CompressorOutput, Reason } from "../../core/types.js";
import { compressWithModel } from "./model-path.js";
import { detectText } from "./detect.js";
import { extractive, type ExtractiveResult } from "./extractive.js";

export const NAME = "text";

async function compress(input: CompressorInput): Promise<CompressorOutput> {
  const { text } = input;
  if (input.lossless) return { text, lossy: false, reasons: [{ code: "pass.lossless", detail: "lossless requested; prose has no lossless form that saves tokens" }] };
  let fallback: Reason | undefined;
  if (input.model) {
    const m = await compressWithModel(input, input.model);
    if (!("error" in m)) return m;
    fallback = { code: "text.ml-unavailable", detail: `${m.error}; used the extractive path` };
  }
  const out = compressExtractive(input);
  if (fallback) out.reasons.unshift(fallback);
  return out;
}

/** The default path: whole units chosen by relevance, position and novelty. */
function compressExtractive(input: CompressorInput): CompressorOutput {
  const { text } = input;
  const r = extractive(text, { query: input.query, ref: input.ref, targetRatio: input.targetRatio });
  if (!r.lossy) return { text: r.text, lossy: false, reasons: [...r.reasons] };
  return { text: r.text, lossy: true, reasons: [...r.reasons], units: retrievalUnits(input, r) };
}

/**
 * Byte spans of the blocks (and of single lines in line-oriented blocks), from the backend's line
 * table of the same text; none when the two line tables disagree.
 */
function retrievalUnits(input: CompressorInput, r: ExtractiveResult): Uint32Array | undefined {
  const { n, out } = input.backend.lines(false, 0);
  if (n !== r.lines.n) return undefined;
  const lineish = new Uint8Array(r.blocks.length);
  for (const u of r.units) if (u.kind === "line" || u.kind === "row") lineish[u.block] = 1;
  const spans: number[] = [];
  for (let b = 0; b < r.blocks.length; b++) {
    const blk = r.blocks[b]!;
    if (lineish[b]) for (let i = blk.first; i <= blk.last; i++) spans.push(out[4 * i]!, out[4 * i + 1]!);
    else spans.push(out[4 * blk.first]!, out[4 * blk.last + 1]!);
  }
  return Uint32Array.from(spans);
}

/** The text compressor. */
export const textCompressor: Compressor = { name: NAME, detect: detectText, compress };
export default textCompressor;
