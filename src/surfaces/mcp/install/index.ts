/** MCP client configuration: which clients, where their config lives, and the install itself. @module */
export { MCP_CLIENTS, SERVER_NAME, editMcpConfig, mcpConfigPath, type McpClientName } from "./clients.js";
export { installMcp, type InstallOptions, type InstallResult } from "./install.js";
export { defaultLaunch, type LaunchCommand } from "./launch.js";
export { upsertJsonServer, type ConfigEdit } from "./json-config.js";
export { upsertTomlTable, tomlString } from "./toml-table.js";
