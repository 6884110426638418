/**
 * A stand-in LLM provider for tests and benchmarks: a plain `node:http` server on 127.0.0.1 that
 * records every request it receives (method, path, headers, body) and answers with a handler the
 * test sets, plus builders for the OpenAI, Anthropic and Gemini reply shapes (JSON and SSE) that
 * the official SDKs accept. Nothing of tokenfold is mocked: this plays the provider only.
 *
 * @example
 * const up = await startUpstream((r, res) => sendJson(res, 200, chatCompletion({ content: "hi" })));
 * const proxy = await startProxy({ upstreams: { openai: up.url } });
 * // … up.received[0].json is what the provider got
 * await up.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the stand-in received it. */
export interface Received {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: any;
  /** Resolves once the connection is done: true when the client went away before the reply ended. */
  closedEarly: Promise<boolean>;
}

/** Answers one request (may write slowly, in pieces, or never). */
export type Handler = (r: Received, res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

/** A running stand-in. */
export interface StandIn {
  /** `http://127.0.0.1:port` */
  url: string;
  received: Received[];
  /** The handler for the next requests (replaceable between tests). */
  handler: Handler;
  close(): Promise<void>;
}

/** Starts a stand-in provider; `handler` defaults to a 404. */
export async function startUpstream(handler: Handler = (_r, res) => sendJson(res, 404, { error: { message: "no handler" } })): Promise<StandIn> {
  const sockets = new Set<Socket>();
  const standIn: StandIn = { url: "", received: [], handler, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const closedEarly = new Promise<boolean>((ok) => res.on("close", () => ok(!res.writableFinished)));
      const r: Received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, json, closedEarly };
      standIn.received.push(r);
      Promise.resolve(standIn.handler(r, res, req)).catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(e) } });
        else res.destroy();
      });
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () => new Promise<void>((ok) => {
    server.close(() => ok());
    for (const s of sockets) s.destroy();
  });
  return standIn;
}

/** Sends a JSON reply. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json", "content-length": String(bytes.byteLength), ...headers });
  res.end(bytes);
}

/** One SSE event: `event` line when given, JSON `data` (strings sent as they are). */
export type SseEvent = { event?: string; data: unknown };

/** Starts an SSE reply. */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
}

/** Writes SSE events (call `startSse` first). */
export function writeSse(res: ServerResponse, events: SseEvent[]): void {
  for (const e of events) res.write(`${e.event ? `event: ${e.event}\n` : ""}data: ${typeof e.data === "string" ? e.data : JSON.stringify(e.data)}\n\n`);
}

/** A whole SSE reply at once. */
export function sendSse(res: ServerResponse, events: SseEvent[]): void {
  startSse(res);
  writeSse(res, events);
  res.end();
}

// ---- OpenAI chat ------------------------------------------------------------------------------

/** A chat completion with one choice. */
export function chatCompletion(message: Record<string, unknown>, finish = "stop", id = "chatcmpl-standin") {
  return {
    id, object: "chat.completion", created: 1_700_000_000, model: "gpt-standin",
    choices: [{ index: 0, message: { role: "assistant", content: null, refusal: null, ...message }, logprobs: null, finish_reason: finish }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

/** A function tool call as it appears in a chat completion. */
export function chatToolCall(id: string, name: string, args: unknown) {
  return { id, type: "function", function: { name, arguments: JSON.stringify(args) } };
}

/** One `chat.completion.chunk`. */
export function chatChunk(delta: Record<string, unknown>, finish: string | null = null, id = "chatcmpl-standin"): SseEvent {
  return { data: { id, object: "chat.completion.chunk", created: 1_700_000_000, model: "gpt-standin", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] } };
}

/** A streamed text answer: role chunk, one chunk per piece, stop, `[DONE]`. */
export function chatTextStream(pieces: string[], id = "chatcmpl-standin"): SseEvent[] {
  return [chatChunk({ role: "assistant", content: "" }, null, id), ...pieces.map((p) => chatChunk({ content: p }, null, id)), chatChunk({}, "stop", id), { data: "[DONE]" }];
}

/** A streamed tool call (name first, arguments in two pieces), then `tool_calls` and `[DONE]`. */
export function chatToolCallStream(calls: Array<{ id: string; name: string; args: unknown }>, id = "chatcmpl-standin"): SseEvent[] {
  const events: SseEvent[] = [chatChunk({ role: "assistant", content: null }, null, id)];
  calls.forEach((c, index) => {
    const args = JSON.stringify(c.args);
    const half = Math.floor(args.length / 2);
    events.push(chatChunk({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }] }, null, id));
    events.push(chatChunk({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }, null, id));
    events.push(chatChunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, null, id));
  });
  events.push(chatChunk({}, "tool_calls", id), { data: "[DONE]" });
  return events;
}

// ---- Anthropic --------------------------------------------------------------------------------

/** A whole Anthropic message. */
export function anthropicMessage(content: unknown[], stop = "end_turn", id = "msg_standin") {
  return { id, type: "message", role: "assistant", model: "claude-standin", content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } };
}

/** The events of a streamed Anthropic message made of text and tool_use blocks. */
export function anthropicStream(blocks: Array<{ text: string } | { id: string; name: string; input: unknown }>, id = "msg_standin"): SseEvent[] {
  const stop = blocks.some((b) => "name" in b) ? "tool_use" : "end_turn";
  const events: SseEvent[] = [
    { event: "message_start", data: { type: "message_start", message: { id, type: "message", role: "assistant", model: "claude-standin", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } } } },
  ];
  blocks.forEach((b, index) => {
    if ("text" in b) {
      events.push({ event: "content_block_start", data: { type: "content_block_start", index, content_block: { type: "text", text: "" } } });
      for (const piece of b.text.match(/.{1,8}/gs) ?? []) events.push({ event: "content_block_delta", data: { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } } });
    } else {
      const json = JSON.stringify(b.input);
      events.push({ event: "content_block_start", data: { type: "content_block_start", index, content_block: { type: "tool_use", id: b.id, name: b.name, input: {} } } });
      events.push({ event: "content_block_delta", data: { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: json.slice(0, 5) } } });
      events.push({ event: "content_block_delta", data: { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: json.slice(5) } } });
    }
    events.push({ event: "content_block_stop", data: { type: "content_block_stop", index } });
  });
  events.push(
    { event: "message_delta", data: { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 7 } } },
    { event: "message_stop", data: { type: "message_stop" } },
  );
  return events;
}

// ---- Gemini -----------------------------------------------------------------------------------

/** A Gemini `generateContent` reply with one candidate. */
export function geminiReply(parts: unknown[]) {
  return { candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } };
}
