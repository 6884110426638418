/**
 * SharedContext: one agent puts a large content under a key, another gets it back, compressed or
 * whole. The compressed text and the ref of the original go to the memory's backend (SQLite:
 * `$TOKENFOLD_HOME/memory.db`), the original to a Store (SQLite: `$TOKENFOLD_HOME/store.db`), so
 * it works across processes on one machine. Fail open: when compression fails the original is
 * shared as is.
 * @module
 */
import { compress } from "../api.js";
import { storeOriginal, type CompressOptions } from "../compress.js";
import type { Store } from "../core/types.js";
import { createStore } from "../store/index.js";
import { retrieve } from "../store/retrieve.js";
import { createMemory } from "./create-memory.js";
import type { Memory, SharedRecord } from "./types.js";

/** Options of {@link createSharedContext}. */
export interface SharedContextOptions {
  /** Where key records live; default `createMemory()` (SQLite in Node, IndexedDB in a browser). */
  memory?: Memory;
  /** Where originals live; default the SQLite store in Node, the in-memory store elsewhere. */
  store?: Store;
  /** Recorded with each entry. */
  agent?: string;
  /** Passed to `compress` (tokenizer, targetRatio, …); `query` and `store` are set per call. */
  compress?: Omit<CompressOptions, "query" | "store">;
}

/** What `put` returns. */
export interface SharedPut extends SharedRecord {
  /** tokensBefore − tokensAfter. */
  saved: number;
}

/** The SharedContext API. */
export interface SharedContext {
  /** Compresses `content` (keeping what `query` needs) and shares it under `key`, replacing an older entry. */
  put(key: string, content: string, options?: { query?: string }): Promise<SharedPut>;
  /**
   * The shared content: the compressed text, the original with `full`, or only the parts of the
   * original matching `query`. Undefined for an unknown key (or an original that has expired).
   */
  get(key: string, options?: { full?: boolean; query?: string }): Promise<string | undefined>;
  /** The entry's record (text, ref, token counts, when, who). */
  info(key: string): Promise<SharedRecord | undefined>;
  close(): Promise<void>;
}

const isNode = () => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

/**
 * Opens a SharedContext.
 * @example
 * const ctx = createSharedContext({ agent: "planner" });
 * await ctx.put("ci-log", hugeLog, { query: "which test failed?" });
 * // in another process:
 * const brief = await createSharedContext().get("ci-log");
 * const whole = await createSharedContext().get("ci-log", { full: true });
 */
export function createSharedContext(options: SharedContextOptions = {}): SharedContext {
  const ownMemory = options.memory === undefined;
  const ownStore = options.store === undefined;
  const memory = options.memory ?? createMemory();
  const store = options.store ?? createStore(isNode() ? "sqlite" : "memory");
  const check = (key: unknown) => {
    if (typeof key !== "string" || key === "") throw new TypeError("[tokenfold] [shared-context] a key must be a non-empty string");
  };
  return {
    async put(key, content, o = {}) {
      check(key);
      if (typeof content !== "string") throw new TypeError("[tokenfold] [shared-context] content must be a string");
      let text = content;
      let tokensBefore = 0;
      let tokensAfter = 0;
      let ref: string | undefined;
      try {
        const r = await compress(content, { ...options.compress, query: o.query, store });
        text = r.text;
        tokensBefore = r.tokensBefore;
        tokensAfter = r.tokensAfter;
        ref = r.refs[0];
      } catch {
        text = content; // fail open: share the original
      }
      // the original is always stored, so `full` works even when nothing was dropped
      ref ??= await storeOriginal(content, { store });
      const record: SharedRecord = { key, text, ref, tokensBefore, tokensAfter, at: Date.now(), ...(options.agent ? { agent: options.agent } : {}) };
      await memory.backend.putShared(record);
      return { ...record, saved: tokensBefore - tokensAfter };
    },
    async get(key, o = {}) {
      check(key);
      const rec = await memory.backend.getShared(key);
      if (!rec) return undefined;
      if (!o.full && o.query === undefined) return rec.text;
      const r = await retrieve(store, rec.ref, { query: o.full ? undefined : o.query });
      return r.ok ? r.value.text : undefined;
    },
    info(key) {
      check(key);
      return memory.backend.getShared(key);
    },
    async close() {
      if (ownMemory) await memory.close();
      if (ownStore) await store.close?.();
    },
  };
}
