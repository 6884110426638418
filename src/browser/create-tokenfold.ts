/**
 * `createTokenfold()`: the engine in a module Web Worker, driven through comlink, so the page's
 * main thread never runs a compressor.
 * @module
 */
import * as Comlink from "comlink";
import type { CompressResult } from "../compress.js";
import type { Result } from "../core/types.js";
import type { MessagesResult } from "../messages/compress-messages.js";
import type { Retrieved } from "../store/retrieve.js";
import type { BrowserCompressOptions, BrowserStoreKind, Timed, TokenfoldWorkerApi, WorkerConfig } from "./protocol.js";

/** Options of {@link createTokenfold}. */
export interface BrowserTokenfoldOptions extends WorkerConfig {
  /** URL of the worker module (default: `worker.js` beside this module, which bundlers pick up). */
  workerUrl?: string | URL;
  /** A worker you started yourself (it must run `tokenfold/browser`'s `worker.js`); wins over `workerUrl`. */
  worker?: Worker;
}

/** The engine running in a Web Worker. */
export interface Tokenfold {
  /**
   * Compresses a text; the same result as the library's `compress`, plus `ms` spent in the worker.
   * A `Blob` or `File` (a dropped file) is read in the worker: the page never holds, copies or
   * encodes its bytes, so a 10 MB file costs the main thread nothing.
   */
  compress(input: string | Blob, options?: BrowserCompressOptions): Promise<Timed<CompressResult>>;
  /** Compresses a message array or a request body. */
  compress<T extends object>(input: T, options?: BrowserCompressOptions): Promise<Timed<MessagesResult<T>>>;
  /** The original behind a ref (whole, or only what matches `query`). */
  retrieve(ref: string, options?: { query?: string }): Promise<Result<Retrieved>>;
  /** The store in use (`indexeddb`, or `memory` after the fallback) and whether the core runs SIMD. */
  info(): Promise<{ store: BrowserStoreKind; simd: boolean }>;
  /** The worker itself (for `terminate`, or to watch its `error` event). */
  readonly worker: Worker;
  /** Stops the worker; later calls reject. */
  close(): void;
}

/** Grammar and runtime URLs made absolute against the page, since the worker resolves against its own URL. */
function absolute(config: WorkerConfig): WorkerConfig {
  const base = typeof document !== "undefined" ? document.baseURI : (globalThis as { location?: { href: string } }).location?.href;
  if (!base) return config;
  const abs = (u: string) => new URL(u, base).href;
  const g = config.grammars;
  return {
    ...config,
    grammars: g === undefined ? undefined : typeof g === "string" ? abs(g) : Object.fromEntries(Object.entries(g).map(([k, v]) => [k, abs(v as string)])),
    treeSitterWasm: config.treeSitterWasm === undefined ? undefined : abs(config.treeSitterWasm),
  };
}

/**
 * Starts the engine in a module Web Worker. Refs go to IndexedDB (memory when it is unavailable);
 * nothing is fetched from anywhere but the URLs given here.
 * @param options - see {@link BrowserTokenfoldOptions}
 * @returns a {@link Tokenfold}
 * @example
 * import { createTokenfold } from "tokenfold/browser";
 * const tf = createTokenfold({ grammars: "/grammars/", treeSitterWasm: "/web-tree-sitter.wasm" });
 * const r = await tf.compress(toolOutput, { query: "which job failed?" });
 * const back = await tf.retrieve(r.refs[0]!);
 */
export function createTokenfold(options: BrowserTokenfoldOptions = {}): Tokenfold {
  const { worker: given, workerUrl, ...config } = options;
  // Written out literally so that bundlers (Vite, webpack 5, esbuild) find and emit the worker.
  const worker = given ?? (workerUrl ? new Worker(workerUrl, { type: "module" }) : new Worker(new URL("./worker.js", import.meta.url), { type: "module" }));
  const remote = Comlink.wrap<TokenfoldWorkerApi>(worker);
  // Every call waits for the setup, so a call made right away still sees it.
  const ready = remote.configure(absolute(config));
  return {
    compress: (async (input: unknown, opts?: BrowserCompressOptions) => {
      await ready;
      return remote.compress(input, opts);
    }) as Tokenfold["compress"],
    retrieve: async (ref, opts) => {
      await ready;
      return remote.retrieve(ref, opts);
    },
    info: async () => {
      await ready;
      return remote.info();
    },
    worker,
    close() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
