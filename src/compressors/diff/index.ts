/** Placeholder until the diff compressor lands: detects nothing, passes through. @module */
import type { Compressor } from "../../core/types.js";

export const diffCompressor: Compressor = {
  name: "diff",
  detect: () => 0,
  compress: ({ text }) => ({ text, lossy: false, reasons: [{ code: "pass.no-compressor", detail: "diff compressor not built yet" }] }),
};
