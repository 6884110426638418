/**
 * A chat request through the proxy: read, compressed (fail-open: any error forwards the original
 * bytes), recorded in stats, sent upstream, and relayed back. When the request declares
 * `tokenfold_retrieve`, the reply is watched: a reply that calls only that tool is answered from
 * the store and continued upstream by the proxy, whole or streamed (see the splicers).
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import type { Dispatcher } from "undici";
import type { Store } from "../../core/types.js";
import type { MessageFormat } from "../../messages/types.js";
import type { RequestStat, Stats } from "../../stats/types.js";
import { createAnswerer, type Answerer } from "./answerer.js";
import type { CompressionSummary } from "./compress-protocol.js";
import { forwardableBody, parseJsonObject, readBody } from "./body.js";
import { ADAPTERS, declaresRetrieveTool } from "./formats.js";
import { FOLLOW_UPS } from "../../messages/follow-up.js";
import { upstreamRequestHeaders } from "./headers.js";
import type { ProxyOptions } from "./options.js";
import { relay, sendHead, sendWhole, write } from "./relay.js";
import type { RequestCompressor } from "./request-compressor.js";
import { modelOf, pathOf, type Route } from "./routing.js";
import { anthropicSplicer } from "./splice-anthropic.js";
import { openaiChatSplicer } from "./splice-openai-chat.js";
import { geminiSplicer } from "./splice-gemini.js";
import { openaiResponsesSplicer } from "./splice-openai-responses.js";
import { serializeComment, type Splicer } from "./splice.js";
import type { Upstreams } from "./upstream.js";
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
  const parsed = read.whole && !encoded ? parseJsonObject(read.bytes) : undefined;
  if (!parsed) {
    // too large, encoded or not JSON: forwarded as it came
    const reply = await ctx.upstreams.send(route.upstream, { method: "POST", url, headers: upstreamRequestHeaders(req.headers, { bodyLength: read.whole ? read.bytes.byteLength : lengthOf(req) }), body: forwardableBody(req, read), signal });
    await relay(res, reply);
    return;
  }

  const started = performance.now();
  const adapter = ADAPTERS[route.format];
  const compressed = await ctx.compressor.compress(parsed, read.bytes, route.format);
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
  // the body as sent, for the retrieval loop (parsed from the thread's bytes only then)
  const sentBody = () => (hooked !== undefined ? hooked : compressed.body());
  const latencyMs = performance.now() - started;
  const streaming = route.streamByPath || parsed.stream === true;
  const splicer = streaming ? SPLICERS[route.format]?.(url) : undefined;
  const watch = ctx.retrievalRounds > 0 && (!streaming || splicer !== undefined) && hasRetrieveTool;
  const headers = (length: number) => upstreamRequestHeaders(req.headers, { bodyLength: length, readReply: watch });
  // recorded once the reply is on its way (counting and the stats queue never delay it)
  const stat = (status: number) => void setImmediate(() => compressed.summary && record(ctx, compressed.summary, { route: pathOf(url), model: modelOf(parsed, url), latencyMs, status }));
  if (!watch) {
    await ctx.upstreams.relay(route.upstream, { method: "POST", url, headers: headers(bytes.byteLength), body: bytes, signal }, res, (status, h) => {
      stat(status);
      sendHead(res, status, h, true);
    });
    return;
  }
  const reply = await ctx.upstreams.send(route.upstream, { method: "POST", url, headers: headers(bytes.byteLength), body: bytes, signal });
  stat(reply.statusCode);

  if (reply.statusCode !== 200 || !unencoded(reply)) {
    await relay(res, reply);
    return;
  }
  const answer = createAnswerer(ctx.store, !declaresRetrieveTool(adapter, parsed));
  const send = (body: unknown) => {
    const b = Buffer.from(JSON.stringify(body));
    return ctx.upstreams.send(route.upstream, { method: "POST", url, headers: headers(b.byteLength), body: b, signal });
  };
  if (splicer) await streamLoop(ctx, res, reply, sentBody(), send, splicer, answer);
  else await wholeLoop(ctx, res, reply, sentBody(), send, route.format, answer);
}

/**
 * Non-streaming: while the reply calls only retrieval, answer and ask again; the client gets the
 * last reply, its usage summed over every round (the client is billed for all of them).
 */
