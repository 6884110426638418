/** Placeholder until the log compressor lands: detects nothing, passes through. @module */
import type { Compressor } from "../../core/types.js";

export const logCompressor: Compressor = {
  name: "log",
  detect: () => 0,
  compress: ({ text }) => ({ text, lossy: false, reasons: [{ code: "pass.no-compressor", detail: "log compressor not built yet" }] }),
};
