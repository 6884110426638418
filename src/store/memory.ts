/**
 * The library's default store: originals in process memory, in an LRU capped by bytes (not by
 * count: one 50 MB log must not hide behind a count of 1), with an optional time to live.
 * @module
 */
import { LRUCache } from "lru-cache";
import type { Store, StoreEntry } from "../core/types.js";
import { checkCount, createError, withDefaults } from "./driver.js";

/** The driver's name, as `Store.name` and in error messages. */
export const NAME = "memory";

/** Libraries this driver loads, with the version range it is written against. */
export const DEPENDENCIES = Object.freeze({ "lru-cache": "^11" });

/** Options of the memory store. */
export interface MemoryStoreOptions {
  /** Cap on the estimated bytes held (see {@link entrySize}); least recently used entries go first. Default 256 MiB. */
  maxBytes?: number;
  /** Milliseconds an entry lives after its last `put`; `0` (the default) keeps entries until evicted. */
  ttlMs?: number;
}

/** A memory store, with the cache itself as an escape hatch. */
export interface MemoryStore extends Store {
  /** The underlying `LRUCache` (keys are refs). */
  getInstance(): LRUCache<string, StoreEntry>;
}

const DEFAULTS = Object.freeze({ maxBytes: 256 * 1024 * 1024, ttlMs: 0 } satisfies Required<MemoryStoreOptions>);

/**
 * The bytes an entry is charged: JS strings are UTF-16 (2 bytes a unit), each span two numbers
 * plus an array, and a flat 64 for the object and the cache's own bookkeeping.
 * @returns a positive integer
 */
export function entrySize(entry: StoreEntry): number {
  return 2 * (entry.original.length + entry.ref.length + entry.type.length) + (entry.units instanceof Uint32Array ? entry.units.byteLength : 32 * (entry.units?.length ?? 0)) + 64;
}

// Copies in and out: a caller that mutates its spans later must not change what is stored.
const copy = (e: StoreEntry): StoreEntry =>
  e.units === undefined
    ? { ref: e.ref, original: e.original, type: e.type }
    : { ref: e.ref, original: e.original, type: e.type, units: e.units instanceof Uint32Array ? e.units.slice() : e.units.map(([s, t]) => [s, t]) };

/**
 * Creates a memory store. An entry larger than `maxBytes` is not kept (`get` then says unknown).
 * @param options - see {@link MemoryStoreOptions}
 * @returns a Store that lives as long as the process
 * @example
 * const store = memory({ maxBytes: 64 * 1024 * 1024, ttlMs: 60 * 60 * 1000 });
 */
const memory = (options?: MemoryStoreOptions): MemoryStore => {
  const o = withDefaults<Required<MemoryStoreOptions>>(DEFAULTS, options);
  checkCount(NAME, "maxBytes", o.maxBytes);
  checkCount(NAME, "ttlMs", o.ttlMs);
  if (o.maxBytes === 0) throw createError(NAME, "`maxBytes` must be at least 1; use the `none` store to keep nothing");
  const cache = new LRUCache<string, StoreEntry>({
    maxSize: o.maxBytes,
    sizeCalculation: entrySize,
    ...(o.ttlMs > 0 ? { ttl: o.ttlMs } : {}),
    // Read the clock through Date.now on every check: fake timers then work, and there is no
    // 1 ms cached "now" kept alive by a timer (lru-cache's ttlResolution).
    ttlResolution: 0,
    perf: { now: () => Date.now() },
  });
  return {
    name: NAME,
    async put(entry) {
      // Content-addressed: an existing entry stays as it is, but counts as fresh again.
      const prev = cache.get(entry.ref);
      cache.set(entry.ref, prev ?? copy(entry));
    },
    async get(ref) {
      const e = cache.get(ref);
      return e === undefined ? undefined : copy(e);
    },
    async has(ref) {
      return cache.get(ref) !== undefined; // refreshes recency, as get does
    },
    async close() {
      cache.clear();
    },
    getInstance: () => cache,
  };
};

export default memory;
