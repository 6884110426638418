// A Vite plugin that leaves transformers.js out of the bundle. The prose model is optional: without
// it the text compressor takes its extractive path (the result's reasons say so). Bundled, it would
// add ~28 MB (the ONNX runtime's wasm) and default to fetching that runtime from a CDN, which a page
// that promises "no request leaves this origin" must not do. An app that wants the ML path in the
// browser serves the runtime and the model itself (see deps.md §4).
const ID = "\0tokenfold:no-transformers";

/** @returns {import("vite").Plugin} */
export function noTransformers() {
  return {
    name: "tokenfold:no-transformers",
    enforce: "pre",
    resolveId: (source) => (source === "@huggingface/transformers" ? ID : null),
    load: (id) => (id === ID ? 'throw new Error("transformers.js is not bundled in this build");' : null),
  };
}
