/** The command an MCP client runs to start `tokenfold mcp`. @module */
import { fileURLToPath } from "node:url";

/** A stdio MCP server launch: what every client's config describes. */
export interface LaunchCommand {
  command: string;
  args: string[];
  /** Environment the client sets for the server (only what differs from the client's own). */
  env: Record<string, string>;
}

/**
 * The absolute path of this Node and of this package's `bin/tokenfold.js`, plus `mcp`.
 * Absolute paths rather than `npx tokenfold mcp`: the client starts the server with no network and
 * no npx resolution delay (clients time out slow starts), and it runs exactly the version that was
 * installed. `TOKENFOLD_HOME`, when set, is passed on so the server shares the CLI's store.
 * @example
 * defaultLaunch(); // { command: "/usr/bin/node", args: ["/…/tokenfold/bin/tokenfold.js", "mcp"], env: {} }
 */
export function defaultLaunch(env: NodeJS.ProcessEnv = process.env): LaunchCommand {
  // src/surfaces/mcp/install and dist/surfaces/mcp/install are both four levels below the package root.
  const bin = fileURLToPath(new URL("../../../../bin/tokenfold.js", import.meta.url));
  const home = env.TOKENFOLD_HOME;
  return { command: process.execPath, args: [bin, "mcp"], env: home ? { TOKENFOLD_HOME: home } : {} };
}
