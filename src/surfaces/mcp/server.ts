/**
 * tokenfold as an MCP server: `tokenfold_compress`, `tokenfold_retrieve` and `tokenfold_stats`,
 * on the official SDK's `McpServer`. Transport-agnostic: `tokenfold mcp` connects it to stdio.
 * @module
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { compress } from "../../api.js";
import { CONTENT_TYPES } from "../../compressors/index.js";
import { createEstimator } from "../../core/tokens.js";
import type { Store } from "../../core/types.js";
import { createStore } from "../../store/index.js";
import { retrieve } from "../../store/retrieve.js";
import { newSession, type SessionCounts } from "./session.js";
import type { RequestStat, Stats } from "../../stats/index.js";
import { openDefaultStats } from "./stats-link.js";
import { packageVersion } from "./version.js";

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** Where refs are kept and looked up (default: the SQLite store under `$TOKENFOLD_HOME`, shared with the CLI and the proxy). */
  store?: Store;
  /** Persistent stats (`openStats()` from `src/stats`); default: the default stats database when it opens; `false`: none. */
  stats?: Stats | false;
}

const TYPES = ["auto", ...CONTENT_TYPES] as const;
const estimator = createEstimator("o200k");

/**
 * Makes the tokenfold MCP server (not yet connected to a transport). A store or stats database the
 * server opened itself is closed when the server closes.
 * @param options - see {@link McpServerOptions}
 * @returns the `McpServer`; connect it with `server.connect(transport)`
 * @example
 * const server = createMcpServer({ store: createStore("memory"), stats: false });
 * await server.connect(new StdioServerTransport());
 */
