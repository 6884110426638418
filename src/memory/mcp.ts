/**
 * The memory as MCP tools: `tokenfold_memory_search` and `tokenfold_memory_add`, registered on any
 * `McpServer` (the tokenfold MCP server calls this). Facts added here carry `mcp:<client name>`
 * as their agent, so a fact written from Claude Code is told apart from one written from Codex.
 * @module
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { createMemory } from "./create-memory.js";
import type { Fact, Memory, ScopeFilter } from "./types.js";

/** Options of {@link registerMemoryTools}. */
export interface MemoryToolsOptions {
  /** The memory to use; default: `createMemory()` (SQLite under `$TOKENFOLD_HOME`), closed with the server. */
  memory?: Memory;
  /** Key of the `project` scope; default: the server's working directory. */
  project?: string;
}

const KINDS = ["user", "project", "agent", "session"] as const;

const render = (f: Fact) => `- ${f.text}  [${f.scope.kind}${f.subject ? `, ${f.subject}` : ""}; ${f.provenance.agent}, ${new Date(f.provenance.at).toISOString().slice(0, 10)}; ${f.id}]`;

/**
 * Registers the memory tools on `server`.
 * @example
 * const server = new McpServer({ name: "tokenfold", version });
 * registerMemoryTools(server);
 */
export function registerMemoryTools(server: McpServer, options: { memory?: Memory; project?: string } = {}): void {
  const project = options.project ?? (globalThis as { process?: { cwd?: () => string } }).process?.cwd?.() ?? "";
  let own: Memory | undefined;
  const memory = () => options.memory ?? (own ??= createMemory({ scope: { kind: "project", key: project }, scopeKeys: { project } }));
  if (!options.memory) {
    // close the memory we opened when the server closes
    const prev = server.server.onclose;
    server.server.onclose = () => {
      prev?.();
      void own?.close();
    };
  }
  const clientName = () => server.server.getClientVersion()?.name ?? "client";
  const fail = (what: string, e: unknown): CallToolResult => ({ isError: true, content: [{ type: "text", text: `${what}: ${(e as Error).message.split("\n")[0]}` }] });

  server.registerTool(
    "tokenfold_memory_search",
    {
      title: "Search the shared memory",
      description:
        "Search facts remembered across coding agents and sessions (project conventions, commands that work, past corrections). " +
        "Call it before guessing a command, path or convention.",
      inputSchema: {
        query: z.string().describe("What you want to know, in words."),
        limit: z.number().int().min(1).max(50).optional().describe("At most this many facts (default 8)."),
        scope: z.enum(KINDS).optional().describe("Only facts of this scope (default: all)."),
      },
    },
    async ({ query, limit, scope }): Promise<CallToolResult> => {
      try {
        const scopes: ScopeFilter[] | undefined = scope ? [scope === "project" ? { kind: "project", key: project } : { kind: scope }] : undefined;
        const hits = await memory().search(query, { limit: limit ?? 8, scopes });
        if (hits.length === 0) return { content: [{ type: "text", text: "No remembered facts match." }] };
        return { content: [{ type: "text", text: hits.map((h) => render(h.fact)).join("\n") }] };
      } catch (e) {
        return fail("tokenfold_memory_search", e);
      }
    },
  );

  server.registerTool(
    "tokenfold_memory_add",
    {
      title: "Remember a fact",
      description:
        "Store a short, durable fact for later sessions and other agents (a command that works, a path, a convention, a correction). " +
        "Give a `subject` to replace an older fact on the same subject. Duplicates are detected and not stored twice.",
      inputSchema: {
        text: z.string().min(1).describe("The fact, one or two sentences."),
        subject: z.string().optional().describe("What it is about (e.g. 'test command'); a newer fact on the same subject replaces the older."),
        scope: z.enum(KINDS).optional().describe("project (default), user, agent or session."),
        source: z.string().optional().describe("Where it came from (a file, a URL, a session)."),
      },
    },
    async ({ text, subject, scope, source }): Promise<CallToolResult> => {
      try {
        const agent = `mcp:${clientName()}`;
        const s = scope ?? "project";
        const key = s === "project" ? project : s === "agent" ? agent : "";
        const r = await memory().add({ text, subject, scope: { kind: s, key }, source, agent });
        const what =
          r.status === "added"
            ? `Remembered as ${r.fact.id}${r.superseded.length ? ` (replaces ${r.superseded.join(", ")})` : ""}.`
            : `Already remembered as ${r.fact.id}${r.status === "near-duplicate" ? " (nearly the same wording)" : ""}: ${r.fact.text}`;
        return { content: [{ type: "text", text: what }] };
      } catch (e) {
        return fail("tokenfold_memory_add", e);
      }
    },
  );
}
