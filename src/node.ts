/**
 * tokenfold for Node only (`tokenfold/node`): the parts that need Node built-ins — the SQLite and
 * Redis stores, the proxy, stats, the MCP server, memory and `learn`. The browser-safe library is
 * `tokenfold`; everything here builds on it.
 * @module
 */
export * from "./index.js";
export { sqliteStore, defaultStorePath, type SqliteStore, type SqliteStoreOptions } from "./store/index.js";
export { default as redisStore, type RedisStore, type RedisStoreOptions } from "./store/redis.js";
export { startProxy, DEFAULT_UPSTREAMS, type ProxyOptions, type RunningProxy } from "./surfaces/proxy/index.js";
export { openStats, statsRoutes, defaultStatsPath } from "./stats/index.js";
export type { Stats, StatsSummary, RequestStat } from "./stats/index.js";
export { createMcpServer, type McpServerOptions } from "./surfaces/mcp/index.js";
export { createMemory, createSharedContext, memoryInjector, type MemoryOptions, type SharedContext } from "./memory/index.js";
export { registerMemoryTools } from "./memory/mcp.js";
export { learn, type LearnOptions, type LearnResult } from "./learn/index.js";
