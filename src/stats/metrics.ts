/**
 * Prometheus metrics of one process, in their own prom-client Registry (never the global one, so
 * two proxies in one process, or an app's own metrics, do not collide).
 *
 * Fed live from `record` (through `Stats.subscribe`), not computed from the database at scrape
 * time: several proxies may share one stats file, and Prometheus sums counters over instances, so
 * per-process counters are the only way the sum is right; a histogram also needs the individual
 * observations; and a scrape stays O(1) however large the file grows. Counters restart at 0 with
 * the process, which `rate()` and `increase()` handle.
 * @module
 */
import { Counter, Histogram, Registry } from "prom-client";
import type { RequestStat, Stats } from "./types.js";

/** The registry and a way to stop feeding it. */
export interface StatsMetrics {
  registry: Registry;
  /** Stops listening to the stats (the registry keeps its values). */
  stop(): void;
}

/** Added-latency buckets, in seconds: tokenfold aims at single-digit ms, so most resolution is there. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) && x > 0 ? x : 0);

/**
 * Makes a registry with tokenfold's counters and histogram and feeds it from `stats`.
 * A Stats without `subscribe` (one not made by `openStats`) leaves the metrics at zero.
 * @param stats - from `openStats()`
 * @param prefix - metric name prefix; default `tokenfold_`
 */
export function createStatsMetrics(stats: Stats, prefix = "tokenfold_"): StatsMetrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({ name: `${prefix}requests_total`, help: "Requests compressed", labelNames: ["surface", "format"], registers });
  const before = new Counter({ name: `${prefix}tokens_before_total`, help: "Tokens before compression", labelNames: ["surface"], registers });
  const after = new Counter({ name: `${prefix}tokens_after_total`, help: "Tokens after compression", labelNames: ["surface"], registers });
  const saved = new Counter({ name: `${prefix}tokens_saved_total`, help: "Tokens saved (before - after)", labelNames: ["surface"], registers });
  const typeBefore = new Counter({ name: `${prefix}type_tokens_before_total`, help: "Tokens before compression, per compressor", labelNames: ["type"], registers });
  const typeAfter = new Counter({ name: `${prefix}type_tokens_after_total`, help: "Tokens after compression, per compressor", labelNames: ["type"], registers });
  const typeSaved = new Counter({ name: `${prefix}type_tokens_saved_total`, help: "Tokens saved, per compressor", labelNames: ["type"], registers });
  const typeCount = new Counter({ name: `${prefix}type_outputs_total`, help: "Outputs handled, per compressor", labelNames: ["type"], registers });
  const latency = new Histogram({
    name: `${prefix}added_latency_seconds`,
    help: "Time tokenfold added to a request (compression), not the upstream's",
    labelNames: ["surface"],
    buckets: LATENCY_BUCKETS,
    registers,
  });

  const observe = (s: Readonly<RequestStat>) => {
    const surface = String(s.surface);
    const b = num(s.tokensBefore);
    const a = num(s.tokensAfter);
    requests.inc({ surface, format: s.format ?? "" });
    before.inc({ surface }, b);
    after.inc({ surface }, a);
    // A request that grew (rare: a wrapper added a tool) is not negative savings for a counter.
    saved.inc({ surface }, Math.max(0, b - a));
    latency.observe({ surface }, num(s.latencyMs) / 1000);
    for (const [type, t] of Object.entries(s.byType ?? {})) {
      typeBefore.inc({ type }, num(t?.before));
      typeAfter.inc({ type }, num(t?.after));
      typeSaved.inc({ type }, Math.max(0, num(t?.before) - num(t?.after)));
      typeCount.inc({ type }, num(t?.count));
    }
  };
  const unsubscribe = stats.subscribe?.(observe);
  return { registry, stop: () => unsubscribe?.() };
}
