/**
 * A chat request through the proxy: read, compressed (fail-open: any error forwards the original
 * bytes), recorded in stats, sent upstream, and relayed back. When the request declares
 * `tokenfold_retrieve`, the reply is watched: a reply that calls only that tool is answered from
 * the store and continued upstream by the proxy, whole or streamed (see the splicers).
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Store } from "../../core/types.js";
import type { MessageFormat } from "../../messages/types.js";
import type { RequestStat, Stats } from "../../stats/types.js";
import { createAnswerer, type Answerer } from "./answerer.js";
import type { CompressionSummary } from "./compress-protocol.js";
import { decodeUtf8, forwardableBody, parseJsonObject, parseJsonText, readBody } from "./body.js";
import { ADAPTERS, declaresRetrieveTool } from "./formats.js";
import { FOLLOW_UPS } from "../../messages/follow-up.js";
import { upstreamRequestHeaders } from "./headers.js";
import type { ProxyOptions } from "./options.js";
import { relay, sendHead, sendWhole, write } from "./relay.js";
import type { Compressed, RequestCompressor } from "./request-compressor.js";
import { modelOf, pathOf, type Route } from "./routing.js";
import { anthropicSplicer } from "./splice-anthropic.js";
import { openaiChatSplicer } from "./splice-openai-chat.js";
import { geminiSplicer } from "./splice-gemini.js";
import { openaiResponsesSplicer } from "./splice-openai-responses.js";
import type { Splicer } from "./splice.js";
import { pumpRound } from "./sse-pump.js";
import type { Upstreams } from "./upstream.js";
import type { UpstreamReply } from "./upstream-reply.js";
import { addUsage, replyUsage, withEarlierUsage, type Usage } from "./usage.js";

/** What a chat request needs from the proxy. */
export interface MessagesContext {
  upstreams: Upstreams;
  store: Store;
  stats?: Stats;
  /** Compresses request bodies (in the compression thread when it runs). */
  compressor: RequestCompressor;
  retrievalRounds: number;
  maxBodyBytes: number;
  beforeUpstream?: ProxyOptions["beforeUpstream"];
  log: (line: string) => void;
}

/** Streamed retrieval loops built so far; other formats' streams are relayed as they come. */
const SPLICERS: Partial<Record<MessageFormat, (url: string) => Splicer | undefined>> = { "openai-chat": openaiChatSplicer, anthropic: anthropicSplicer, "openai-responses": openaiResponsesSplicer, gemini: geminiSplicer };

