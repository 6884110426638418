/**
 * The playground's Vite config (`npm run playground`, `npm run build:web` → web/dist). The library
 * is taken from src/ (TypeScript) so the page always runs the current code.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { noTransformers } from "./no-transformers.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  // Relative asset paths: the built folder works from any path, or opened by a static server.
  base: "./",
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  plugins: [noTransformers()],
  worker: { format: "es", plugins: () => [noTransformers()] },
  server: { host: "127.0.0.1", fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
  preview: { host: "127.0.0.1" },
});
