/**
 * The content router: asks every compressor's `detect` and picks the most confident one.
 * When unsure, it picks `text`, whose compressor is the least lossy on unknown input.
 * @module
 */
import { COMPRESSORS, CONTENT_TYPES, type ContentType } from "./compressors/index.js";

/** Confidence a detector must reach to win. */
const MIN_CONFIDENCE = 0.5;

/**
 * Routes a text to a content type.
 * @param text the input
 * @param fileName optional file name hint (`app.py`, `build.log`, `x.diff`)
 * @example route('{"a":1}') // "json"
 */
export function route(text: string, fileName?: string): ContentType {
  let best: ContentType = "text";
  let bestScore = MIN_CONFIDENCE;
  for (const type of CONTENT_TYPES) {
    if (type === "text") continue;
    const s = COMPRESSORS[type].detect(text, fileName);
    if (s > bestScore) {
      best = type;
      bestScore = s;
    }
  }
  return best;
}
