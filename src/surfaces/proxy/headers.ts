/**
 * Header handling for a relaying proxy (RFC 9110 §7.6.1): hop-by-hop headers, and any header the
 * `Connection` header names, stay on their own hop; everything else (auth included) is passed on
 * unchanged and never logged.
 * @module
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"]);

type Headers = Record<string, string | string[] | undefined>;

/** A copy without hop-by-hop headers, the ones `Connection` lists, and `drop`. */
export function endToEnd(headers: Headers, drop: readonly string[] = []): Record<string, string | string[]> {
  const named = new Set(drop);
  for (const v of [headers.connection ?? []].flat()) for (const n of v.split(",")) named.add(n.trim().toLowerCase());
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    const key = k.toLowerCase();
    if (v === undefined || HOP_BY_HOP.has(key) || named.has(key)) continue;
    out[key] = v;
  }
  return out;
}

/**
 * Headers to send upstream. `host` is the upstream's (undici sets it), `content-length` is set
 * for the body actually sent, `expect` is answered here. When the proxy must read the reply
 * (retrieval), it asks for an unencoded one.
 */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders, options: { bodyLength?: number; readReply?: boolean }): Record<string, string | string[]> {
  const out = endToEnd(headers as Headers, ["host", "content-length", "expect"]);
  if (options.bodyLength !== undefined) out["content-length"] = String(options.bodyLength);
  if (options.readReply) out["accept-encoding"] = "identity";
  return out;
}

/** Headers to send the client; `content-length` dropped when the proxy changes or streams the body. */
export function clientResponseHeaders(headers: Headers, options: { keepLength: boolean }): OutgoingHttpHeaders {
  return endToEnd(headers, options.keepLength ? [] : ["content-length"]);
}
