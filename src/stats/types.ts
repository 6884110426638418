/**
 * What the stats layer records and reports: one row per compressed request (the proxy, the MCP
 * server, the CLI, or a library call), summed up for `tokenfold stats`, `/stats`, `/metrics` and
 * `/dashboard`.
 * @module
 */

/** Where a request came through. */
export type StatsSurface = "proxy" | "mcp" | "cli" | "library";

/** Tokens one compressor (json, log, code, …) saw and left in one request. */
export interface TypeTokens {
  before: number;
  after: number;
  /** How many outputs that compressor handled in the request. */
  count: number;
}

/** One compressed request, as the surface that handled it reports it. */
export interface RequestStat {
  /** When it happened, epoch ms. */
  at: number;
  surface: StatsSurface;
  /** The path or tool it came through, e.g. `/v1/chat/completions` or `tokenfold_compress`. */
  route: string;
  /** The message format (`openai-chat`, `anthropic`, …), when there was one. */
  format?: string;
  model?: string;
  tokensBefore: number;
  tokensAfter: number;
  /** Time tokenfold added (compression), not the upstream's. */
  latencyMs: number;
  /** The upstream's HTTP status, when there was an upstream. */
  status?: number;
  /** Tokens per compressor (json, log, …). */
  byType?: Record<string, TypeTokens>;
}

/** The 50th and 99th percentile (nearest rank) of the latency tokenfold added, in ms. */
export interface LatencyPercentiles {
  p50: number;
  p99: number;
}

/** One surface's share of a {@link StatsSummary}. */
export interface SurfaceSummary {
  surface: string;
  requests: number;
  saved: number;
  tokensBefore: number;
  tokensAfter: number;
  /** `saved / tokensBefore`, 0 when nothing came in. */
  ratio: number;
  latencyMs: LatencyPercentiles;
}

/** Totals over a time range (all time unless `sinceMs` is given). */
export interface StatsSummary {
  requests: number;
  tokensBefore: number;
  tokensAfter: number;
  /** `tokensBefore - tokensAfter`. */
  saved: number;
  /** `saved / tokensBefore`, 0 when nothing came in. */
  ratio: number;
  latencyMs: LatencyPercentiles;
  /** Per compressor, most tokens saved first (then by name). */
  byType: Array<{ type: string; before: number; after: number; count: number }>;
  /** Per surface, most tokens saved first (then by name). */
  bySurface: SurfaceSummary[];
}

/** One time bucket of {@link Stats.series}; buckets without requests are left out. */
export interface SeriesPoint {
  /** Start of the bucket, epoch ms (a multiple of the bucket size). */
  at: number;
  requests: number;
  tokensBefore: number;
  tokensAfter: number;
}

/** Called with every stat recorded through the same {@link Stats} (after it was written). */
export type StatsListener = (stat: Readonly<RequestStat>) => void;

/** The stats database of one process (several processes may share the file). */
export interface Stats {
  /** Records one request. Cheap and synchronous; never throws (a broken database logs once, then stays quiet). */
  record(s: RequestStat): void;
  /** Totals since `sinceMs` (epoch ms; default: all time). */
  summary(options?: { sinceMs?: number }): StatsSummary;
  /** Requests and tokens per `bucketMs` bucket since `sinceMs`, oldest first. */
  series(bucketMs: number, options?: { sinceMs?: number }): SeriesPoint[];
  /**
   * Calls `listener` after each `record` of this object (what feeds the live Prometheus counters).
   * @returns a function that stops the calls
   */
  subscribe?(listener: StatsListener): () => void;
  /** Closes the database; later calls reopen it. */
  close(): void;
}
