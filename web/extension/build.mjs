// `npm run build:extension`: builds the MV3 example into web/extension/dist (load it unpacked from
// chrome://extensions). Vite bundles the popup, the offscreen document, the service worker and the
// engine worker, and emits the WASM core, the tree-sitter runtime and grammars as local files.
import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { noTransformers } from "../no-transformers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

await build({
  configFile: false,
  root: here,
  base: "./",
  logLevel: process.env.VITE_LOG_LEVEL ?? "warn",
  plugins: [noTransformers()],
  worker: { format: "es", plugins: () => [noTransformers()] },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { popup: `${here}popup.html`, offscreen: `${here}offscreen.html`, sw: `${here}sw.ts` },
      // The manifest names the service worker: keep its file name fixed.
      output: { entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js") },
    },
  },
});
copyFileSync(`${here}manifest.json`, `${here}dist/manifest.json`);
console.log(`extension built: ${here}dist`);
