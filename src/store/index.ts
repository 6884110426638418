/**
 * Stores: where originals live so that lossy output can be undone. One driver per file; this
 * barrel re-exports them and picks one by name.
 * @module
 */
import type { Store } from "../core/types.js";
import { createError } from "./driver.js";
import memory, { type MemoryStoreOptions } from "./memory.js";
import none, { type NoneStoreOptions } from "./none.js";
import redis, { type RedisStoreOptions } from "./redis.js";
import sqlite, { type SqliteStoreOptions } from "./sqlite.js";

export { default as memoryStore, entrySize, type MemoryStore, type MemoryStoreOptions } from "./memory.js";
export { default as noneStore, type NoneStoreOptions } from "./none.js";
export {
  default as sqliteStore,
  defaultStorePath,
  type SqliteDatabase,
  type SqliteLib,
  type SqliteStatement,
  type SqliteStore,
  type SqliteStoreOptions,
} from "./sqlite.js";
export {
  default as redisStore,
  type RedisClient,
  type RedisLib,
  type RedisStore,
  type RedisStoreOptions,
} from "./redis.js";
export { TokenfoldStoreError } from "./driver.js";
export { retrieve, type RetrieveOptions, type Retrieved } from "./retrieve.js";
export { selectMatching, type Selection, type SelectOptions } from "./select.js";

/** The drivers `createStore` knows, by name. */
const DRIVERS = Object.freeze({ memory, sqlite, redis, none });

/** A driver's name. */
export type StoreName = keyof typeof DRIVERS;

/** Options for each driver, by name. */
export interface StoreOptionsByName {
  /** See {@link MemoryStoreOptions}. */
  memory: MemoryStoreOptions;
  /** See {@link SqliteStoreOptions}. */
  sqlite: SqliteStoreOptions;
  /** See {@link RedisStoreOptions}. */
  redis: RedisStoreOptions;
  /** See {@link NoneStoreOptions}. */
  none: NoneStoreOptions;
}

/**
 * Makes a store from a driver name and its options, or hands back a Store given as such.
 * An unknown name throws (at creation, listing the valid ones).
 * @param spec - `"memory"` (library default), `"sqlite"` (CLI default), `"redis"` (shared by many processes), `"none"`, or a Store
 * @param options - the driver's options; ignored when `spec` is a Store
 * @returns the Store
 * @example
 * const store = createStore("sqlite", { ttlMs: 24 * 60 * 60 * 1000 });
 */
export function createStore<N extends StoreName>(spec: N | Store, options?: StoreOptionsByName[N]): Store {
  if (typeof spec === "object" && spec !== null) {
    if (typeof spec.get !== "function" || typeof spec.put !== "function") {
      throw createError("store", "a Store given to createStore needs `get` and `put` methods");
    }
    return spec;
  }
  if (!Object.hasOwn(DRIVERS, spec)) {
    throw createError("store", `unknown store ${JSON.stringify(spec)}; use one of ${Object.keys(DRIVERS).join(", ")}, or pass a Store`);
  }
  const factory = DRIVERS[spec] as (o?: StoreOptionsByName[N]) => Store;
  return factory(options);
}
