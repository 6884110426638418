/**
 * BM25 over facts held in JS (the in-process and IndexedDB backends; SQLite ranks with FTS5's
 * own bm25). The subject counts twice, as in the SQLite column weights. Ties break by newest,
 * then id, so the order is stable.
 * @module
 */
import type { Fact, SearchHit } from "./types.js";
import { termList } from "./terms.js";

const K1 = 1.2;
const B = 0.75;

/** The terms a fact is indexed by (text, plus the subject twice). */
export function factTerms(fact: Pick<Fact, "text" | "subject">): string[] {
  const subject = fact.subject ? termList(fact.subject) : [];
  return [...termList(fact.text), ...subject, ...subject];
}

/**
 * Ranks `facts` (the collection to score against) for `terms`; facts without any term are left out.
 * @param facts the candidate facts (the statistics use all of them)
 * @param terms normalised search terms
 * @param limit at most this many hits
 */
export function rankFacts(facts: readonly Fact[], terms: readonly string[], limit: number): SearchHit[] {
  if (facts.length === 0 || terms.length === 0) return [];
  const docs = facts.map((f) => factTerms(f));
  const avg = docs.reduce((s, d) => s + d.length, 0) / docs.length || 1;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const hits: SearchHit[] = [];
  facts.forEach((fact, i) => {
    const d = docs[i]!;
    let score = 0;
    for (const t of terms) {
      const n = df.get(t);
      if (!n) continue;
      let tf = 0;
      for (const x of d) if (x === t) tf++;
      if (tf === 0) continue;
      const idf = Math.log(1 + (facts.length - n + 0.5) / (n + 0.5));
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * d.length) / avg));
    }
    if (score > 0) hits.push({ fact, score });
  });
  hits.sort((a, b) => b.score - a.score || b.fact.provenance.at - a.fact.provenance.at || (a.fact.id < b.fact.id ? -1 : a.fact.id > b.fact.id ? 1 : 0));
  return hits.slice(0, limit);
}
