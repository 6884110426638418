/**
 * tokenfold in the browser: `createTokenfold()` runs the engine in a module Web Worker (comlink),
 * with refs in IndexedDB. The same `compress` and `retrieve` as the main entry, off the main thread.
 * @module
 */
export { createTokenfold, type BrowserTokenfoldOptions, type Tokenfold } from "./create-tokenfold.js";
export { browserStore, clearIndexedDbStore, indexedDbStore, type BrowserStore, type IndexedDbStoreOptions } from "./indexeddb-store.js";
export type { BrowserCompressOptions, BrowserStoreKind, Timed, WorkerConfig } from "./protocol.js";
