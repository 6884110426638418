/**
 * `tokenfold mcp`: the MCP server over stdio (stdout carries only protocol messages), and
 * `tokenfold mcp install [--client claude|codex|cursor] [--dry-run]`.
 * @module
 */
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { MCP_CLIENTS, installMcp, type McpClientName } from "../mcp/install/index.js";

const USAGE = `Usage:
  tokenfold mcp                       run the MCP server over stdio (for an MCP client to launch)
  tokenfold mcp install [--client claude|codex|cursor] [--dry-run]
                                      add the server to a client's config (default: claude);
                                      --dry-run prints the file and its would-be content
`;

/** Runs `tokenfold mcp …`; resolves with the exit code (for the server: once the client disconnects). */
export async function run(args: string[]): Promise<number> {
  if (args[0] === "install") return install(args.slice(1));
  const { values, positionals } = parseArgs({ args, options: { help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) {
    process.stderr.write(`tokenfold: unknown mcp command '${positionals[0]}'\n${USAGE}`);
    return 2;
  }
  return serve();
}

async function serve(): Promise<number> {
  // stdout is the protocol channel: anything a library prints goes to stderr instead.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  // loaded here so that `mcp install` does not pay for the compressors
  const { createMcpServer } = await import("../mcp/server.js");
  const server = createMcpServer();
  await registerMemoryTools(server);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  await server.connect(transport);
  // The client ends the session by closing our stdin; requests already received are answered first.
  const pending = countPending(transport);
  let closing = false;
  const closeWhenIdle = () => {
    if (closing) return;
    closing = true;
    void pending.idle().then(() => server.close());
  };
  process.stdin.once("end", closeWhenIdle);
  process.stdin.once("close", closeWhenIdle);
  await closed;
  return 0;
}

/** Counts requests received and not yet answered on a connected transport. */
function countPending(transport: StdioServerTransport): { idle(): Promise<void> } {
  const open = new Set<string | number>();
  let waiters: Array<() => void> = [];
  const settle = () => {
    if (open.size > 0) return;
    for (const w of waiters) w();
    waiters = [];
  };
  const onmessage = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    const m = message as { id?: string | number; method?: string };
    if (m.id !== undefined && m.method !== undefined) open.add(m.id);
    onmessage?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    const m = message as { id?: string | number; method?: string };
    if (m.id !== undefined && m.method === undefined && open.delete(m.id)) settle();
  };
  return { idle: () => new Promise<void>((resolve) => (open.size === 0 ? resolve() : waiters.push(resolve))) };
}

/** The memory tools (`tokenfold_memory_search`, `tokenfold_memory_add`); the server still starts without them. */
async function registerMemoryTools(server: McpServer): Promise<void> {
  try {
    const { registerMemoryTools: register } = await import("../../memory/mcp.js");
    register(server);
  } catch (e) {
    process.stderr.write(`tokenfold mcp: memory tools unavailable (${(e as Error).message.split("\n")[0]})\n`);
  }
}

function install(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { client: { type: "string", default: "claude" }, "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const client = values.client as string;
  if (positionals.length > 0 || !(MCP_CLIENTS as readonly string[]).includes(client)) {
    process.stderr.write(`tokenfold: mcp install --client must be one of ${MCP_CLIENTS.join(", ")}\n`);
    return 2;
  }
  const dryRun = values["dry-run"] === true;
  const r = installMcp({ client: client as McpClientName, dryRun });
  if (dryRun) {
    process.stdout.write(`# ${r.path} (${r.changed ? "would change" : "unchanged"})\n${r.text}${r.text.endsWith("\n") ? "" : "\n"}`);
  } else {
    process.stdout.write(r.written ? `tokenfold: added the tokenfold MCP server to ${r.path}; restart ${clientName(r.client)} to load it\n` : `tokenfold: ${r.path} already has the tokenfold MCP server; nothing changed\n`);
  }
  return 0;
}

function clientName(c: McpClientName): string {
  return c === "claude" ? "Claude Code" : c === "codex" ? "Codex" : "Cursor";
}
