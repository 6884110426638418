/**
 * Cross-agent memory: facts with scopes and provenance that every agent can add and search,
 * SharedContext for handing compressed content from one agent to another, the MCP tools and the
 * proxy's memory injection. Browser-safe: the SQLite backend loads Node modules on first use only.
 * @module
 */
export { createMemory, type MemoryOptions } from "./create-memory.js";
export { inProcessBackend } from "./backends/in-process.js";
export { sqliteMemoryBackend, defaultMemoryPath, type SqliteMemoryOptions } from "./backends/sqlite.js";
export { indexedDbBackend, type IndexedDbMemoryOptions } from "./backends/indexeddb.js";
export { loadEmbedder, type Embedder, type EmbeddingOptions } from "./embedder.js";
export { cosine } from "./cosine.js";
export { fingerprint, normaliseSubject, normaliseText } from "./fingerprint.js";
export { searchTerms } from "./terms.js";
export type * from "./types.js";
export { createSharedContext, type SharedContext, type SharedContextOptions, type SharedPut } from "./shared-context.js";
export { memoryInjector, insertMemoryBlock, renderMemoryBlock, firstUserText, MEMORY_OPEN, MEMORY_CLOSE, type MemoryInjectorOptions } from "./inject.js";
