/**
 * The MCP server's link to the persistent stats (`src/stats`, SQLite). Loaded lazily, and a
 * database that cannot be opened means no stats rather than a failing tool.
 * @module
 */
import type { Stats } from "../../stats/index.js";

/**
 * Opens the default stats database (`$TOKENFOLD_HOME/stats.db`), or resolves to undefined when it
 * cannot be opened (stats are never worth failing a tool call).
 * @example
 * const stats = await openDefaultStats(); stats?.summary();
 */
export async function openDefaultStats(): Promise<Stats | undefined> {
  try {
    const { openStats } = await import("../../stats/open-stats.js");
    return openStats();
  } catch (e) {
    process.stderr.write(`tokenfold mcp: stats unavailable (${(e as Error).message.split("\n")[0]})\n`);
    return undefined;
  }
}
