/**
 * Stats of compressed requests (Node only): recorded in SQLite by every surface, summed up for
 * `tokenfold stats`, and served as `/stats`, `/metrics` and `/dashboard` by {@link statsRoutes}.
 * @module
 */
export { openStats, type StatsOptions } from "./open-stats.js";
export { defaultStatsPath } from "./database.js";
export { emptySummary } from "./queries.js";
export { statsRoutes, type StatsRoutesOptions, type StatsHandler } from "./routes.js";
export type {
  LatencyPercentiles,
  RequestStat,
  SeriesPoint,
  Stats,
  StatsListener,
  StatsSummary,
  StatsSurface,
  SurfaceSummary,
  TypeTokens,
} from "./types.js";