/** Handles one chat request (route.format is set). */
export async function handleMessages(ctx: MessagesContext, req: IncomingMessage, res: ServerResponse, route: Route & { format: MessageFormat }, signal: AbortSignal): Promise<void> {
  const url = req.url ?? "/";
  const read = await readBody(req, ctx.maxBodyBytes);
  const encoded = req.headers["content-encoding"] !== undefined && req.headers["content-encoding"] !== "identity";
  // decoded once: the stats count this same text after the request has gone
  const text = read.whole && !encoded ? decodeUtf8(read.bytes) : undefined;
  const parsed = text === undefined ? undefined : parseJsonText(text);
  if (!parsed) {
    // too large, encoded or not JSON: forwarded as it came
    await ctx.upstreams.relay(route.upstream, { method: "POST", url, headers: upstreamRequestHeaders(req.headers, { bodyLength: read.whole ? read.bytes.byteLength : lengthOf(req) }), body: forwardableBody(req, read), signal }, res, (status, h) => sendHead(res, status, h, true));
    return;
  }

  const started = performance.now();
  const adapter = ADAPTERS[route.format];
  const compressed = await ctx.compressor.compress(parsed, read.bytes, route.format, text);
  if (compressed.error !== undefined) ctx.log(`compression failed on ${pathOf(url)}, original forwarded: ${compressed.error}`);
  // nothing changed → the client's own bytes go upstream, byte for byte
  let bytes = compressed.bytes;
  let hasRetrieveTool = compressed.hasRetrieveTool;
  let hooked: unknown;
  if (ctx.beforeUpstream) {
    try {
      hooked = await ctx.beforeUpstream(compressed.body(), route.format);
    } catch (e) {
      ctx.log(`beforeUpstream failed on ${pathOf(url)}, body sent without it: ${(e as Error).message.split("\n")[0]}`);
    }
    if (hooked !== undefined) {
      bytes = Buffer.from(JSON.stringify(hooked));
      hasRetrieveTool = declaresRetrieveTool(adapter, hooked);
    }
  }
  const latencyMs = performance.now() - started;
  const streaming = route.streamByPath || parsed.stream === true;
  const splicer = streaming ? SPLICERS[route.format]?.(url) : undefined;
  const watch = ctx.retrievalRounds > 0 && (!streaming || splicer !== undefined) && hasRetrieveTool;
  const stat = statRecorder(ctx, compressed, { route: pathOf(url), model: modelOf(parsed, url), latencyMs });
  const upstream = upstreamCaller(ctx, route.upstream, url, req.headers, signal, watch);
  // From here on a stream can last minutes. The functions below are handed only what they use, and
  // this one returns their promise rather than awaiting it, so the client's parsed body and the
  // compression result are not kept alive meanwhile (whatever outlives a young-generation GC is
  // copied by it, and each GC pause stalls every stream).
  if (!watch) return relayReply(upstream, bytes, res, stat);
  const reply = await upstream.send(bytes);
  stat(reply.statusCode);
  if (reply.statusCode !== 200 || !unencoded(reply)) return relay(res, reply);
  const answer = createAnswerer(ctx.store, !declaresRetrieveTool(adapter, parsed));
  if (splicer) return streamLoop(ctx, res, reply, bytes, upstream.sendBody, splicer, answer);
  return wholeLoop(ctx, res, reply, bytes, upstream.sendBody, route.format, answer);
}

/** Sends a request upstream: its first bytes, or a follow-up body of the retrieval loop. */
interface UpstreamCaller {
  send(bytes: Uint8Array): Promise<UpstreamReply>;
  sendBody(body: unknown): Promise<UpstreamReply>;
  relay(bytes: Uint8Array, res: ServerResponse, onHead: (status: number, headers: IncomingHttpHeaders) => void): Promise<unknown>;
}

function upstreamCaller(ctx: MessagesContext, upstream: Route["upstream"], url: string, clientHeaders: IncomingHttpHeaders, signal: AbortSignal, watch: boolean): UpstreamCaller {
  const headers = (length: number) => upstreamRequestHeaders(clientHeaders, { bodyLength: length, readReply: watch });
  const send = (bytes: Uint8Array) => ctx.upstreams.open(upstream, { method: "POST", url, headers: headers(bytes.byteLength), body: bytes, signal });
  return {
    send,
    sendBody: (body) => send(Buffer.from(JSON.stringify(body))),
    relay: (bytes, res, onHead) => ctx.upstreams.relay(upstream, { method: "POST", url, headers: headers(bytes.byteLength), body: bytes, signal }, res, onHead),
  };
}

async function relayReply(upstream: UpstreamCaller, bytes: Uint8Array, res: ServerResponse, stat: (status: number) => void): Promise<void> {
  await upstream.relay(bytes, res, (status, h) => {
    stat(status);
    sendHead(res, status, h, true);
  });
}

/**
 * Records the request in stats once its reply status is known, after the reply is on its way
 * (counting and the stats queue never delay it); lets go of the compression result after.
 */
function statRecorder(ctx: MessagesContext, compressed: Compressed, s: Pick<RequestStat, "route" | "model" | "latencyMs">): (status: number) => void {
  let pending: Compressed | undefined = compressed;
  return (status) => {
    const c = pending;
    pending = undefined;
    if (c?.summary) {
      const summary = c.summary;
      setImmediate(() => record(ctx, summary(), { ...s, status }));
    }
  };
}

/** The body that went upstream, parsed again: only a retrieval round needs it, so it is not kept as objects meanwhile. */
function parseSent(bytes: Uint8Array): unknown {
  return JSON.parse(decodeUtf8(bytes));
}

/**
 * Non-streaming: while the reply calls only retrieval, answer and ask again; the client gets the
 * last reply, its usage summed over every round (the client is billed for all of them).
 */