export function createMcpServer(options: McpServerOptions = {}): McpServer {
  const server = new McpServer({ name: "tokenfold", version: packageVersion() });
  const ownStore = options.store === undefined;
  const store = options.store ?? createStore("sqlite");
  const session = newSession();
  let statsPromise: Promise<Stats | undefined> | undefined;
  const stats = (): Promise<Stats | undefined> =>
    (statsPromise ??= options.stats === false ? Promise.resolve(undefined) : options.stats ? Promise.resolve(options.stats) : openDefaultStats());
  const record = async (s: Omit<RequestStat, "at" | "surface">) => {
    try {
      (await stats())?.record({ at: Date.now(), surface: "mcp", ...s });
    } catch {
      // stats never fail a tool call
    }
  };

  server.registerTool(
    "tokenfold_compress",
    {
      title: "Compress a tool output",
      description:
        "Compress a large tool output (JSON, logs, grep/search results, code, diffs, HTML, prose) before reading it. " +
        "Keeps what a question needs (pass `query`) and summarises the rest; anything dropped is stored under a ref " +
        "that tokenfold_retrieve gives back byte-for-byte.",
      inputSchema: {
        content: z.string().describe("The text to compress."),
        query: z.string().optional().describe("What you are looking for; matching items and lines are kept verbatim."),
        type: z.enum(TYPES).optional().describe("Content type; default auto-detect."),
      },
    },
    async ({ content, query, type }): Promise<CallToolResult> => {
      session.compressCalls++;
      const started = performance.now();
      try {
        const r = await compress(content, { query, type: type ?? "auto", store });
        const latencyMs = performance.now() - started;
        session.tokensBefore += r.tokensBefore;
        session.tokensAfter += r.tokensAfter;
        session.saved += r.saved;
        session.refs += r.refs.length;
        await record({ route: "tokenfold_compress", tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, latencyMs, byType: { [r.type]: { before: r.tokensBefore, after: r.tokensAfter, count: 1 } } });
        return { content: [{ type: "text", text: r.text }, { type: "text", text: summaryLine(r) }] };
      } catch (e) {
        // Fail open: the caller keeps the whole content, with the reason it was not compressed.
        session.errors++;
        const n = estimator.count(content);
        session.tokensBefore += n;
        session.tokensAfter += n;
        await record({ route: "tokenfold_compress", tokensBefore: n, tokensAfter: n, latencyMs: performance.now() - started });
        return { content: [{ type: "text", text: content }, { type: "text", text: `[tokenfold] not compressed (${firstLine(e)}); the content above is the original` }] };
      }
    },
  );

  server.registerTool(
    "tokenfold_retrieve",
    {
      title: "Retrieve what compression dropped",
      description:
        "Get back the original behind a tokenfold ref (tf_ followed by 24 hex digits), byte-for-byte; " +
        "with `query`, only the stored items or lines that match it.",
      inputSchema: {
        ref: z.string().describe("The ref printed in compressed output, e.g. tf_0123456789abcdef01234567."),
        query: z.string().optional().describe("Return only the items or lines matching this."),
      },
    },
    async ({ ref, query }): Promise<CallToolResult> => {
      session.retrieveCalls++;
      const started = performance.now();
      let r;
      try {
        r = await retrieve(store, ref, { query });
      } catch (e) {
        session.errors++;
        return { isError: true, content: [{ type: "text", text: `tokenfold_retrieve: the store failed (${firstLine(e)})` }] };
      }
      if (!r.ok) {
        session.errors++;
        return { isError: true, content: [{ type: "text", text: `tokenfold_retrieve: ${r.detail}` }] };
      }
      const n = estimator.count(r.value.text);
      session.retrievedTokens += n;
      await record({ route: "tokenfold_retrieve", tokensBefore: n, tokensAfter: n, latencyMs: performance.now() - started });
      const content: CallToolResult["content"] = [{ type: "text", text: r.value.text }];
      if (r.value.matched !== undefined) content.push({ type: "text", text: `[tokenfold] ${r.value.matched} of ${r.value.total} ${r.value.type === "json" ? "items" : "units"} match the query; call again without query for the whole original` });
      return { content };
    },
  );

  server.registerTool(
    "tokenfold_stats",
    {
      title: "Token savings",
      description: "Tokens saved by tokenfold: this MCP session's counts, and the stored totals of every surface (proxy, MCP, CLI) when available.",
      inputSchema: {},
    },
    async (): Promise<CallToolResult> => {
      session.statsCalls++;
      let all: unknown = null;
      try {
        all = (await stats())?.summary() ?? null;
      } catch {
        all = null;
      }
      const body = { session: { ...session, ratio: session.tokensBefore > 0 ? session.saved / session.tokensBefore : 0 } satisfies SessionCounts & { ratio: number }, all };
      return { content: [{ type: "text", text: JSON.stringify(body, null, 2) }] };
    },
  );

  // Close what this server opened (not what the caller handed in) when the connection closes.
  const previous = server.server.onclose;
  server.server.onclose = () => {
    previous?.();
    if (ownStore) void Promise.resolve(store.close?.()).catch(() => undefined);
    if (options.stats === undefined && statsPromise) void statsPromise.then((s) => s?.close()).catch(() => undefined);
  };
  return server;
}

/** The one-line account appended to a compressed result. */
function summaryLine(r: { tokensBefore: number; tokensAfter: number; saved: number; ratio: number; type: string; refs: string[]; reasons: Array<{ code: string; detail: string }> }): string {
  if (r.saved <= 0) {
    const why = r.reasons.at(-1)?.detail ?? "nothing to drop";
    return `[tokenfold] ${r.type}: ${r.tokensBefore} tokens, unchanged (${why})`;
  }
  const pct = (r.ratio * 100).toFixed(1);
  const refs = r.refs.length > 0 ? `; refs: ${r.refs.join(", ")} (tokenfold_retrieve {ref, query?} gives the rest back)` : "; lossless";
  return `[tokenfold] ${r.type}: ${r.tokensBefore} → ${r.tokensAfter} tokens (−${pct} %)${refs}`;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}
