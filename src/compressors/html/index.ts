/**
 * The HTML compressor: the page's main text as markdown-ish lines (no script, style or page
 * furniture; headings, links, lists, tables and `pre` kept as text), and, when that text is still
 * over the budget, the text compressor's extractive path on it. Always lossy (markup is dropped);
 * the ref gives the page back byte for byte.
 * @module
 */
import { estimateTokens } from "../../core/tokens.js";
import type { Compressor, CompressorInput, CompressorOutput, Reason } from "../../core/types.js";
import { formatCount } from "../shared/marker.js";
import { extractive } from "../text/extractive.js";
import { detectHtml } from "./detect.js";
import { extractHtml } from "./extract.js";

export const NAME = "html";

function compress(input: CompressorInput): CompressorOutput {
  const { text } = input;
  if (input.lossless) return { text, lossy: false, reasons: [{ code: "pass.lossless", detail: "lossless requested; extracting text from HTML drops markup" }] };
  let page;
  try {
    page = extractHtml(text);
  } catch (e) {
    return { text, lossy: false, reasons: [{ code: "pass.unparsable-html", detail: `HTML could not be parsed (${(e as Error).message}); passed through` }] };
  }
  if (page.text.trim().length === 0) return { text, lossy: false, reasons: [{ code: "pass.no-text", detail: "no visible text found in the HTML; passed through" }] };
  const reasons: Reason[] = [{
    code: "html.extracted",
    detail: `${page.scope === "body" ? "the page's text" : `the text of its <${page.scope}>`}: ${formatCount(page.dropped)} script, style and page-furniture elements dropped; ` +
      `${formatCount(page.links)} links and ${formatCount(page.tables)} tables kept as text`,
  }];
  // Still over the budget: keep the sentences, items and rows the question needs.
  const budget = (1 - input.targetRatio) * estimateTokens(text);
  const have = estimateTokens(page.text);
  if (have > budget && budget > 0) {
    const r = extractive(page.text, { query: input.query, ref: input.ref, targetRatio: Math.min(0.98, 1 - budget / have), spans: false });
    if (r.lossy) return { text: r.text, lossy: true, reasons: [...reasons, ...r.reasons] };
  }
  return { text: page.text, lossy: true, reasons };
}

/** The HTML compressor. */
export const htmlCompressor: Compressor = { name: NAME, detect: detectHtml, compress };
export default htmlCompressor;
