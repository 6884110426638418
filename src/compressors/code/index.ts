/** Placeholder until the code compressor lands: detects nothing, passes through. @module */
import type { Compressor } from "../../core/types.js";

export const codeCompressor: Compressor = {
  name: "code",
  detect: () => 0,
  compress: ({ text }) => ({ text, lossy: false, reasons: [{ code: "pass.no-compressor", detail: "code compressor not built yet" }] }),
};
