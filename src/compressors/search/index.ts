/**
 * The search-results compressor: grep / ripgrep output (`path:line:text`, context lines and
 * `--` groups, `path:text`, `--heading` groups) and plain file listings. It keeps, verbatim, the
 * lines that answer the question (a definition of the queried symbol before its call sites,
 * tests and docs last), drops exact duplicates with a count, keeps lines it cannot parse in
 * place, and lists every file with its match count; a listing is compressed by directory.
 * @module
 */
import type { Compressor, CompressorInput, CompressorOutput } from "../../core/types.js";
import { detectSearch } from "./detect.js";
import { compressListing } from "./listing.js";
import { compressMatches } from "./matches.js";
import { Kind, parse } from "./parse.js";

export const NAME = "search";

/** Inputs at or below this many tokens pass through: there is nothing worth cutting. */
export const MIN_TOKENS = 200;

const pass = (text: string, code: string, detail: string): CompressorOutput => ({ text, lossy: false, reasons: [{ code, detail }] });

function compress(input: CompressorInput): CompressorOutput {
  const { text } = input;
  if (input.lossless) return pass(text, "pass.lossless", "search results have no lossless form; passed through unchanged");
  try {
    const p = parse(text);
    if (p === undefined) return pass(text, "pass.not-search", "no grep, ripgrep or file-listing shape found; passed through unchanged");
    let raw = 0;
    for (let i = 0; i < p.lines.length; i++) if (p.kind[i] === Kind.Raw) raw++;
    if (raw > 0.5 * p.lines.length) return pass(text, "pass.unparsed", `${raw} of ${p.lines.length} lines are not search results; passed through unchanged`);
    if (p.paths.length === 0) return pass(text, "pass.no-files", "no file paths found; passed through unchanged");
    if (input.count(text) <= MIN_TOKENS) return pass(text, "pass.small", `at most ${MIN_TOKENS} tokens; passed through unchanged`);
    return p.shape === "listing" ? compressListing(p, input) : compressMatches(p, input);
  } catch (e) {
    return pass(text, "pass.error", `search compressor failed (${(e as Error).message}); passed through unchanged`);
  }
}

/** The search compressor. */
export const searchCompressor: Compressor = { name: NAME, detect: detectSearch, compress };
export default searchCompressor;