async function wholeLoop(ctx: MessagesContext, res: ServerResponse, first: UpstreamReply, sentBytes: Uint8Array, send: (b: unknown) => Promise<UpstreamReply>, format: MessageFormat, answer: Answerer): Promise<void> {
  let current = { status: first.statusCode, headers: first.headers, bytes: await first.bytes() };
  let reply: unknown = parseJsonObject(current.bytes);
  let sent = parseSent(sentBytes);
  /** The usage of the replies before `reply`. */
  let earlier: Usage | undefined;
  for (let round = 0; round < ctx.retrievalRounds; round++) {
    const follow = await FOLLOW_UPS[format](reply, sent, answer).catch(() => undefined);
    if (follow === undefined) break;
    let next: UpstreamReply;
    try {
      next = await send(follow);
    } catch (e) {
      if ((e as { name?: string }).name === "AbortError") throw e;
      ctx.log(`retrieval round ${round + 1} failed upstream; the client gets the previous reply`);
      break;
    }
    const bytes = await next.bytes();
    if (next.statusCode !== 200 || !unencoded(next)) {
      ctx.log(`retrieval round ${round + 1} got status ${next.statusCode}; the client gets the previous reply`);
      break;
    }
    earlier = addUsage(earlier, replyUsage(format, reply));
    current = { status: next.statusCode, headers: next.headers, bytes };
    reply = parseJsonObject(bytes);
    sent = follow;
  }
  const summed = withEarlierUsage(format, reply, earlier);
  // the upstream's own bytes unless the usage changed
  sendWhole(res, current.status, current.headers, summed === reply ? current.bytes : Buffer.from(JSON.stringify(summed)));
}

/** Streaming: relay each event as it arrives, holding only retrieval calls; continue in the same stream. */
async function streamLoop(ctx: MessagesContext, res: ServerResponse, first: UpstreamReply, sentBytes: Uint8Array, send: (b: unknown) => Promise<UpstreamReply>, splicer: Splicer, answer: Answerer): Promise<void> {
  sendHead(res, first.statusCode, first.headers, false);
  let reply = first;
  let sent: unknown;
  for (let round = 0; ; round++) {
    const looked = await pumpRound(res, reply, splicer);
    // a round whose events were all quiet held nothing: no follow-up, and no need for the body
    const follow = looked && round < ctx.retrievalRounds ? await splicer.next((sent ??= parseSent(sentBytes)), answer).catch(() => undefined) : undefined;
    if (follow === undefined) break;
    let next: UpstreamReply | undefined;
    try {
      next = await send(follow);
    } catch (e) {
      if ((e as { name?: string }).name === "AbortError") throw e;
      ctx.log(`retrieval round ${round + 1} failed upstream; the client gets the retrieval call`);
    }
    if (!next || next.statusCode !== 200 || !unencoded(next)) {
      if (next) {
        ctx.log(`retrieval round ${round + 1} got status ${next.statusCode}; the client gets the retrieval call`);
        await next.dump();
      }
      break;
    }
    splicer.beginRound();
    sent = follow;
    reply = next;
  }
  await write(res, splicer.flush());
  res.end();
}

function record(ctx: MessagesContext, r: CompressionSummary, s: Pick<RequestStat, "route" | "model" | "latencyMs" | "status">): void {
  if (!ctx.stats) return;
  const byType: NonNullable<RequestStat["byType"]> = {};
  for (const m of r.perMessage) {
    const t = (byType[m.type] ??= { before: 0, after: 0, count: 0 });
    t.before += m.tokensBefore;
    t.after += m.tokensAfter;
    t.count += 1;
  }
  try {
    ctx.stats.record({ at: Date.now(), surface: "proxy", format: r.format, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, byType, ...s });
  } catch {
    /* stats never break a request */
  }
}

function unencoded(reply: UpstreamReply): boolean {
  const enc = reply.headers["content-encoding"];
  return enc === undefined || enc === "identity";
}

function lengthOf(req: IncomingMessage): number | undefined {
  const n = Number(req.headers["content-length"]);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
