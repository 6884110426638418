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
  return pickLazily((t) => COMPRESSORS[t].detect(text, fileName));
}

/**
 * `pick` over scores asked for one at a time, in `LEAST_LOSSY_FIRST` order, stopping as soon as
 * the answer cannot change: a score above `1 - NEAR_TIE` wins against anything later (scores are at
 * most 1) unless an earlier one is within `NEAR_TIE` of it. So JSON is never run through the code
 * detector (the costliest), and the result is always the one `pick` gives over every score.
 */
export function pickLazily(score: (t: ContentType) => number): ContentType {
  const scores: Partial<Record<ContentType, number>> = {};
  let earlier = 0;
  for (const t of LEAST_LOSSY_FIRST) {
    const s = score(t);
    scores[t] = s;
    if (s > 1 - NEAR_TIE && s >= MIN_CONFIDENCE && earlier <= s - NEAR_TIE) return t;
    earlier = Math.max(earlier, s);
  }
  return pick(scores);
}
