/**
 * `tokenfold proxy`: runs the compressing proxy in the foreground until SIGINT or SIGTERM, and
 * prints the base-URL variables that point agents and SDKs at it.
 * @module
 */
import { parseArgs } from "node:util";
import type { Store } from "../../core/types.js";
import { createStore } from "../../store/index.js";
import { startProxy } from "../proxy/index.js";
import { UsageError } from "./main.js";
import { PROXY_NODE_FLAGS, relaunchWith } from "./relaunch.js";

const USAGE = `Usage: tokenfold proxy [--port 8787] [--host 127.0.0.1]
                       [--upstream-openai URL] [--upstream-anthropic URL] [--upstream-gemini URL]
                       [--store sqlite|memory|redis] [--redis-url URL] [--retrieval-rounds 3]
                       [--allow-remote --token T] [--no-stats] [--memory]

Compresses the tool outputs of chat requests (OpenAI chat and Responses, Anthropic messages,
Gemini generateContent) on their way to the provider, relays replies as they stream, and answers
the model's tokenfold_retrieve calls itself. Every other path passes through untouched.

  --port N             port to listen on (default 8787; 0 = any free port)
  --host H             interface (default 127.0.0.1; a wider one exposes the proxy)
  --upstream-* URL     provider base URLs (defaults: https://api.openai.com,
                       https://api.anthropic.com, https://generativelanguage.googleapis.com)
  --store S            where refs live: sqlite (default, $TOKENFOLD_HOME/store.db), memory, or
                       redis (shared by many proxies; falls back to SQLite while unreachable)
  --redis-url URL      Redis for --store redis (default $TOKENFOLD_REDIS_URL or redis://127.0.0.1:6379)
  --retrieval-rounds N tokenfold_retrieve rounds answered per request (default 3; 0 = none)
  --allow-remote       serve /v1/compress, /v1/retrieve and the stats pages beyond loopback;
  --token T            needs this token (remote callers send Authorization: Bearer T)
  --no-stats           record nothing in $TOKENFOLD_HOME/stats.db
  --memory             add the shared memory's facts for this project and user (tokenfold memory)
                       to the system prompt, as one block that stays the same for a conversation
`;

/** Runs `tokenfold proxy`; resolves with the exit code once the proxy has closed. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" }, host: { type: "string" },
      "upstream-openai": { type: "string" }, "upstream-anthropic": { type: "string" }, "upstream-gemini": { type: "string" },
      store: { type: "string" }, "redis-url": { type: "string" }, "retrieval-rounds": { type: "string" },
      "allow-remote": { type: "boolean" }, token: { type: "string" }, "no-stats": { type: "boolean" }, memory: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = wholeNumber(values.port ?? "8787", "--port");
  if (port > 65535) throw new UsageError("--port must be 0–65535");
  const rounds = values["retrieval-rounds"] === undefined ? undefined : wholeNumber(values["retrieval-rounds"], "--retrieval-rounds");
  const token = values.token ?? process.env.TOKENFOLD_PROXY_TOKEN;
  if (values["allow-remote"] && !token) throw new UsageError("--allow-remote needs --token T (or $TOKENFOLD_PROXY_TOKEN)");
  // GC settings for shorter and rarer pauses (relaunch.ts): Node takes them only at start
  const relaunched = relaunchWith(PROXY_NODE_FLAGS);
  if (relaunched) return relaunched;
  const store = openProxyStore(values.store, values["redis-url"]);
  const log = (line: string) => process.stderr.write(`tokenfold proxy: ${line}\n`);
  let proxy;
  try {
    proxy = await startProxy({
      port, host: values.host, store, log,
      upstreams: { openai: values["upstream-openai"], anthropic: values["upstream-anthropic"], gemini: values["upstream-gemini"] },
      retrievalRounds: rounds,
      allowRemote: values["allow-remote"] === true, token,
      stats: values["no-stats"] ? false : undefined,
      beforeUpstream: values.memory ? await memoryHook() : undefined,
    });
  } catch (e) {
    await store?.close?.();
    throw e;
  }
  process.stdout.write(
    `tokenfold proxy listening on ${proxy.url}\n` +
      `Point your agent or SDK at it:\n` +
      `  export OPENAI_BASE_URL=${proxy.url}/v1\n` +
      `  export ANTHROPIC_BASE_URL=${proxy.url}\n` +
      `  export GOOGLE_GEMINI_BASE_URL=${proxy.url}\n` +
      `Health: ${proxy.url}/health   Stats: ${proxy.url}/stats   Dashboard: ${proxy.url}/dashboard\n`,
  );
  // the handlers stay while closing: a second signal (a terminal's Ctrl-C reaches both this
  // process and the one that relaunched it, which passes it on) must not cut the close short
  await new Promise<void>((ok) => {
    process.on("SIGINT", () => ok());
    process.on("SIGTERM", () => ok());
  });
  await proxy.close();
  await store?.close?.();
  return 0;
}

/** Facts of the user and of this project (its git root), injected at a fixed place in the system prompt. */
async function memoryHook() {
  const [{ createMemory, memoryInjector }, { projectRoot }] = await Promise.all([import("../../memory/index.js"), import("../../learn/project-root.js")]);
  const root = projectRoot();
  const memory = createMemory({ scope: { kind: "project", key: root }, scopeKeys: { project: root } });
  return memoryInjector({ memory, scopes: [{ kind: "user" }, { kind: "project", key: root }] });
}

/**
 * The store named on the command line; Redis keeps a local SQLite store for its outages. SQLite is
 * the proxy's own default (undefined here): the proxy then writes it on a thread (store-writer.ts).
 */
function openProxyStore(name: string | undefined, redisUrl: string | undefined): Store | undefined {
  const n = name ?? "sqlite";
  if (n === "sqlite") return undefined;
  if (n === "memory") return createStore(n);
  if (n === "redis") return createStore("redis", { url: redisUrl, fallback: createStore("sqlite"), log: (l: string) => process.stderr.write(`tokenfold proxy: ${l}\n`) });
  throw new UsageError(`unknown store '${n}' (sqlite, memory, redis)`);
}

function wholeNumber(s: string, flag: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError(`${flag} must be a whole number, got '${s}'`);
  return Number(s);
}
