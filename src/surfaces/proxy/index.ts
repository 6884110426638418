/**
 * `startProxy()`: a local HTTP proxy in front of OpenAI, Anthropic and Gemini. Chat requests
 * (`/v1/chat/completions`, `/v1/responses`, `/v1/messages`, Gemini `:generateContent` and
 * `:streamGenerateContent`) have their tool outputs compressed on the way; everything else passes
 * through untouched. Replies are relayed chunk by chunk as they arrive; `tokenfold_retrieve` calls
 * are answered by the proxy itself; any failure of its own forwards the original.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { readFileSync } from "node:fs";
import { sqliteStore } from "../../store/index.js";
import type { Store } from "../../core/types.js";
import { openStats } from "../../stats/open-stats.js";
import { statsRoutes as createStatsRoutes } from "../../stats/routes.js";
import type { Stats } from "../../stats/types.js";
import { upstreamRequestHeaders } from "./headers.js";
import { handleLocal, isLocalRoute, type LocalContext } from "./local-routes.js";
import { handleMessages, type MessagesContext } from "./messages-route.js";
import { PROXY_DEFAULTS, type ProxyOptions, type RunningProxy } from "./options.js";
import { sendHead, sendJson, sendUpstreamError } from "./relay.js";
import { createRequestCompressor } from "./request-compressor.js";
import { pathOf, routeRequest } from "./routing.js";
import { withStoreWriter } from "./store-writer.js";
import { createUpstreams } from "./upstream.js";

export { DEFAULT_UPSTREAMS, type ProxyOptions, type RunningProxy, type UpstreamName } from "./options.js";

/**
 * Starts the proxy and resolves once it listens.
 * @example
 * const proxy = await startProxy({ port: 0 });
 * const openai = new OpenAI({ baseURL: `${proxy.url}/v1` });
 * const anthropic = new Anthropic({ baseURL: proxy.url });
 * // …
 * await proxy.close();
 */
export async function startProxy(options: ProxyOptions = {}): Promise<RunningProxy> {
  if (options.allowRemote && !options.token) throw new TypeError("[tokenfold] [proxy] allowRemote needs a token (remote callers send Authorization: Bearer <token>)");
  const rounds = options.retrievalRounds ?? PROXY_DEFAULTS.retrievalRounds;
  if (!(Number.isInteger(rounds) && rounds >= 0)) throw new TypeError(`[tokenfold] [proxy] retrievalRounds must be a whole number ≥ 0, got ${rounds}`);
  const upstreams = createUpstreams(options.upstreams);
  const log = options.log ?? (() => {});
  const ownStore = options.store === undefined;
  // the default store writes on a thread of its own (see store-writer.ts); a store passed in is used as it is
  const store: Store = options.store ?? withStoreWriter(sqliteStore(), log);
  const ownStats = options.stats === undefined;
  const stats: Stats | undefined = options.stats === false ? undefined : (options.stats ?? openStats());
  const statsRoutes = stats ? createStatsRoutes(stats) : undefined;

  const compressor = createRequestCompressor({ store, defaultSqliteStore: ownStore, messages: options.messages ?? {}, thread: options.compressThread, log });
  const messages: MessagesContext = {
    upstreams, store, stats, log, compressor,
    retrievalRounds: rounds,
    maxBodyBytes: PROXY_DEFAULTS.maxBodyBytes,
    beforeUpstream: options.beforeUpstream,
  };
  const local: LocalContext = { store, upstreams: upstreams.bases, allowRemote: options.allowRemote === true, token: options.token, statsRoutes, version: VERSION };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? "/";
    if (isLocalRoute(url)) return handleLocal(local, req, res);
    const route = routeRequest(req.method ?? "GET", url, req.headers);
    // the client went away → so does the upstream request (and its token spend)
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    try {
      if (route.format) {
        await handleMessages(messages, req, res, { ...route, format: route.format }, abort.signal);
        return;
      }
      const length = Number(req.headers["content-length"]);
      // a body streams through as it comes; no body → none sent (GET, HEAD, an empty DELETE)
      const hasBody = req.headers["transfer-encoding"] !== undefined || length > 0;
      await upstreams.relay(route.upstream, {
        method: req.method ?? "GET", url,
        headers: upstreamRequestHeaders(req.headers, { bodyLength: hasBody && Number.isFinite(length) ? length : undefined }),
        body: hasBody ? req : undefined,
        signal: abort.signal,
      }, res, (status, headers) => sendHead(res, status, headers, true));
    } catch (e) {
      if (abort.signal.aborted) {
        res.destroy();
        return;
      }
      log(`${req.method} ${pathOf(url)} → ${route.upstream} failed: ${(e as { code?: string }).code ?? (e as Error).message.split("\n")[0]}`);
      if (res.headersSent) res.destroy();
      else sendUpstreamError(res, e);
    }
  };

  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`internal error: ${(e as Error).message.split("\n")[0]}`);
      if (!res.headersSent) sendJson(res, 500, { error: { message: "[tokenfold] [proxy] internal error", type: "tokenfold_proxy_error" } });
      else res.destroy();
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const host = options.host ?? PROXY_DEFAULTS.host;
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}`,
    host,
    port,
    close() {
      return (closing ??= (async () => {
        await new Promise<void>((ok) => {
          server.close(() => ok());
          for (const s of sockets) s.destroy();
        });
        await upstreams.close();
        await compressor.close();
        statsRoutes?.close();
        if (ownStats) stats?.close();
        if (ownStore) await store.close?.();
      })());
    },
  };
}

const VERSION = (() => {
  try {
    return (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
})();
