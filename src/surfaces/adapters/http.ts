/**
 * `tokenfoldHttp()`: Node HTTP middleware `(req, res, next)` for Express / Connect (and any
 * framework that runs them) in front of an LLM proxy. On `POST …/v1/chat/completions`,
 * `…/v1/messages`, `…/v1/responses` and Gemini `…:generateContent` / `…:streamGenerateContent`,
 * the JSON body's tool outputs are compressed: `req.body` becomes the compressed request. When no
 * body parser ran before it, the request stream is read here, and the compressed bytes are also
 * given as `req.tokenfoldBody` (a Buffer) with `content-length` set to match, for handlers that
 * forward the raw body. Other paths are not read at all. Fail-open: invalid JSON, an encoded body
 * or a compression error leave the body as it came (`req.tokenfoldBody` then holds the original
 * bytes).
 *
 * Fastify (body already parsed): `app.addHook("preHandler", async (req) => { req.body = await compressHttpBody(req.url, req.body) })`.
 * Hono (Fetch API): `app.use("*", async (c, next) => { const body = await compressHttpBody(c.req.path, await c.req.json().catch(() => undefined)); … })`,
 * then forward `JSON.stringify(body)` instead of the original request body.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { MessageFormat } from "../../messages/types.js";
import { compressFailOpen, isObj } from "./common.js";
import type { TokenfoldAdapterOptions } from "./via-chat.js";

/** Options of `tokenfoldHttp`. */
export interface TokenfoldHttpOptions extends TokenfoldAdapterOptions {
  /** Request bodies larger than this many bytes are forwarded untouched (default 32 MiB). */
  limit?: number;
}

/** The request as the middleware leaves it. */
export type TokenfoldRequest = IncomingMessage & { body?: unknown; tokenfoldBody?: Buffer };

/** The API format served at a path, or undefined for paths left alone. */
export function formatForPath(url: string): MessageFormat | undefined {
  const path = url.split("?")[0]!.replace(/\/+$/, "");
  if (path.endsWith("/v1/chat/completions") || path === "/chat/completions") return "openai-chat";
  if (path.endsWith("/v1/messages")) return "anthropic";
  if (path.endsWith("/v1/responses")) return "openai-responses";
  if (/:(?:stream)?generateContent$/i.test(path)) return "gemini";
  return undefined;
}

/**
 * The compressed body for a request to `url`, or `body` itself when the path is not an LLM API,
 * the body is not a request in that format, or compression fails.
 */
export async function compressHttpBody<T>(url: string, body: T, options: TokenfoldAdapterOptions = {}): Promise<T> {
  const format = formatForPath(url);
  if (!format || !isObj(body)) return body;
  const { limit: _l, ...rest } = options as TokenfoldAdapterOptions & { limit?: unknown };
  return compressFailOpen(body, format, rest);
}

/**
 * Express / Connect middleware compressing LLM API request bodies.
 * @example
 * app.use(express.json({ limit: "32mb" }), tokenfoldHttp({ store }), proxyToProvider);
 * // or without a body parser: the handler forwards req.tokenfoldBody
 */
export function tokenfoldHttp(options: TokenfoldHttpOptions = {}): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const limit = options.limit ?? 32 * 1024 * 1024;
  return (request, _res, next) => {
    const req = request as TokenfoldRequest;
    const url = req.url ?? "";
    if (req.method !== "POST" || !formatForPath(url)) return next();
    if (req.body !== undefined) {
      // Parsed already (express.json, body-parser): replace the parsed body only.
      compressHttpBody(url, req.body, options).then((body) => { req.body = body; next(); }, () => next());
      return;
    }
    const encoding = String(req.headers["content-encoding"] ?? "identity").toLowerCase();
    const type = String(req.headers["content-type"] ?? "application/json").toLowerCase();
    if (encoding !== "identity" || !type.includes("json") || req.readableEnded) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer | string) => {
      const b = typeof c === "string" ? Buffer.from(c) : c;
      size += b.length;
      chunks.push(b);
    });
    req.on("error", (e) => next(e));
    req.on("end", () => {
      const raw = Buffer.concat(chunks, size);
      const pass = () => { req.tokenfoldBody = raw; next(); };
      if (size > limit) return pass();
      let parsed: unknown;
      try { parsed = JSON.parse(raw.toString("utf8")); } catch { return pass(); }
      compressHttpBody(url, parsed, options).then((body) => {
        req.body = body;
        if (body === parsed) return pass();
        const bytes = Buffer.from(JSON.stringify(body), "utf8");
        req.tokenfoldBody = bytes;
        req.headers["content-length"] = String(bytes.length);
        delete req.headers["transfer-encoding"];
        next();
      }, () => pass());
    });
  };
}
