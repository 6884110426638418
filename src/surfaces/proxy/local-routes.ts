/**
 * The proxy's own routes: `GET /health`, `POST /v1/compress`, `POST /v1/retrieve` (compression for
 * other languages) and the stats pages (`/stats`, `/metrics`, `/dashboard`). Only loopback
 * clients may use them, unless the proxy allows remote callers with a Bearer token; `/health` is
 * open to all (it tells nothing private).
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { compress } from "../../api.js";
import type { Store } from "../../core/types.js";
import { retrieve } from "../../retrieve.js";
import { parseJsonObject, readBody } from "./body.js";
import { sendJson } from "./relay.js";
import { pathOf } from "./routing.js";

/** A handler that answers some paths and returns false (writing nothing) for the rest. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** What the local routes need from the proxy. */
export interface LocalContext {
  store: Store;
  upstreams: Readonly<Record<string, string>>;
  allowRemote: boolean;
  token?: string;
  /** The stats routes, when stats are on. */
  statsRoutes?: RouteHandler;
  version: string;
}

const OWN = new Set(["/health", "/v1/compress", "/v1/retrieve"]);
const STATS = /^\/(?:stats|metrics|dashboard)(?:\/|$)/;

/** True when the request is for a local route (answered here, never forwarded). */
export function isLocalRoute(url: string): boolean {
  const path = pathOf(url);
  return OWN.has(path) || STATS.test(path);
}

/** Answers a local route. */
export async function handleLocal(ctx: LocalContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = pathOf(req.url ?? "/");
  if (path === "/health") {
    sendJson(res, 200, { ok: true, name: "tokenfold", version: ctx.version, store: ctx.store.name, upstreams: ctx.upstreams });
    return;
  }
  if (!allowed(ctx, req)) {
    sendJson(res, 403, { error: { message: "[tokenfold] [proxy] this route serves loopback clients only (start the proxy with --allow-remote --token T and send Authorization: Bearer T)", type: "forbidden" } });
    return;
  }
  if (STATS.test(path)) {
    if (!ctx.statsRoutes || !ctx.statsRoutes(req, res)) sendJson(res, 404, { error: { message: "[tokenfold] [proxy] stats are off or not available", type: "not_found" } });
    return;
  }
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    sendJson(res, 405, { error: { message: `[tokenfold] [proxy] ${path} takes POST`, type: "method_not_allowed" } });
    return;
  }
  const read = await readBody(req, 64 * 1024 * 1024);
  const body = read.whole ? parseJsonObject(read.bytes) : undefined;
  if (!body) {
    sendJson(res, 400, { error: { message: "[tokenfold] [proxy] the body must be a JSON object (at most 64 MiB)", type: "invalid_request" } });
    return;
  }
  try {
    if (path === "/v1/compress") await compressRoute(ctx, body, res);
    else await retrieveRoute(ctx, body, res);
  } catch (e) {
    sendJson(res, 400, { error: { message: `[tokenfold] [proxy] ${(e as Error).message}`, type: "invalid_request" } });
  }
}

/** `{content | messages | request, query?, type?, options?}` → the compress result. */
async function compressRoute(ctx: LocalContext, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
  const options = typeof body.options === "object" && body.options !== null ? (body.options as Record<string, unknown>) : {};
  // the store is the proxy's: a ref made here is retrievable through /v1/retrieve and the proxy's loop
  const { store: _s, model: _m, ...rest } = options;
  const common = { ...rest, store: ctx.store };
  if (typeof body.content === "string") {
    const r = await compress(body.content, { ...common, query: typeof body.query === "string" ? body.query : undefined, type: typeof body.type === "string" ? (body.type as never) : undefined });
    sendJson(res, 200, r);
    return;
  }
  const input = body.request ?? body.messages;
  if (typeof input !== "object" || input === null) throw new TypeError("give `content` (a string), `messages` (an array) or `request` (a request body)");
  sendJson(res, 200, await compress(input as object, common));
}

/** `{ref, query?}` → `{ref, text, …}`, or 404 for an unknown ref. */
async function retrieveRoute(ctx: LocalContext, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
  if (typeof body.ref !== "string") throw new TypeError("`ref` must be a string");
  const r = await retrieve(body.ref, { store: ctx.store, query: typeof body.query === "string" && body.query.trim() ? body.query : undefined });
  if (r.ok) sendJson(res, 200, r.value);
  else sendJson(res, 404, { error: { message: `[tokenfold] [proxy] ${r.detail}`, type: "not_found", code: r.code } });
}

/** Loopback always; others only with `allowRemote` and the right Bearer token. */
function allowed(ctx: LocalContext, req: IncomingMessage): boolean {
  if (isLoopback(req.socket.remoteAddress)) return true;
  if (!ctx.allowRemote || !ctx.token) return false;
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim() ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(ctx.token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 127.0.0.0/8, ::1, and their IPv4-mapped forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || /^127\./.test(a);
}
