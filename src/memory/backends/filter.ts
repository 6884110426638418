/**
 * Scope and list filters shared by the JS-side backends (in-process and IndexedDB).
 * @module
 */
import type { Fact, ListOptions, ScopeFilter } from "../types.js";

/** True when `fact` is in one of `scopes` (or no filter is given). */
export function inScopes(fact: Fact, scopes: readonly ScopeFilter[] | undefined): boolean {
  if (!scopes || scopes.length === 0) return true;
  return scopes.some((s) => s.kind === fact.scope.kind && (s.key === undefined || s.key === fact.scope.key));
}

/** Applies a list filter and order: newest first (or oldest first), ties by id. */
export function listFacts(all: Iterable<Fact>, o: ListOptions & { oldestFirst?: boolean }): Fact[] {
  const out = [...all].filter((f) => (o.includeSuperseded || f.supersededBy === undefined) && inScopes(f, o.scopes) && (o.subject === undefined || f.subject === o.subject));
  const dir = o.oldestFirst ? 1 : -1;
  out.sort((a, b) => dir * (a.provenance.at - b.provenance.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return o.limit ? out.slice(0, o.limit) : out;
}

/** A fact without its embedding: what read paths return (see `Fact.embedding`). */
export function withoutEmbedding(fact: Fact): Fact {
  if (fact.embedding === undefined && fact.embeddingModel === undefined) return fact;
  const { embedding: _e, embeddingModel: _m, ...rest } = fact;
  return rest;
}
