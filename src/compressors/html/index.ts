/** Placeholder until the html compressor lands: detects nothing, passes through. @module */
import type { Compressor } from "../../core/types.js";

export const htmlCompressor: Compressor = {
  name: "html",
  detect: () => 0,
  compress: ({ text }) => ({ text, lossy: false, reasons: [{ code: "pass.no-compressor", detail: "html compressor not built yet" }] }),
};
