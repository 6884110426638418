/**
 * The MCP server's link to the persistent stats (`src/stats`, Node-only, SQLite). The types mirror
 * the session contract; the module is loaded lazily so that the server starts (and its tools work)
 * even where the stats database cannot be opened.
 * @module
 */

/** One request's figures, as `src/stats` records them. */
export interface StatRecord {
  at: number;
  surface: "proxy" | "mcp" | "cli" | "library";
  route: string;
  format?: string;
  model?: string;
  tokensBefore: number;
  tokensAfter: number;
  latencyMs: number;
  status?: number;
  byType?: Record<string, { before: number; after: number; count: number }>;
}

/** The part of `src/stats`' `Stats` the MCP server uses. */
export interface StatsLike {
  record(s: StatRecord): void;
  summary(options?: { sinceMs?: number }): unknown;
  close(): void;
}

/**
 * Opens the default stats database (`$TOKENFOLD_HOME/stats.db`), or resolves to undefined when
 * `src/stats` is missing or the database cannot be opened (stats are never worth failing a tool).
 * @example
 * const stats = await openDefaultStats(); stats?.record({ ... });
 */
export async function openDefaultStats(): Promise<StatsLike | undefined> {
  try {
    // A computed specifier: the stats module is optional at build time and loaded only when used.
    const specifier = "../../stats/index.js";
    const mod = (await import(specifier)) as { openStats?: (o?: { path?: string }) => StatsLike };
    return typeof mod.openStats === "function" ? mod.openStats() : undefined;
  } catch {
    return undefined;
  }
}
