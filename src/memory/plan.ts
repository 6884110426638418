/**
 * The add decision, as a pure function of the new fact and the colliding active facts of its
 * scope. Order of the rules: exact duplicate, then same subject (supersede, even when the
 * wording is close: a corrected fact is usually a small edit), then near duplicate by SimHash, then
 * near duplicate by embedding (when both facts have one from the same model), else insert.
 * @module
 */
import { hammingDistance, hexToHash } from "../core/simhash.js";
import { cosine } from "./cosine.js";
import type { AddCandidates, AddPlan, Fact } from "./types.js";

/** Whether two scopes are the same. */
export const sameScope = (a: Fact["scope"], b: Fact["scope"]) => a.kind === b.kind && a.key === b.key;

/**
 * Decides what `add` does with `fact`.
 * @param nearBits SimHash distance that still counts as a near duplicate (0 turns the check off)
 * @param minCosine cosine similarity that counts as a near duplicate (used when `fact` has an embedding)
 */
export function planAdd(fact: Fact, candidates: AddCandidates, nearBits: number, minCosine = 0.92): AddPlan {
  const live = candidates.facts.filter((f) => f.supersededBy === undefined && sameScope(f.scope, fact.scope) && f.id !== fact.id);
  // the oldest wins ties, so that every process picks the same existing fact
  live.sort((a, b) => a.provenance.at - b.provenance.at || (a.id < b.id ? -1 : 1));
  const exact = live.find((f) => f.hash === fact.hash);
  if (exact) return { kind: "duplicate", of: exact, near: false, distance: 0, by: "hash" };
  if (fact.subject !== undefined) {
    const older = live.filter((f) => f.subject === fact.subject).map((f) => f.id);
    if (older.length > 0) return { kind: "insert", supersede: older };
  }
  if (nearBits > 0) {
    const mine = hexToHash(fact.simhash)!;
    let best: { f: Fact; d: number } | undefined;
    for (const f of live) {
      const other = hexToHash(f.simhash);
      if (!other || (f.subject !== undefined && fact.subject !== undefined)) continue; // different subjects: both are wanted
      const d = hammingDistance(mine, other);
      if (d <= nearBits && (!best || d < best.d)) best = { f, d };
    }
    if (best) return { kind: "duplicate", of: best.f, near: true, distance: best.d, by: "simhash" };
  }
  if (fact.embedding) {
    let best: { f: Fact; c: number } | undefined;
    for (const f of live) {
      if (!f.embedding || f.embeddingModel !== fact.embeddingModel || (f.subject !== undefined && fact.subject !== undefined)) continue;
      const c = cosine(fact.embedding, f.embedding);
      if (c >= minCosine && (!best || c > best.c)) best = { f, c };
    }
    if (best) {
      const d = hammingDistance(hexToHash(fact.simhash)!, hexToHash(best.f.simhash) ?? [0, 0]);
      return { kind: "duplicate", of: best.f, near: true, distance: d, by: "embedding", cosine: best.c };
    }
  }
  return { kind: "insert", supersede: [] };
}
