/** Placeholder until the search compressor lands: detects nothing, passes through. @module */
import type { Compressor } from "../../core/types.js";

export const searchCompressor: Compressor = {
  name: "search",
  detect: () => 0,
  compress: ({ text }) => ({ text, lossy: false, reasons: [{ code: "pass.no-compressor", detail: "search compressor not built yet" }] }),
};
