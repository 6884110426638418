/**
 * Every compressor, by the type name it routes under. The router (`../router.ts`) asks each one's
 * `detect` and picks; `compress(text, { type })` skips detection.
 * @module
 */
import type { Compressor } from "../core/types.js";
import { codeCompressor } from "./code/index.js";
import { diffCompressor } from "./diff/index.js";
import { htmlCompressor } from "./html/index.js";
import { jsonCompressor } from "./json/index.js";
import { logCompressor } from "./log/index.js";
import { searchCompressor } from "./search/index.js";
import { textCompressor } from "./text/index.js";

/** Content types, from most structured to least. */
export const CONTENT_TYPES = ["json", "diff", "search", "code", "html", "log", "text"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const COMPRESSORS: Record<ContentType, Compressor> = {
  json: jsonCompressor,
  diff: diffCompressor,
  search: searchCompressor,
  code: codeCompressor,
  html: htmlCompressor,
  log: logCompressor,
  text: textCompressor,
};
