/**
 * A memory held in a Map: for tests, short-lived agents and browsers without IndexedDB. Nothing
 * survives the process.
 * @module
 */
import { rankFacts } from "../rank.js";
import { searchTerms } from "../terms.js";
import type { Fact, MemoryBackend, SharedRecord } from "../types.js";
import { inScopes, listFacts } from "./filter.js";

/** The driver's name. */
export const NAME = "memory";

/**
 * Creates an in-process memory backend.
 * @example
 * const memory = createMemory({ backend: inProcessBackend() });
 */
export function inProcessBackend(): MemoryBackend {
  const facts = new Map<string, Fact>();
  const shared = new Map<string, SharedRecord>();
  const copy = (f: Fact): Fact => structuredClone(f);
  return {
    name: NAME,
    async insert(fact, _nearBits, plan) {
      const p = plan({ facts: [...facts.values()].filter((f) => f.scope.kind === fact.scope.kind && f.scope.key === fact.scope.key && f.supersededBy === undefined).map(copy) });
      if (p.kind === "insert") {
        if (p.supersede.length > 0) fact.supersedes = p.supersede[0];
        facts.set(fact.id, copy(fact));
        for (const id of p.supersede) {
          const old = facts.get(id);
          if (old) old.supersededBy = fact.id;
        }
      }
      return p;
    },
    async search(query, o) {
      const pool = [...facts.values()].filter((f) => (o.includeSuperseded || f.supersededBy === undefined) && inScopes(f, o.scopes));
      return rankFacts(pool, searchTerms(query), o.limit).map((h) => ({ ...h, fact: copy(h.fact) }));
    },
    async list(o) {
      return listFacts(facts.values(), o).map(copy);
    },
    async get(id) {
      const f = facts.get(id);
      return f ? copy(f) : undefined;
    },
    async remove(id) {
      if (!facts.delete(id)) return false;
      for (const f of facts.values()) if (f.supersededBy === id) delete f.supersededBy;
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
