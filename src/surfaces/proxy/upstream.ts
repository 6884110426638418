/**
 * One keep-alive connection pool per provider (undici `Pool`), so a request never pays for a new
 * TCP and TLS handshake.
 * @module
 */
import { Pool } from "undici";
import type { Dispatcher } from "undici";
import type { Writable } from "node:stream";
import { DEFAULT_UPSTREAMS, PROXY_DEFAULTS, type UpstreamName } from "./options.js";
import { upstreamPath } from "./routing.js";
import { openReply, type UpstreamReply } from "./upstream-reply.js";

/** A request to one provider. */
export interface UpstreamRequest {
  method: string;
  /** The client's path and query. */
  url: string;
  headers: Record<string, string | string[]>;
  body?: Dispatcher.DispatchOptions["body"];
  signal?: AbortSignal;
}

/** The pools of the three providers. */
export interface Upstreams {
  /** Base URL of each provider. */
  readonly bases: Readonly<Record<UpstreamName, string>>;
  /** Sends and resolves with the reply once its status and headers came; the body is read from it chunk by chunk. */
  open(name: UpstreamName, request: UpstreamRequest): Promise<UpstreamReply>;
  /**
   * Sends and relays the reply into `res` as it arrives (undici writes each chunk straight into
   * it: the cheapest path for replies the proxy does not read); `onHead` writes the status line.
   * Resolves with the status once the body is relayed.
   */
  relay(name: UpstreamName, request: UpstreamRequest, res: Writable, onHead: (statusCode: number, headers: Record<string, string | string[] | undefined>) => void): Promise<number>;
  close(): Promise<void>;
}

/** Opens (lazily) one pool per provider. Bad base URLs throw here, at startup. */
export function createUpstreams(given: Partial<Record<UpstreamName, string>> = {}): Upstreams {
  const bases = { ...DEFAULT_UPSTREAMS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as Record<UpstreamName, string>;
  const parsed = Object.fromEntries(Object.entries(bases).map(([name, base]) => {
    let u: URL;
    try {
      u = new URL(base);
    } catch {
      throw new TypeError(`[tokenfold] [proxy] upstream ${name}: not a URL: ${JSON.stringify(base)}`);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new TypeError(`[tokenfold] [proxy] upstream ${name}: only http and https URLs`);
    return [name, u];
  })) as Record<UpstreamName, URL>;
  const pools = new Map<UpstreamName, Pool>();
  const pool = (name: UpstreamName) => {
    let p = pools.get(name);
    if (!p) {
      p = new Pool(parsed[name].origin, {
        connections: null,
        keepAliveTimeout: PROXY_DEFAULTS.keepAliveTimeoutMs,
        headersTimeout: PROXY_DEFAULTS.headersTimeoutMs,
        bodyTimeout: PROXY_DEFAULTS.bodyTimeoutMs,
      });
      pools.set(name, p);
    }
    return p;
  };
  const options = (name: UpstreamName, r: UpstreamRequest): Dispatcher.DispatchOptions => ({
    method: r.method as Dispatcher.HttpMethod,
    path: upstreamPath(parsed[name].pathname, r.url),
    headers: r.headers,
    body: r.body,
  });
  return {
    bases,
    open(name, r) {
      return openReply(pool(name), options(name, r), r.signal);
    },
    async relay(name, r, res, onHead) {
      let status = 0;
      await pool(name).stream({ ...options(name, r), signal: r.signal }, ({ statusCode, headers }) => {
        status = statusCode;
        onHead(statusCode, headers);
        return res;
      });
      return status;
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close().catch(() => p.destroy())));
      pools.clear();
    },
  };
}
