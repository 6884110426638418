/**
 * tokenfold over MCP: the server (`createMcpServer`) and the client-config installer (`installMcp`).
 * Node-only.
 * @module
 */
export { createMcpServer, type McpServerOptions } from "./server.js";
export { openDefaultStats } from "./stats-link.js";
export { newSession, type SessionCounts } from "./session.js";
export { packageVersion } from "./version.js";
export * from "./install/index.js";
