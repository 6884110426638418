/**
 * Which provider a request goes to, and whether its body is a chat request to compress.
 * Gemini paths (`/v1beta/…`, `…:generateContent`) go to Gemini, `/v1/messages…` to Anthropic, other
 * `/v1/…` to OpenAI; an `anthropic-version` or `x-goog-api-key` header settles shared paths such
 * as `/v1/models`.
 * @module
 */
import type { IncomingHttpHeaders } from "node:http";
import type { MessageFormat } from "../../messages/types.js";
import { formatForPath } from "../adapters/http.js";
import type { UpstreamName } from "./options.js";

/** Where one request goes. */
export interface Route {
  upstream: UpstreamName;
  /** Set for POSTs whose body is a chat request in this format (compressed on the way). */
  format?: MessageFormat;
  /** True when the reply is a stream by the path alone (Gemini `:streamGenerateContent`). */
  streamByPath: boolean;
}

/** The route of a request; never throws. */
export function routeRequest(method: string, url: string, headers: IncomingHttpHeaders): Route {
  const path = pathOf(url);
  const upstream = upstreamFor(path, headers);
  const format = method === "POST" ? formatForPath(path) : undefined;
  // the format must fit the provider the path belongs to (`/v1beta/…/chat/completions` is
  // Gemini's OpenAI-compatible endpoint: a chat body going to Gemini, which is fine)
  return { upstream, format, streamByPath: /:streamGenerateContent$/i.test(path) };
}

function upstreamFor(path: string, headers: IncomingHttpHeaders): UpstreamName {
  if (/^\/(?:v1beta|v1alpha|upload)\//.test(path) || /\/models\/[^/]+:[A-Za-z]+$/.test(path)) return "gemini";
  if (/^\/v1\/(?:messages|complete)(?:\/|$)/.test(path)) return "anthropic";
  if (headers["anthropic-version"] !== undefined) return "anthropic";
  if (headers["x-goog-api-key"] !== undefined) return "gemini";
  return "openai";
}

/** The path of a request target, without its query. */
export function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

/**
 * The path to request upstream: the base URL's own path prefix, then the client's path and query.
 * A prefix ending in the path's first segment (`https://host/v1` + `/v1/chat/completions`) is not
 * doubled, so both spellings of a base URL work.
 */
export function upstreamPath(basePath: string, url: string): string {
  const prefix = basePath.replace(/\/+$/, "");
  if (prefix === "") return url;
  const first = /^\/[^/?]+/.exec(url)?.[0];
  if (first !== undefined && prefix.endsWith(first)) return prefix.slice(0, -first.length) + url;
  return prefix + url;
}

/** The model a request names: the body's `model`, or Gemini's `models/<m>:` in the path. */
export function modelOf(body: unknown, url: string): string | undefined {
  if (typeof body === "object" && body !== null && typeof (body as { model?: unknown }).model === "string") return (body as { model: string }).model;
  return /\/models\/([^/:]+):/.exec(pathOf(url))?.[1];
}
