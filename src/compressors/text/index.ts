/** Placeholder until the text compressor lands: detects nothing, passes through. @module */
import type { Compressor } from "../../core/types.js";

export const textCompressor: Compressor = {
  name: "text",
  detect: () => 0,
  compress: ({ text }) => ({ text, lossy: false, reasons: [{ code: "pass.no-compressor", detail: "text compressor not built yet" }] }),
};
