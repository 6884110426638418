/**
 * The content router: asks every compressor's `detect` and picks the most confident one. Two
 * rules for doubt: nothing reaches `MIN_CONFIDENCE` → `text` (the fallback, which keeps whole
 * sentences and lines); two detectors within `NEAR_TIE` of each other → the one earlier in
 * `LEAST_LOSSY_FIRST` (JSON tries lossless forms first, a diff keeps every changed line, search
 * keeps every file, logs keep every template and error, code keeps every signature).
 * @module
 */
import { COMPRESSORS, type ContentType } from "./compressors/index.js";

/** Confidence a detector must reach to win. */
export const MIN_CONFIDENCE = 0.5;
/** Scores closer than this are a tie, settled by lossiness. */
export const NEAR_TIE = 0.1;
/** Compressors from the least lossy to the most; `text` is the fallback. */
export const LEAST_LOSSY_FIRST: readonly ContentType[] = ["json", "diff", "search", "log", "code", "html"];

/**
 * Picks a type from detector scores (see the module comment for the rules).
 * @example pick({ code: 0.72, log: 0.65 }) // "log": within NEAR_TIE, and logs lose less than code
 */
export function pick(scores: Partial<Record<ContentType, number>>): ContentType {
  let top = 0;
  for (const t of LEAST_LOSSY_FIRST) top = Math.max(top, scores[t] ?? 0);
  if (top < MIN_CONFIDENCE) return "text";
  for (const t of LEAST_LOSSY_FIRST) if ((scores[t] ?? 0) >= MIN_CONFIDENCE && (scores[t] ?? 0) > top - NEAR_TIE) return t;
  return "text";
}

/**
 * Routes a text to a content type.
 * @param text the input
 * @param fileName optional file name hint (`app.py`, `build.log`, `x.diff`)
 * @example route('{"a":1}') // "json"
 */
export function route(text: string, fileName?: string): ContentType {
  const scores: Partial<Record<ContentType, number>> = {};
  for (const t of LEAST_LOSSY_FIRST) scores[t] = COMPRESSORS[t].detect(text, fileName);
  return pick(scores);
}
