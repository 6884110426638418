/**
 * The worker side of `createTokenfold`: the library's own `compress` and `retrieve`, with refs in
 * the browser store and grammars fetched from where the page says they are served. Loaded lazily
 * by `worker.ts`, after comlink is already listening.
 * @module
 */
import { compress } from "../api.js";
import { setGrammarLocator } from "../compressors/code/grammar.js";
import type { LangId } from "../compressors/code/languages.js";
import type { Store } from "../core/types.js";
import { simdSupported } from "../core/wasm/instance.js";
import { retrieve } from "../retrieve.js";
import memoryStore from "../store/memory.js";
import { browserStore } from "./indexeddb-store.js";
import type { BrowserStoreKind, TokenfoldWorkerApi, WorkerConfig } from "./protocol.js";

let config: WorkerConfig = {};
let store: { store: Store; kind: () => Promise<BrowserStoreKind> } | undefined;

function openStore(c: WorkerConfig) {
  if (c.store === "memory") return { store: memoryStore(), kind: async () => "memory" as const };
  const s = browserStore({ dbName: c.dbName });
  return { store: s as Store, kind: () => s.kind() };
}

const current = () => (store ??= openStore(config));

/** A grammar locator for the configured base URL or per-language map. */
function grammarLocator(grammars: NonNullable<WorkerConfig["grammars"]>) {
  return (lang: LangId): string => {
    if (typeof grammars === "string") return `${grammars}tree-sitter-${lang}.wasm`;
    const url = grammars[lang];
    // A rejection here ends in the code compressor's own fallback (the text is still compressed).
    if (url === undefined) throw new Error(`no grammar URL configured for ${lang}`);
    return url;
  };
}

/** The API `worker.ts` exposes. */
export const workerApi: TokenfoldWorkerApi = {
  async configure(next) {
    const storeChanged = next.store !== config.store || next.dbName !== config.dbName;
    config = { ...next };
    if (storeChanged && store) {
      await store.store.close?.();
      store = undefined;
    }
    if (next.grammars !== undefined || next.treeSitterWasm !== undefined) {
      const wasm = next.treeSitterWasm;
      setGrammarLocator(next.grammars === undefined ? undefined : grammarLocator(next.grammars), wasm === undefined ? undefined : { locateFile: () => wasm });
    }
  },
  async compress(input, options = {}) {
    // A Blob (a dropped file) arrives by reference: its bytes are read here, never on the page.
    const value = typeof Blob !== "undefined" && input instanceof Blob ? await input.text() : input;
    const t0 = performance.now();
    const r = await compress(value as string, { ...options, store: current().store });
    return { ...r, ms: performance.now() - t0 };
  },
  retrieve: (ref, options = {}) => retrieve(ref, { query: options.query, store: current().store }),
  async info() {
    return { store: await current().kind(), simd: simdSupported() };
  },
};
