/** The MCP clients `tokenfold mcp install` can configure, and where each keeps its config. @module */
import { homedir } from "node:os";
import { join } from "node:path";
import { upsertJsonServer, type ConfigEdit } from "./json-config.js";
import type { LaunchCommand } from "./launch.js";
import { tomlString, upsertTomlTable } from "./toml-table.js";

/** Clients with a config file we know how to edit. */
export const MCP_CLIENTS = ["claude", "codex", "cursor"] as const;

/** One of {@link MCP_CLIENTS}. */
export type McpClientName = (typeof MCP_CLIENTS)[number];

/** The server's name in every client's config. */
export const SERVER_NAME = "tokenfold";

/**
 * The config file of a client: Claude Code `~/.claude.json` (user scope), Codex
 * `$CODEX_HOME/config.toml` (default `~/.codex`), Cursor `~/.cursor/mcp.json` (global).
 * @example
 * mcpConfigPath("cursor", "/home/me"); // "/home/me/.cursor/mcp.json"
 */
export function mcpConfigPath(client: McpClientName, home: string = homedir(), env: NodeJS.ProcessEnv = process.env): string {
  if (client === "claude") return join(home, ".claude.json");
  if (client === "codex") return join(env.CODEX_HOME || join(home, ".codex"), "config.toml");
  return join(home, ".cursor", "mcp.json");
}

/**
 * The file's new text with the tokenfold server set (other settings untouched).
 * @param existing - the current text, or undefined when the file does not exist
 * @example
 * editMcpConfig("cursor", undefined, defaultLaunch()).text; // '{\n  "mcpServers": {\n    "tokenfold": …'
 */
export function editMcpConfig(client: McpClientName, existing: string | undefined, launch: LaunchCommand): ConfigEdit {
  if (client === "codex") {
    const body = [`command = ${tomlString(launch.command)}`, `args = [${launch.args.map(tomlString).join(", ")}]`];
    const env = Object.entries(launch.env);
    if (env.length > 0) body.push(`env = { ${env.map(([k, v]) => `${/^[A-Za-z0-9_-]+$/.test(k) ? k : tomlString(k)} = ${tomlString(v)}`).join(", ")} }`);
    return upsertTomlTable(existing, ["mcp_servers", SERVER_NAME], body);
  }
  // Claude Code records the transport type; Cursor infers stdio from `command`.
  const entry = client === "claude" ? { type: "stdio", command: launch.command, args: launch.args, env: launch.env } : { command: launch.command, args: launch.args, env: launch.env };
  return upsertJsonServer(existing, SERVER_NAME, entry);
}
