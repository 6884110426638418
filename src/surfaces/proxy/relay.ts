/**
 * Writing to the client: an upstream reply relayed chunk by chunk as it arrives (headers flushed
 * at once, each chunk written as soon as it is read, backpressure respected), and the proxy's own
 * JSON errors for upstream failures.
 * @module
 */
import type { ServerResponse } from "node:http";
import { clientResponseHeaders } from "./headers.js";
import type { UpstreamReply } from "./upstream-reply.js";

/** Sends the upstream's status and headers now, so the client's first byte is not delayed. */
export function sendHead(res: ServerResponse, statusCode: number, headers: Record<string, string | string[] | undefined>, keepLength: boolean): void {
  res.writeHead(statusCode, clientResponseHeaders(headers, { keepLength }));
  res.flushHeaders();
}

/** Writes a chunk, waiting for `drain` when the client reads slower than upstream writes. */
export async function write(res: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  if (chunk.length === 0 || res.destroyed) return;
  if (!res.write(chunk)) await new Promise<void>((ok) => whenDrained(res, ok));
}

/** Calls `go` once, when the client has taken what was written (`drain`) or has gone (`close`). */
export function whenDrained(res: ServerResponse, go: () => void): void {
  const done = () => {
    res.off("drain", done);
    res.off("close", done);
    go();
  };
  res.on("drain", done);
  res.on("close", done);
}

/**
 * Relays an upstream reply as is: status, end-to-end headers, then each chunk of the body the
 * moment it comes (no promise per chunk; reading pauses while the client is behind).
 */
export async function relay(res: ServerResponse, reply: UpstreamReply): Promise<void> {
  sendHead(res, reply.statusCode, reply.headers, true);
  await reply.read((chunk) => writeOrPause(res, chunk, reply));
  res.end();
}

/** Writes a chunk; false (after arranging `reply.resume()` on drain) when the client is behind. */
export function writeOrPause(res: ServerResponse, chunk: string | Uint8Array, reply: UpstreamReply): boolean {
  if (chunk.length === 0 || res.destroyed || res.write(chunk)) return true;
  whenDrained(res, () => reply.resume());
  return false;
}

/** Sends a whole body the proxy built or read, with its own content-length. */
export function sendWhole(res: ServerResponse, statusCode: number, headers: Record<string, string | string[] | undefined>, body: Uint8Array): void {
  res.writeHead(statusCode, { ...clientResponseHeaders(headers, { keepLength: false }), "content-length": String(body.byteLength) });
  res.end(body);
}

/** Sends a JSON body (the proxy's own answers and errors). */
export function sendJson(res: ServerResponse, statusCode: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(statusCode, { "content-type": "application/json", "content-length": String(bytes.byteLength) });
  res.end(bytes);
}

/**
 * Answers an upstream failure: a timeout → 504, anything else (reset, refused, DNS) → 502, as a
 * JSON error both SDKs parse. When the reply had already started, the connection is cut so the
 * client sees a broken stream rather than a silently short one.
 */
export function sendUpstreamError(res: ServerResponse, error: unknown): void {
  const code = (error as { code?: string }).code ?? "";
  const timeout = /TIMEOUT/i.test(code);
  const message = timeout ? "upstream timed out" : `upstream connection failed${code ? ` (${code})` : ""}`;
  sendJson(res, timeout ? 504 : 502, { error: { message: `[tokenfold] [proxy] ${message}`, type: "tokenfold_proxy_error", code: timeout ? "upstream_timeout" : "upstream_error" } });
}
