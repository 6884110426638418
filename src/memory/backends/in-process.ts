/**
 * A memory held in Maps: for tests, short-lived agents and browsers without IndexedDB. Nothing
 * survives the process. Keeps an inverted index (term → fact ids) and the SimHash bands, so add
 * and search look only at candidates, as the SQLite backend does.
 * @module
 */
import { simhashBands } from "../fingerprint.js";
import { factTerms, rankFacts } from "../rank.js";
import { searchTerms } from "../terms.js";
import type { Fact, MemoryBackend, SharedRecord } from "../types.js";
import { inScopes, listFacts, withoutEmbedding } from "./filter.js";

/** The driver's name. */
export const NAME = "memory";

/**
 * Creates an in-process memory backend.
 * @example
 * const memory = createMemory({ backend: inProcessBackend() });
 */
export function inProcessBackend(): MemoryBackend {
  const facts = new Map<string, Fact>();
  const terms = new Map<string, string[]>();
  const postings = new Map<string, Set<string>>();
  // scope + hash / subject / band → ids, for the add prefilter
  const keys = new Map<string, Set<string>>();
  const shared = new Map<string, SharedRecord>();
  let termCount = 0;
  const copy = (f: Fact): Fact => structuredClone(f);
  const view = (f: Fact): Fact => structuredClone(withoutEmbedding(f));
  const addTo = (m: Map<string, Set<string>>, k: string, id: string) => {
    if (!m.has(k)) m.set(k, new Set());
    m.get(k)!.add(id);
  };
  const keysOf = (f: Fact) => {
    const s = `${f.scope.kind}\u0000${f.scope.key}\u0000`;
    return [`${s}h${f.hash}`, ...(f.subject !== undefined ? [`${s}s${f.subject}`] : []), ...simhashBands(f.simhash).map((b, i) => `${s}b${i}${b}`)];
  };
  const index = (f: Fact) => {
    const t = factTerms(f);
    terms.set(f.id, t);
    termCount += t.length;
    for (const x of new Set(t)) addTo(postings, x, f.id);
    for (const k of keysOf(f)) addTo(keys, k, f.id);
  };
  const unindex = (f: Fact) => {
    const t = terms.get(f.id) ?? [];
    termCount -= t.length;
    terms.delete(f.id);
    for (const x of new Set(t)) postings.get(x)?.delete(f.id);
    for (const k of keysOf(f)) keys.get(k)?.delete(f.id);
  };
  return {
    name: NAME,
    async insert(fact, nearBits, plan) {
      const ids = new Set<string>();
      const probe = keysOf(fact);
      for (const k of nearBits <= 3 ? probe : probe.slice(0, fact.subject !== undefined ? 2 : 1)) for (const id of keys.get(k) ?? []) ids.add(id);
      const sameScope = (f: Fact) => f.scope.kind === fact.scope.kind && f.scope.key === fact.scope.key;
      if (nearBits > 3) for (const f of facts.values()) if (sameScope(f)) ids.add(f.id);
      // embeddings have no index here: compare with every fact of the scope embedded by the same model
      if (fact.embedding) for (const f of facts.values()) if (f.embeddingModel === fact.embeddingModel && sameScope(f)) ids.add(f.id);
      const candidates = [...ids].map((id) => facts.get(id)!).filter((f) => f.supersededBy === undefined);
      const p = plan({ facts: candidates.map(copy) });
      if (p.kind === "insert") {
        if (p.supersede.length > 0) fact.supersedes = p.supersede[0];
        const stored = copy(fact);
        facts.set(fact.id, stored);
        index(stored);
        for (const id of p.supersede) {
          const old = facts.get(id);
          if (old) old.supersededBy = fact.id;
        }
      }
      return p;
    },
    async search(query, o) {
      const ts = searchTerms(query);
      const ids = new Set<string>();
      for (const t of ts) for (const id of postings.get(t) ?? []) ids.add(id);
      const pool = [...ids].map((id) => facts.get(id)!).filter((f) => (o.includeSuperseded || f.supersededBy === undefined) && inScopes(f, o.scopes));
      const stats = { total: facts.size, df: (t: string) => postings.get(t)?.size ?? 0, termsOf: (f: Fact) => terms.get(f.id) ?? [], avgLength: termCount / Math.max(1, facts.size) || 1 };
      return rankFacts(pool, ts, o.limit, stats).map((h) => ({ ...h, fact: view(h.fact) }));
    },
    async list(o) {
      return listFacts(facts.values(), o).map(view);
    },
    async get(id) {
      const f = facts.get(id);
      return f ? view(f) : undefined;
    },
    async remove(id) {
      const f = facts.get(id);
      if (!f) return false;
      facts.delete(id);
      unindex(f);
      for (const x of facts.values()) if (x.supersededBy === id) delete x.supersededBy;
      return true;
    },
    async putShared(record) {
      shared.set(record.key, { ...record });
    },
    async getShared(key) {
      const r = shared.get(key);
      return r ? { ...r } : undefined;
    },
    async close() {},
  };
}