async function wholeLoop(ctx: MessagesContext, res: ServerResponse, first: Dispatcher.ResponseData, sent: unknown, send: (b: unknown) => Promise<Dispatcher.ResponseData>, format: MessageFormat, answer: Answerer): Promise<void> {
  let current = { status: first.statusCode, headers: first.headers, bytes: Buffer.from(await first.body.arrayBuffer()) };
  let reply: unknown = parseJsonObject(current.bytes);
  /** The usage of the replies before `reply`. */
  let earlier: Usage | undefined;
  for (let round = 0; round < ctx.retrievalRounds; round++) {
    const follow = await FOLLOW_UPS[format](reply, sent, answer).catch(() => undefined);
    if (follow === undefined) break;
    let next: Dispatcher.ResponseData;
    try {
      next = await send(follow);
    } catch (e) {
      if ((e as { name?: string }).name === "AbortError") throw e;
      ctx.log(`retrieval round ${round + 1} failed upstream; the client gets the previous reply`);
      break;
    }
    const bytes = Buffer.from(await next.body.arrayBuffer());
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
async function streamLoop(ctx: MessagesContext, res: ServerResponse, first: Dispatcher.ResponseData, sent: unknown, send: (b: unknown) => Promise<Dispatcher.ResponseData>, splicer: Splicer, answer: Answerer): Promise<void> {
  sendHead(res, first.statusCode, first.headers, false);
  let reply = first;
  for (let round = 0; ; round++) {
    await pump(res, reply, splicer);
    const follow = round < ctx.retrievalRounds ? await splicer.next(sent, answer).catch(() => undefined) : undefined;
    if (follow === undefined) break;
    let next: Dispatcher.ResponseData | undefined;
    try {
      next = await send(follow);
    } catch (e) {
      if ((e as { name?: string }).name === "AbortError") throw e;
      ctx.log(`retrieval round ${round + 1} failed upstream; the client gets the retrieval call`);
    }
    if (!next || next.statusCode !== 200 || !unencoded(next)) {
      if (next) {
        ctx.log(`retrieval round ${round + 1} got status ${next.statusCode}; the client gets the retrieval call`);
        await next.body.dump().catch(() => {});
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

/**
 * Feeds one round's SSE through the splicer, writing what it lets through as soon as it does.
 * While the splicer calls the events quiet (see `Splicer.quiet`), whole events go out as they
 * came and are kept unparsed; the first event that is not quiet has them replayed into the
 * splicer first (their output was sent already), then everything is parsed. Streams with CR line
 * ends always take the parsed path (events are cut at blank lines here).
 */
async function pump(res: ServerResponse, reply: Dispatcher.ResponseData, splicer: Splicer): Promise<void> {
  let out = "";
  let replaying = false;
  const parser = createParser({
    onEvent: (e) => {
      const w = splicer.event(e);
      if (!replaying) out += w;
    },
    onComment: (c) => {
      if (!replaying) out += serializeComment(c);
    },
  });
  let fast = splicer.quiet !== undefined;
  let skipped = ""; // whole events already sent, not yet shown to the splicer
  let partial = ""; // the unfinished event after them
  const leaveFast = () => {
    fast = false;
    replaying = true;
    parser.feed(skipped);
    replaying = false;
    skipped = "";
    const rest = partial;
    partial = "";
    return rest;
  };
  const decoder = new TextDecoder();
  for await (const chunk of reply.body) {
    let text = decoder.decode(chunk as Uint8Array, { stream: true });
    if (fast && text.includes("\r")) text = leaveFast() + text;
    if (fast) {
      const all = partial + text;
      const end = all.lastIndexOf("\n\n");
      const cut = end < 0 ? 0 : end + 2;
      const whole = all.slice(0, cut);
      if (whole !== "" && splicer.quiet!(whole)) {
        // the chunk itself when it is exactly whole events (the usual case): no re-encoding
        await write(res, partial === "" && cut === all.length ? (chunk as Uint8Array) : whole);
        skipped += whole;
        partial = all.slice(cut);
        continue;
      }
      if (whole === "") {
        partial = all;
        continue;
      }
      text = leaveFast() + text;
    }
    parser.feed(text);
    if (out !== "") {
      const now = out;
      out = "";
      await write(res, now);
    }
  }
  const last = decoder.decode();
  // all quiet to the end: nothing held, nothing the splicer needs to see
  if (fast && partial === "" && last === "") return;
  parser.feed((fast ? leaveFast() : "") + last);
  // a last event without its blank line still counts
  parser.feed("\n\n");
  if (out !== "") await write(res, out);
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

function unencoded(reply: Dispatcher.ResponseData): boolean {
  const enc = reply.headers["content-encoding"];
  return enc === undefined || enc === "identity";
}

function lengthOf(req: IncomingMessage): number | undefined {
  const n = Number(req.headers["content-length"]);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
