/**
 * The memory's browser-facing entry (no SharedContext, which pulls in the compressors): what a
 * web app or extension needs to keep facts in IndexedDB. Also the bundle the Chromium test loads.
 * @module
 */
export { createMemory, type MemoryOptions } from "./create-memory.js";
export { indexedDbBackend, type IndexedDbMemoryOptions } from "./backends/indexeddb.js";
export { inProcessBackend } from "./backends/in-process.js";
export { fingerprint } from "./fingerprint.js";
export type * from "./types.js";
