/**
 * What crosses between the page and the tokenfold Web Worker: plain, structured-cloneable values
 * only (no functions, no Store objects), so comlink can copy them.
 * @module
 */
import type { CompressOptions, CompressResult } from "../compress.js";
import type { LangId } from "../compressors/code/languages.js";
import type { Result } from "../core/types.js";
import type { MessagesOptions, MessagesResult } from "../messages/compress-messages.js";
import type { Retrieved } from "../store/retrieve.js";

/** Where the worker keeps originals. */
export type BrowserStoreKind = "indexeddb" | "memory";

/** How the worker is set up; sent once, before the first call. */
export interface WorkerConfig {
  /** `indexeddb` (default; falls back to `memory` when IndexedDB is unavailable) or `memory`. */
  store?: BrowserStoreKind;
  /** IndexedDB database name (default `tokenfold`). */
  dbName?: string;
  /**
   * Where tree-sitter grammars are served: a base URL ending in `/` (the worker asks for
   * `<base>tree-sitter-<lang>.wasm`), or one URL per language. Without it, code is compressed only
   * where the default locator works (it needs `import.meta.resolve` to reach the package).
   */
  grammars?: string | Partial<Record<LangId, string>>;
  /** URL of `web-tree-sitter.wasm` (the parser runtime), when it is not beside the bundled runtime. */
  treeSitterWasm?: string;
}

/** Options of a browser `compress` call: those of the library minus `store` (the worker owns it). */
export type BrowserCompressOptions = Omit<CompressOptions, "store"> & Omit<MessagesOptions, "store">;

/** A result with the time the worker spent on the call. */
export type Timed<T> = T & {
  /** Milliseconds inside the worker, from the call to the result (excludes copying to the page). */
  ms: number;
};

/** What a text compression gives in the browser. */
export type BrowserTextResult = Timed<CompressResult>;
/** What a message array or request body compression gives in the browser. */
export type BrowserMessagesResult<T> = Timed<MessagesResult<T>>;

/** The API the worker exposes through comlink. */
export interface TokenfoldWorkerApi {
  /** Applies the setup; later calls replace it (a new store is opened when it changes). */
  configure(config: WorkerConfig): Promise<void>;
  /** `compress` of the library, run in the worker; a Blob is read as UTF-8 text in the worker. */
  compress(input: unknown, options?: BrowserCompressOptions): Promise<BrowserTextResult | BrowserMessagesResult<unknown>>;
  /** `retrieve` of the library, against the worker's store. */
  retrieve(ref: string, options?: { query?: string }): Promise<Result<Retrieved>>;
  /** Which store is in use (after the fallback, if any) and whether the WASM core runs SIMD. */
  info(): Promise<{ store: BrowserStoreKind; simd: boolean }>;
}
