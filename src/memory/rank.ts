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

/** Collection statistics a backend with its own index can pass in (else they come from `facts`). */
export interface RankStats {
  /** Number of facts in the whole collection. */
  total: number;
  /** Facts holding a term. */
  df(term: string): number;
  /** A fact's terms (cached by the backend). */
  termsOf(fact: Fact): string[];
  /** Mean number of terms per fact. */
  avgLength: number;
}

/**
 * Ranks `facts` for `terms`; facts without any term are left out.
 * @param facts the candidate facts
 * @param terms normalised search terms
 * @param limit at most this many hits
 * @param stats whole-collection statistics; default: computed from `facts`
 */
export function rankFacts(facts: readonly Fact[], terms: readonly string[], limit: number, stats?: RankStats): SearchHit[] {
  if (facts.length === 0 || terms.length === 0) return [];
  const docs = facts.map((f) => (stats ? stats.termsOf(f) : factTerms(f)));
  const avg = stats?.avgLength ?? (docs.reduce((s, d) => s + d.length, 0) / docs.length || 1);
  const df = new Map<string, number>();
  if (stats) for (const t of terms) df.set(t, stats.df(t));
  else for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const total = stats?.total ?? facts.length;
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
      const idf = Math.log(1 + (total - n + 0.5) / (n + 0.5));
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * d.length) / avg));
    }
    if (score > 0) hits.push({ fact, score });
  });
  hits.sort((a, b) => b.score - a.score || b.fact.provenance.at - a.fact.provenance.at || (a.fact.id < b.fact.id ? -1 : a.fact.id > b.fact.id ? 1 : 0));
  return hits.slice(0, limit);
}
