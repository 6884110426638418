/**
 * The browser memory backend: IndexedDB, with a token index instead of FTS (each fact stores its
 * search terms in a multiEntry index; a query unions the facts under its terms and ranks them
 * with BM25 in JS, see rank.ts). `add` runs in one readwrite transaction, so two tabs adding at
 * once are serialised. Uses the IndexedDB API directly (idb-keyval has no indexes).
 *
 * | store    | key    | indexes                                              |
 * |----------|--------|------------------------------------------------------|
 * | `facts`  | `id`   | `scope` (kind + NUL + key), `terms` (multiEntry)      |
 * | `shared` | `key`  | –                                                    |
 *
 * A fact's embedding (when the memory has one) is stored in its row as a Float32Array.
 * @module
 */
import { createError } from "../../store/driver.js";
import { factTerms, rankFacts } from "../rank.js";
import { searchTerms } from "../terms.js";
import type { Fact, MemoryBackend, SharedRecord } from "../types.js";
import { inScopes, listFacts, withoutEmbedding } from "./filter.js";

/** The driver's name. */
export const NAME = "memory-indexeddb";

/** Options of the IndexedDB backend. */
export interface IndexedDbMemoryOptions {
  /** Database name; default `tokenfold-memory`. */
  dbName?: string;
  /** The IDBFactory; default `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
}

type Row = Fact & { scopeId: string; terms: string[] };

const scopeId = (s: Fact["scope"]) => `${s.kind}\u0000${s.key}`;
const toRow = (f: Fact): Row => ({ ...f, scopeId: scopeId(f.scope), terms: [...new Set(factTerms(f))] });
function toFact(r: Row): Fact {
  const { scopeId: _s, terms: _t, ...f } = r;
  return f;
}

const req = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
  });

/**
 * Creates the IndexedDB backend (opened on first use).
 * @example
 * const memory = createMemory({ backend: indexedDbBackend({ dbName: "my-app-memory" }) });
 */
export function indexedDbBackend(options: IndexedDbMemoryOptions = {}): MemoryBackend {
  const name = options.dbName ?? "tokenfold-memory";
  let db: Promise<IDBDatabase> | undefined;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
      if (!factory) return reject(createError(NAME, "IndexedDB is not available here; use the sqlite or memory backend"));
      const r = factory.open(name, 1);
      r.onupgradeneeded = () => {
        const d = r.result;
        const facts = d.createObjectStore("facts", { keyPath: "id" });
        facts.createIndex("scope", "scopeId");
        facts.createIndex("terms", "terms", { multiEntry: true });
        d.createObjectStore("shared", { keyPath: "key" });
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(createError(NAME, `cannot open IndexedDB ${name}`, r.error));
    }).catch((e: unknown) => {
      db = undefined;
      throw e;
    }));

  return {
    name: NAME,
    async insert(fact, _nearBits, plan) {
      const d = await open();
      const tx = d.transaction("facts", "readwrite");
      const store = tx.objectStore("facts");
      const finished = done(tx);
      const rows = (await req(store.index("scope").getAll(scopeId(fact.scope)))) as Row[];
      // rows of the scope carry their embeddings: the plan compares them; read paths drop them
      const p = plan({ facts: rows.filter((r) => r.supersededBy === undefined).map(toFact) });
      if (p.kind === "insert") {
        if (p.supersede.length > 0) fact.supersedes = p.supersede[0];
        store.put(toRow(fact));
        for (const r of rows) if (p.supersede.includes(r.id)) store.put({ ...r, supersededBy: fact.id });
      }
      await finished;
      return p;
    },
    async search(query, o) {
      const terms = searchTerms(query);
      if (terms.length === 0) return [];
      const d = await open();
      const index = d.transaction("facts", "readonly").objectStore("facts").index("terms");
      const byId = new Map<string, Fact>();
      for (const t of terms) for (const r of (await req(index.getAll(t))) as Row[]) byId.set(r.id, withoutEmbedding(toFact(r)));
      const pool = [...byId.values()].filter((f) => (o.includeSuperseded || f.supersededBy === undefined) && inScopes(f, o.scopes));
      return rankFacts(pool, terms, o.limit);
    },
    async list(o) {
      const d = await open();
      const rows = (await req(d.transaction("facts", "readonly").objectStore("facts").getAll())) as Row[];
      return listFacts(rows.map((r) => withoutEmbedding(toFact(r))), o);
    },
    async get(id) {
      const d = await open();
      const r = (await req(d.transaction("facts", "readonly").objectStore("facts").get(id))) as Row | undefined;
      return r ? withoutEmbedding(toFact(r)) : undefined;
    },
    async remove(id) {
      const d = await open();
      const tx = d.transaction("facts", "readwrite");
      const store = tx.objectStore("facts");
      const finished = done(tx);
      const had = (await req(store.get(id))) !== undefined;
      if (had) {
        store.delete(id);
        for (const r of (await req(store.getAll())) as Row[]) {
          if (r.supersededBy === id) {
            const { supersededBy: _x, ...rest } = r;
            store.put(rest);
          }
        }
      }
      await finished;
      return had;
    },
    async putShared(record: SharedRecord) {
      const d = await open();
      const tx = d.transaction("shared", "readwrite");
      tx.objectStore("shared").put({ ...record });
      await done(tx);
    },
    async getShared(key) {
      const d = await open();
      return (await req(d.transaction("shared", "readonly").objectStore("shared").get(key))) as SharedRecord | undefined;
    },
    async close() {
      const c = db;
      db = undefined;
      if (c) (await c.catch(() => undefined))?.close();
    },
  };
}
