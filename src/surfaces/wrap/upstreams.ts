/**
 * Where the wrapped agent's requests go after the proxy: a base URL the user already set for the
 * agent (a gateway, a company endpoint) stays the destination, with the proxy in front of it.
 * @module
 */
import type { ProxyOptions } from "../proxy/index.js";

/**
 * Upstreams taken from the environment `wrap` was started in: `ANTHROPIC_BASE_URL` as is,
 * `OPENAI_BASE_URL` (or `OPENAI_API_BASE`) without its trailing `/v1` (the proxy keeps the client's
 * `/v1/...` path). A value that is not an http(s) URL is ignored.
 * @example
 * upstreamsFromEnv({ OPENAI_BASE_URL: "https://gw.example/api/v1" }); // { openai: "https://gw.example/api" }
 */
export function upstreamsFromEnv(env: NodeJS.ProcessEnv): NonNullable<ProxyOptions["upstreams"]> {
  const out: NonNullable<ProxyOptions["upstreams"]> = {};
  const anthropic = httpUrl(env.ANTHROPIC_BASE_URL);
  if (anthropic) out.anthropic = anthropic;
  const openai = httpUrl(env.OPENAI_BASE_URL) ?? httpUrl(env.OPENAI_API_BASE);
  if (openai) out.openai = openai.replace(/\/v1$/, "");
  return out;
}

function httpUrl(v: string | undefined): string | undefined {
  if (!v) return undefined;
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:" ? v.replace(/\/+$/, "") : undefined;
  } catch {
    return undefined;
  }
}
