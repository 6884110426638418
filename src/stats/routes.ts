/**
 * HTTP routes over a {@link Stats}: `GET /stats` (JSON), `GET /metrics` (Prometheus text) and
 * `GET /dashboard` with its assets. Plain `(req, res) => boolean`, so the proxy (or any Node
 * server) tries it first and handles the request itself when it answers false.
 * @module
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS, DASHBOARD_PATH } from "./dashboard-page.js";
import { createStatsMetrics } from "./metrics.js";
import type { Stats } from "./types.js";

/** Options of {@link statsRoutes}. */
export interface StatsRoutesOptions {
  /** Prometheus metric name prefix; default `tokenfold_`. */
  metricsPrefix?: string;
}

/** A request handler that answers true when it took the request (and wrote the response). */
export type StatsHandler = ((req: IncomingMessage, res: ServerResponse) => boolean) & {
  /** The prom-client registry behind `/metrics`. */
  readonly registry: import("prom-client").Registry;
  /** Stops feeding the metrics from the stats. */
  close(): void;
};

const DAY_MS = 24 * 60 * 60 * 1000;
// A series is at most this many buckets long (the bucket grows to fit), so one request cannot ask
// for millions of points.
const MAX_BUCKETS = 10_000;
const MIN_BUCKET_MS = 1000;

// Same-origin only: the page must work offline, and nothing on it may call out.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Asset {
  type: string;
  body: () => string;
}

let uplotFiles: { js: string; css: string } | undefined;
/** uPlot from our own dependency, read once. */
function uplot(): { js: string; css: string } {
  if (uplotFiles === undefined) {
    const require = createRequire(import.meta.url);
    uplotFiles = {
      js: readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
      css: readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
    };
  }
  return uplotFiles;
}

const ASSETS: Record<string, Asset> = {
  [DASHBOARD_PATH]: { type: "text/html; charset=utf-8", body: () => DASHBOARD_HTML },
  [`${DASHBOARD_PATH}/`]: { type: "text/html; charset=utf-8", body: () => DASHBOARD_HTML },
  [`${DASHBOARD_PATH}/dashboard.js`]: { type: "text/javascript; charset=utf-8", body: () => DASHBOARD_JS },
  [`${DASHBOARD_PATH}/dashboard.css`]: { type: "text/css; charset=utf-8", body: () => DASHBOARD_CSS },
  [`${DASHBOARD_PATH}/uplot.iife.min.js`]: { type: "text/javascript; charset=utf-8", body: () => uplot().js },
  [`${DASHBOARD_PATH}/uplot.min.css`]: { type: "text/css; charset=utf-8", body: () => uplot().css },
};

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string, headers?: Record<string, string>): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers });
  res.end(req.method === "HEAD" ? undefined : body);
}

const sendJson = (req: IncomingMessage, res: ServerResponse, status: number, value: unknown) =>
  send(req, res, status, "application/json; charset=utf-8", JSON.stringify(value));

/** A query parameter as a finite number; `undefined` when absent, `NaN` when not a number. */
function numberParam(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
}

/** The bucket asked for, or one that gives about 120 points over the range, grown to fit {@link MAX_BUCKETS}. */
function bucketFor(asked: number | undefined, sinceMs: number | undefined, now: number): number {
  const span = Math.max(1, now - (sinceMs ?? now - 90 * DAY_MS));
  const floor = Math.max(MIN_BUCKET_MS, Math.ceil(span / MAX_BUCKETS));
  return Math.max(floor, Math.floor(asked ?? Math.ceil(span / 120)));
}

function serveStats(req: IncomingMessage, res: ServerResponse, stats: Stats, params: URLSearchParams): void {
  const since = numberParam(params, "since");
  const bucket = numberParam(params, "bucket");
  if (Number.isNaN(since) || Number.isNaN(bucket) || (bucket !== undefined && bucket <= 0)) {
    sendJson(req, res, 400, { error: "`since` must be epoch ms and `bucket` a positive number of ms" });
    return;
  }
  const now = Date.now();
  const size = bucketFor(bucket, since, now);
  const opts = since === undefined ? undefined : { sinceMs: since };
  sendJson(req, res, 200, { summary: stats.summary(opts), series: stats.series(size, opts), since: since ?? null, bucket: size, now });
}

/**
 * Makes the handler for `/stats`, `/metrics` and `/dashboard` (with its assets). Any other path
 * answers false and writes nothing; a method other than GET or HEAD on these paths gets 405.
 * @param stats - from `openStats()`; its `record` calls feed `/metrics` from now on
 * @param options - see {@link StatsRoutesOptions}
 * @returns the handler, with the metrics registry attached
 * @example
 * const stats = openStats();
 * const routes = statsRoutes(stats);
 * http.createServer((req, res) => { if (!routes(req, res)) { res.statusCode = 404; res.end(); } }).listen(8787);
 */
export function statsRoutes(stats: Stats, options?: StatsRoutesOptions): StatsHandler {
  const metrics = createStatsMetrics(stats, options?.metricsPrefix);
  const handler = (req: IncomingMessage, res: ServerResponse): boolean => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      return false;
    }
    const path = url.pathname;
    const asset = Object.hasOwn(ASSETS, path) ? ASSETS[path] : undefined;
    if (path !== "/stats" && path !== "/metrics" && asset === undefined) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(req, res, 405, "text/plain; charset=utf-8", "method not allowed\n", { allow: "GET, HEAD" });
      return true;
    }
    try {
      if (path === "/stats") serveStats(req, res, stats, url.searchParams);
      else if (path === "/metrics") {
        metrics.registry.metrics().then(
          (text) => send(req, res, 200, metrics.registry.contentType, text),
          (e: unknown) => send(req, res, 500, "text/plain; charset=utf-8", `metrics failed: ${(e as Error).message}\n`),
        );
      } else if (asset !== undefined) send(req, res, 200, asset.type, asset.body(), { "content-security-policy": CSP, "cache-control": "no-cache" });
    } catch (e) {
      if (!res.headersSent) sendJson(req, res, 500, { error: (e as Error).message });
      else res.destroy();
    }
    return true;
  };
  return Object.assign(handler, { registry: metrics.registry, close: metrics.stop });
}
