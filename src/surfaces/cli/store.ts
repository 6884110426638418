/** The CLI's store: SQLite by default, so refs outlive the process; Redis to share refs between machines. @module */
import { createStore, type StoreName } from "../../store/index.js";
import type { Store } from "../../core/types.js";
import { UsageError } from "./main.js";

const NAMES = ["sqlite", "memory", "redis", "none"];

/**
 * Opens the store named on the command line. `redis` takes its URL from `redisUrl` (`--redis-url`),
 * else `$TOKENFOLD_REDIS_URL`, else `redis://127.0.0.1:6379`, and falls back to the SQLite store
 * while Redis is unreachable (so a ref printed by the CLI can always be retrieved on this machine).
 */
export function openStore(name: string | boolean | undefined, redisUrl?: string | boolean): Store {
  const n = (typeof name === "string" ? name : "sqlite") as StoreName;
  if (!NAMES.includes(n)) throw new UsageError(`unknown store '${n}' (${NAMES.join(", ")})`);
  if (n === "redis") {
    const url = typeof redisUrl === "string" ? redisUrl : process.env.TOKENFOLD_REDIS_URL;
    return createStore("redis", { url, fallback: createStore("sqlite") });
  }
  return createStore(n);
}
