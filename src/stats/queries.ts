/**
 * Read side of the stats database: totals, percentiles and time buckets, each one SQL query over
 * the `at` index (see database.ts for the tables).
 * @module
 */
import type { StatsDatabase } from "./database.js";
import type { LatencyPercentiles, SeriesPoint, StatsSummary, SurfaceSummary } from "./types.js";

/** Prepared statements of the read side, made once per open database. */
export interface StatsQueries {
  summary(sinceMs: number): StatsSummary;
  series(bucketMs: number, sinceMs: number): SeriesPoint[];
}

interface TotalsRow {
  requests: number;
  before: number | null;
  after: number | null;
}

/** A summary with nothing in it (also what a broken database answers). */
export function emptySummary(): StatsSummary {
  return { requests: 0, tokensBefore: 0, tokensAfter: 0, saved: 0, ratio: 0, latencyMs: { p50: 0, p99: 0 }, byType: [], bySurface: [] };
}

/** Nearest-rank index of percentile `p` (0–1) among `n` sorted values. */
const rank = (p: number, n: number) => Math.max(0, Math.ceil(p * n) - 1);

const ratio = (before: number, after: number) => (before > 0 ? (before - after) / before : 0);

/**
 * Prepares the read queries on an open stats database.
 * @param db - from `openStatsDatabase`
 */
export function prepareQueries(db: StatsDatabase): StatsQueries {
  const totals = db.prepare("SELECT COUNT(*) AS requests, SUM(tokens_before) AS before, SUM(tokens_after) AS after FROM requests WHERE at >= ?");
  // One row by rank: with the `at` filter SQLite sorts only the range asked for.
  const latencyAt = db.prepare("SELECT latency_ms AS v FROM requests WHERE at >= ? ORDER BY latency_ms LIMIT 1 OFFSET ?");
  const surfaceLatencyAt = db.prepare("SELECT latency_ms AS v FROM requests WHERE at >= ? AND surface = ? ORDER BY latency_ms LIMIT 1 OFFSET ?");
  const bySurface = db.prepare(
    "SELECT surface, COUNT(*) AS requests, SUM(tokens_before) AS before, SUM(tokens_after) AS after FROM requests WHERE at >= ? " +
      "GROUP BY surface ORDER BY SUM(tokens_before) - SUM(tokens_after) DESC, surface",
  );
  const byType = db.prepare(
    "SELECT type, SUM(before) AS before, SUM(after) AS after, SUM(count) AS count FROM request_types WHERE at >= ? " +
      "GROUP BY type ORDER BY SUM(before) - SUM(after) DESC, type",
  );
  // The CAST floors for the non-negative epoch times we store, whether the size is bound as INTEGER or REAL.
  const series = db.prepare(
    "SELECT CAST(at / ? AS INTEGER) AS b, COUNT(*) AS requests, SUM(tokens_before) AS tokensBefore, SUM(tokens_after) AS tokensAfter " +
      "FROM requests WHERE at >= ? GROUP BY b ORDER BY b",
  );

  const percentiles = (n: number, pick: (offset: number) => unknown): LatencyPercentiles => {
    if (n === 0) return { p50: 0, p99: 0 };
    const at = (p: number) => (pick(rank(p, n)) as { v: number } | undefined)?.v ?? 0;
    return { p50: at(0.5), p99: at(0.99) };
  };

  return {
    summary(sinceMs) {
      const t = totals.get(sinceMs) as TotalsRow;
      const before = t.before ?? 0;
      const after = t.after ?? 0;
      const surfaces = (bySurface.all(sinceMs) as Array<TotalsRow & { surface: string }>).map((r): SurfaceSummary => {
        const b = r.before ?? 0;
        const a = r.after ?? 0;
        return {
          surface: r.surface,
          requests: r.requests,
          saved: b - a,
          tokensBefore: b,
          tokensAfter: a,
          ratio: ratio(b, a),
          latencyMs: percentiles(r.requests, (k) => surfaceLatencyAt.get(sinceMs, r.surface, k)),
        };
      });
      const types = byType.all(sinceMs) as Array<{ type: string; before: number; after: number; count: number }>;
      return {
        requests: t.requests,
        tokensBefore: before,
        tokensAfter: after,
        saved: before - after,
        ratio: ratio(before, after),
        latencyMs: percentiles(t.requests, (k) => latencyAt.get(sinceMs, k)),
        byType: types.map((r) => ({ type: r.type, before: r.before, after: r.after, count: r.count })),
        bySurface: surfaces,
      };
    },
    series(bucketMs, sinceMs) {
      const rows = series.all(bucketMs, sinceMs) as Array<{ b: number; requests: number; tokensBefore: number; tokensAfter: number }>;
      return rows.map((r) => ({ at: r.b * bucketMs, requests: r.requests, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter }));
    },
  };
}
