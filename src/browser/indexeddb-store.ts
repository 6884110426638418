/**
 * A Store in IndexedDB (through idb-keyval), so that refs survive a page reload; with a memory
 * fallback for browsers or contexts without IndexedDB (some private modes, old embedded views).
 * @module
 */
import { createStore as createIdbStore, get, set, clear, type UseStore } from "idb-keyval";
import type { Store, StoreEntry } from "../core/types.js";
import memoryStore from "../store/memory.js";

/** The driver's name, as `Store.name`. */
export const NAME = "indexeddb";

/** Libraries this driver loads, with the version range it is written against. */
export const DEPENDENCIES = Object.freeze({ "idb-keyval": "^6" });

/** Options of the IndexedDB store. */
export interface IndexedDbStoreOptions {
  /** Database name (default `tokenfold`). */
  dbName?: string;
  /** Object store name inside it (default `refs`). */
  storeName?: string;
}

/** A Store that says which backend it ended up on. */
export interface BrowserStore extends Store {
  /** `indexeddb`, or `memory` after the fallback. */
  kind(): Promise<"indexeddb" | "memory">;
}

const DEFAULTS = Object.freeze({ dbName: "tokenfold", storeName: "refs" } satisfies Required<IndexedDbStoreOptions>);

/**
 * Opens (lazily) an IndexedDB store. Entries are written as plain objects; a `Uint32Array` of
 * spans survives the structured clone as it is.
 * @example
 * const store = indexedDbStore({ dbName: "my-app" });
 * await store.put({ ref, original, type: "json" });
 */
export function indexedDbStore(options?: IndexedDbStoreOptions): BrowserStore {
  const o = { ...DEFAULTS, ...options };
  let idb: UseStore | undefined;
  const db = () => (idb ??= createIdbStore(o.dbName, o.storeName));
  // Refs are content hashes: one written in this session need not be written again (a 10 MB
  // original would otherwise be copied once per engine run).
  const written = new Set<string>();
  return {
    name: NAME,
    async put(entry: StoreEntry) {
      if (written.has(entry.ref)) return;
      await set(entry.ref, { ref: entry.ref, original: entry.original, type: entry.type, units: entry.units }, db());
      written.add(entry.ref);
    },
    async get(ref: string) {
      const e = await get<StoreEntry>(ref, db());
      if (e === undefined) return undefined;
      return e.units === undefined ? { ref: e.ref, original: e.original, type: e.type } : e;
    },
    async close() {
      written.clear();
    },
    kind: async () => NAME,
  };
}

/** Deletes every entry of an IndexedDB store (tests, a "forget" button). */
export async function clearIndexedDbStore(options?: IndexedDbStoreOptions): Promise<void> {
  const o = { ...DEFAULTS, ...options };
  await clear(createIdbStore(o.dbName, o.storeName));
}

/**
 * The browser default: IndexedDB when it opens, else the in-memory LRU store. The choice is made
 * once, on first use, by a read that opens the database.
 * @example
 * const store = browserStore();
 * await store.kind(); // "indexeddb" in a normal tab
 */
export function browserStore(options?: IndexedDbStoreOptions): BrowserStore {
  let chosen: Promise<{ store: Store; kind: "indexeddb" | "memory" }> | undefined;
  const choose = () =>
    (chosen ??= (async () => {
      if (typeof indexedDB === "undefined") return { store: memoryStore(), kind: "memory" as const };
      const idb = indexedDbStore(options);
      try {
        await idb.get("tf_000000000000000000000000");
        return { store: idb, kind: "indexeddb" as const };
      } catch {
        return { store: memoryStore(), kind: "memory" as const };
      }
    })());
  return {
    name: "browser",
    put: async (entry) => (await choose()).store.put(entry),
    get: async (ref) => (await choose()).store.get(ref),
    close: async () => (await choose()).store.close?.(),
    kind: async () => (await choose()).kind,
  };
}
