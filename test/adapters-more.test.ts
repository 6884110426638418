// The framework adapters with the real libraries: the Vercel AI SDK middleware through
// `wrapLanguageModel` + `generateText`/`streamText` (the provider is the SDK's own
// `MockLanguageModelV3`, which records what it receives), the LangChain wrapper around
// `@langchain/core`'s fake chat models, and the HTTP middleware in a plain `node:http` server.
import type { LanguageModelV3CallOptions, LanguageModelV3Middleware } from "@ai-sdk/provider";
import { generateText, jsonSchema, streamText, wrapLanguageModel } from "ai";
import { MockLanguageModelV3, convertArrayToReadableStream } from "ai/test";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { tool as lcTool } from "@langchain/core/tools";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../src/index.js";
import { aiRetrieveTool, langchainRetrieveTool, compressLangChainMessages, compressPrompt, tokenfoldHttp, tokenfoldMiddleware, withTokenfoldLangChain, type TokenfoldRequest } from "../src/surfaces/adapters/index.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const NEEDLE = "Accepted publickey for deploy from 10.20.30.40";
const REF = /tf_[0-9a-f]{24}/;

// ---- Vercel AI SDK ---------------------------------------------------------------------------
function aiModel() {
  return new MockLanguageModelV3({
    doGenerate: async () => ({
      content: [{ type: "text", text: "yes" }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } },
      warnings: [],
    }),
    doStream: async () => ({
      stream: convertArrayToReadableStream([
        { type: "text-start", id: "1" },
        { type: "text-delta", id: "1", delta: "yes" },
        { type: "text-end", id: "1" },
        { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } } },
      ]),
    }),
  });
}
function aiMessages(output: unknown = { type: "text", value: LOG }) {
  return [
    { role: "system" as const, content: "You are a careful SRE assistant." },
    { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
    { role: "assistant" as const, content: [{ type: "tool-call" as const, toolCallId: "call_1", toolName: "read_log", input: { path: "/var/log/auth.log" } }] },
    { role: "tool" as const, content: [{ type: "tool-result" as const, toolCallId: "call_1", toolName: "read_log", output: output as { type: "text"; value: string } }] },
  ];
}
function toolOutput(call: LanguageModelV3CallOptions): { type: string; value: unknown } {
  const tool = call.prompt.find((m) => m.role === "tool")!;
  const part = tool.content[0] as { type: "tool-result"; output: { type: string; value: unknown } };
  return part.output;
}

describe("Vercel AI SDK: tokenfoldMiddleware", () => {
  it("is a LanguageModelV3Middleware", () => {
    const m: LanguageModelV3Middleware = tokenfoldMiddleware();
    expect(m.specificationVersion).toBe("v3");
  });

  it("generateText: the provider receives the compressed tool output, the answer kept, the rest untouched", async () => {
    const store = memoryStore();
    const model = aiModel();
    const wrapped = wrapLanguageModel({ model, middleware: tokenfoldMiddleware({ store }) });
    const r = await generateText({ model: wrapped, messages: aiMessages() });
    expect(r.text).toBe("yes");
    expect(model.doGenerateCalls).toHaveLength(1);
    const call = model.doGenerateCalls[0]!;
    const out = toolOutput(call);
    expect(out.type).toBe("text");
    expect(typeof out.value).toBe("string");
    expect((out.value as string).length).toBeLessThan(LOG.length / 3);
    expect(out.value).toContain(NEEDLE);
    const ref = (out.value as string).match(REF)![0];
    expect((await store.get(ref))?.original).toBe(LOG);
    // system, user and the assistant's tool call as the SDK made them
    const plain = await (async () => { const m = aiModel(); await generateText({ model: m, messages: aiMessages() }); return m.doGenerateCalls[0]!; })();
    expect(call.prompt.slice(0, 3)).toEqual(plain.prompt.slice(0, 3));
    expect(toolOutput(plain).value).toBe(LOG);
  });

  it("streamText goes through the same transform", async () => {
    const model = aiModel();
    const wrapped = wrapLanguageModel({ model, middleware: tokenfoldMiddleware() });
    const r = streamText({ model: wrapped, messages: aiMessages() });
    expect(await r.text).toBe("yes");
    const out = toolOutput(model.doStreamCalls[0]!);
    expect((out.value as string).length).toBeLessThan(LOG.length / 3);
    expect(out.value).toContain(NEEDLE);
  });

  it("json outputs are compressed and sent on as text; short outputs and images are untouched", async () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ id: i, user: i === 250 ? "deploy" : `u${i % 7}`, ok: i === 250, ip: `10.0.${i % 9}.${i % 13}` }));
    const json = await compressPrompt(aiMessages({ type: "json", value: rows }));
    const out = (json[3]!.content[0] as { output: { type: string; value: string } }).output;
    expect(out.type).toBe("text");
    expect(out.value.length).toBeLessThan(JSON.stringify(rows).length);
    expect(out.value).toContain("deploy");
    const short = aiMessages({ type: "text", value: "ok" });
    expect(await compressPrompt(short)).toBe(short);
    const image = aiMessages({ type: "content", value: [{ type: "image-data", data: "aGVsbG8=", mediaType: "image/png" }] });
    expect(await compressPrompt(image)).toBe(image);
  });

  it("deterministic, and fail-open when compression throws", async () => {
    const a = await compressPrompt(aiMessages());
    const b = await compressPrompt(aiMessages());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const errors: unknown[] = [];
    const p = aiMessages();
    // an out-of-range option makes the text compressor throw
    expect(await compressPrompt(p, { targetRatio: 7, onError: (e) => errors.push(e) })).toBe(p);
    expect(errors).toHaveLength(1);
  });
});

describe("Vercel AI SDK: tokenfoldMiddleware({ answerRetrievals })", () => {
  const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };
  function retrievingModel() {
    return new MockLanguageModelV3({
      doGenerate: async (call) => {
        const last = call.prompt.at(-1)!;
        const answered = last.role === "tool" && last.content.some((p) => p.type === "tool-result" && p.toolName === "tokenfold_retrieve");
        if (answered) return { content: [{ type: "text", text: "final" }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] };
        const ref = JSON.stringify(call.prompt).match(REF)![0];
        return { content: [{ type: "tool-call", toolCallId: "r1", toolName: "tokenfold_retrieve", input: JSON.stringify({ ref }) }], finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage, warnings: [] };
      },
    });
  }

  it("generate: declares tokenfold_retrieve once the prompt carries a ref, answers the call, and returns the final answer", async () => {
    const store = memoryStore();
    const model = retrievingModel();
    const wrapped = wrapLanguageModel({ model, middleware: tokenfoldMiddleware({ store, answerRetrievals: true }) });
    const r = await generateText({ model: wrapped, messages: aiMessages() });
    expect(r.text).toBe("final");
    expect(model.doGenerateCalls).toHaveLength(2);
    const [first, second] = model.doGenerateCalls as [LanguageModelV3CallOptions, LanguageModelV3CallOptions];
    expect(first.tools?.map((t) => t.name)).toEqual(["tokenfold_retrieve"]);
    expect(second.prompt.slice(0, first.prompt.length)).toEqual(first.prompt);
    const answer = second.prompt.at(-1)!.content[0] as { type: string; output: { type: string; value: string } };
    expect(answer.output).toEqual({ type: "text", value: LOG });
  });

  it("without answerRetrievals, and in streams, the tool is not declared", async () => {
    const plain = aiModel();
    await generateText({ model: wrapLanguageModel({ model: plain, middleware: tokenfoldMiddleware() }), messages: aiMessages() });
    expect(plain.doGenerateCalls[0]!.tools ?? []).toEqual([]);
    const streamed = aiModel();
    const r = streamText({ model: wrapLanguageModel({ model: streamed, middleware: tokenfoldMiddleware({ answerRetrievals: true }) }), messages: aiMessages() });
    expect(await r.text).toBe("yes");
    expect(streamed.doStreamCalls[0]!.tools ?? []).toEqual([]);
  });

  it("a prompt with nothing compressed gets no tool; a reply mixing other tool calls is returned as is", async () => {
    const model = aiModel();
    await generateText({ model: wrapLanguageModel({ model, middleware: tokenfoldMiddleware({ answerRetrievals: true }) }), messages: aiMessages({ type: "text", value: "ok" }) });
    expect(model.doGenerateCalls[0]!.tools ?? []).toEqual([]);
    const mixed = new MockLanguageModelV3({
      doGenerate: async () => ({
        content: [
          { type: "tool-call", toolCallId: "r1", toolName: "tokenfold_retrieve", input: '{"ref":"tf_000000000000000000000000"}' },
          { type: "tool-call", toolCallId: "x1", toolName: "read_log", input: "{}" },
        ],
        finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage, warnings: [],
      }),
    });
    const r = await generateText({ model: wrapLanguageModel({ model: mixed, middleware: tokenfoldMiddleware({ answerRetrievals: true }) }), messages: aiMessages() });
    expect(mixed.doGenerateCalls).toHaveLength(1);
    expect(r.toolCalls.map((c) => c.toolName).sort()).toEqual(["read_log", "tokenfold_retrieve"]);
  });
});

// ---- LangChain.js ----------------------------------------------------------------------------
/** FakeListChatModel that records the messages each call hands to the provider layer. */
class Recording extends FakeListChatModel {
  received: BaseMessage[][] = [];
  override async _generate(messages: BaseMessage[], options?: this["ParsedCallOptions"], runManager?: Parameters<FakeListChatModel["_generate"]>[2]) {
    this.received.push(messages);
    return super._generate(messages, options, runManager);
  }
  override async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: Parameters<FakeListChatModel["_streamResponseChunks"]>[2]) {
    this.received.push(messages);
    yield* super._streamResponseChunks(messages, options, runManager);
  }
  /** As the provider packages do it (ChatOpenAI, ChatAnthropic): a binding of this model. */
  override bindTools(tools: Parameters<FakeListChatModel["bindTools"]>[0]) {
    return this.withConfig({ tools } as Record<string, unknown>) as ReturnType<FakeListChatModel["bindTools"]>;
  }
}
function lcMessages(content: ToolMessage["content"] = LOG) {
  return [
    new SystemMessage("You are a careful SRE assistant."),
    new HumanMessage("Did anyone log in successfully on web-1?"),
    new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "read_log", args: { path: "/var/log/auth.log" } }] }),
    new ToolMessage({ content, tool_call_id: "call_1", name: "read_log" }),
  ];
}
function checkCompressed(received: BaseMessage[]) {
  const tool = received[3]!;
  expect(ToolMessage.isInstance(tool)).toBe(true);
  expect((tool as ToolMessage).tool_call_id).toBe("call_1");
  expect(typeof tool.content).toBe("string");
  expect((tool.content as string).length).toBeLessThan(LOG.length / 3);
  expect(tool.content).toContain(NEEDLE);
  return tool.content as string;
}

describe("LangChain.js: withTokenfoldLangChain", () => {
  it("invoke: the model receives the compressed ToolMessage; the other messages are the same objects", async () => {
    const store = memoryStore();
    const model = new Recording({ responses: ["yes"] });
    const wrapped = withTokenfoldLangChain(model, { store });
    const input = lcMessages();
    const reply = await wrapped.invoke(input);
    expect(reply.content).toBe("yes");
    expect(model.received).toHaveLength(1);
    const got = model.received[0]!;
    const text = checkCompressed(got);
    expect((await store.get(text.match(REF)![0]))?.original).toBe(LOG);
    for (const i of [0, 1, 2]) expect(got[i]).toBe(input[i]);
    expect(input[3]!.content).toBe(LOG); // the caller's messages are not mutated
    expect(wrapped).toBeInstanceOf(FakeListChatModel);
    expect(withTokenfoldLangChain(wrapped)).toBe(wrapped);
  });

  it("stream, batch and bindTools/withConfig go through the wrapper too", async () => {
    const model = new Recording({ responses: ["yes", "yes", "yes", "yes"] });
    const wrapped = withTokenfoldLangChain(model);
    let streamed = "";
    for await (const chunk of await wrapped.stream(lcMessages())) streamed += chunk.content as string;
    expect(streamed).toBe("yes");
    checkCompressed(model.received.at(-1)!);
    await wrapped.batch([lcMessages()]);
    checkCompressed(model.received.at(-1)!);
    await wrapped.withConfig({ tags: ["t"] }).invoke(lcMessages());
    checkCompressed(model.received.at(-1)!);
    await wrapped.bindTools([{ name: "read_log", description: "read a log", schema: { type: "object", properties: {} } }]).invoke(lcMessages());
    checkCompressed(model.received.at(-1)!);
    expect(model.received).toHaveLength(4);
    // FakeListChatModel's own bindTools builds a new model: that one is wrapped in turn
    const bound = withTokenfoldLangChain(new FakeListChatModel({ responses: ["yes"] })).bindTools([{ name: "read_log", description: "read a log", schema: { type: "object", properties: {} } }]);
    expect(((bound as unknown as { bound: Record<PropertyKey, unknown> }).bound)[Symbol.for("tokenfold.withTokenfold")]).toBe(true);
    expect((await bound.invoke(lcMessages())).content).toBe("yes");
  });

  it("content blocks keep their shape; short, cache_control and unchanged inputs are the same list", async () => {
    const blocks = await compressLangChainMessages(lcMessages([{ type: "text", text: LOG }]));
    const c = blocks[3]!.content as Array<{ type: string; text: string }>;
    expect(c[0]!.type).toBe("text");
    expect(c[0]!.text.length).toBeLessThan(LOG.length / 3);
    expect(c[0]!.text).toContain(NEEDLE);
    const short = lcMessages("ok");
    expect(await compressLangChainMessages(short)).toBe(short);
    const cached = lcMessages([{ type: "text", text: LOG, cache_control: { type: "ephemeral" } }]);
    expect(await compressLangChainMessages(cached)).toBe(cached);
    const a = await compressLangChainMessages(lcMessages());
    const b = await compressLangChainMessages(lcMessages());
    expect(a[3]!.content).toBe(b[3]!.content);
  });

  it("fail-open: the original messages go on when compression throws", async () => {
    const model = new Recording({ responses: ["yes"] });
    const errors: unknown[] = [];
    const input = lcMessages();
    await withTokenfoldLangChain(model, { targetRatio: 7, onError: (e) => errors.push(e) }).invoke(input);
    expect(model.received[0]![3]).toBe(input[3]);
    expect(errors).toHaveLength(1);
  });
});

// ---- Node HTTP middleware --------------------------------------------------------------------
/** A node:http server: optional JSON parser, then tokenfoldHttp, then a handler echoing what it got. */
async function echoServer(parseFirst: boolean) {
  const mw = tokenfoldHttp();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const handle = () => mw(req, res, (err?: unknown) => {
      const r = req as TokenfoldRequest;
      if (err) { res.writeHead(500).end(); return; }
      res.writeHead(200, { "content-type": "application/json", "x-length": String(r.headers["content-length"] ?? "") });
      res.end(JSON.stringify({ body: r.body ?? null, raw: r.tokenfoldBody?.toString("utf8") ?? null }));
    });
    if (!parseFirst) return handle();
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => { try { (req as TokenfoldRequest).body = JSON.parse(raw); } catch { /* left unparsed */ } handle(); });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (path: string, body: string) => {
    const res = await fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { length: res.headers.get("x-length"), ...((await res.json()) as { body: any; raw: string | null }) };
  };
  return { post, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}
const chatBody = () => ({ model: "gpt-x", messages: [
  { role: "user", content: "Did anyone log in successfully on web-1?" },
  { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "read_log", arguments: '{"path":"/var/log/auth.log"}' } }] },
  { role: "tool", tool_call_id: "call_1", content: LOG },
] });
const anthropicBody = () => ({ model: "claude-x", max_tokens: 100, messages: [
  { role: "user", content: "Did anyone log in successfully on web-1?" },
  { role: "assistant", content: [{ type: "tool_use", id: "tu_1", name: "read_log", input: { path: "/var/log/auth.log" } }] },
  { role: "user", content: [{ type: "tool_result", tool_use_id: "tu_1", content: LOG }] },
] });
const geminiBody = () => ({ contents: [
  { role: "user", parts: [{ text: "Did anyone log in successfully on web-1?" }] },
  { role: "model", parts: [{ functionCall: { name: "read_log", args: { path: "/var/log/auth.log" } } }] },
  { role: "user", parts: [{ functionResponse: { name: "read_log", response: { content: LOG } } }] },
] });
const responsesBody = () => ({ model: "gpt-x", input: [
  { role: "user", content: "Did anyone log in successfully on web-1?" },
  { type: "function_call", call_id: "call_1", name: "read_log", arguments: '{"path":"/var/log/auth.log"}' },
  { type: "function_call_output", call_id: "call_1", output: LOG },
] });

describe("HTTP: tokenfoldHttp", () => {
  it("raw requests: the handler gets the compressed body as req.body and req.tokenfoldBody, content-length fixed", async () => {
    const s = await echoServer(false);
    try {
      for (const [path, body] of [["/v1/chat/completions", chatBody()], ["/v1/messages", anthropicBody()], ["/v1/responses", responsesBody()], ["/v1beta/models/gemini-2.5-pro:generateContent?key=x", geminiBody()]] as const) {
        const sent = JSON.stringify(body);
        const r = await s.post(path, sent);
        expect(r.raw, path).not.toBeNull();
        expect(r.raw!.length, path).toBeLessThan(sent.length / 3);
        expect(r.raw, path).toContain(NEEDLE);
        expect(JSON.parse(r.raw!), path).toEqual(r.body);
        expect(Number(r.length), path).toBe(Buffer.byteLength(r.raw!));
      }
    } finally { await s.close(); }
  });

  it("a body parsed before it is replaced by the compressed one", async () => {
    const s = await echoServer(true);
    try {
      const r = await s.post("/v1/chat/completions", JSON.stringify(chatBody()));
      expect(r.raw).toBeNull();
      expect(r.body.messages[2].content.length).toBeLessThan(LOG.length / 3);
      expect(r.body.messages[2].content).toContain(NEEDLE);
      expect(r.body.messages.slice(0, 2)).toEqual(chatBody().messages.slice(0, 2));
    } finally { await s.close(); }
  });

  it("other paths are not read; invalid JSON and bodies in another shape pass through unchanged", async () => {
    const s = await echoServer(false);
    try {
      const other = await s.post("/v1/embeddings", JSON.stringify(chatBody()));
      expect(other.raw).toBeNull();
      expect(other.body).toBeNull();
      const bad = '{"model":"gpt-x","messages":[' + JSON.stringify(LOG);
      const r = await s.post("/v1/chat/completions", bad);
      expect(r.raw).toBe(bad);
      expect(r.body).toBeNull();
      const odd = JSON.stringify({ hello: LOG });
      const o = await s.post("/v1/chat/completions", odd);
      expect(o.raw).toBe(odd);
    } finally { await s.close(); }
  });
});

describe("tokenfold_retrieve as a framework tool", () => {
  it("LangChain: built with tool(), it returns the original; its ToolMessage is never folded again", async () => {
    const store = memoryStore();
    const compressed = await compressLangChainMessages(lcMessages(), { store });
    const ref = (compressed[3]!.content as string).match(REF)![0];
    const retrieveTool = langchainRetrieveTool(lcTool as never, { store }) as { name: string; invoke(args: unknown): Promise<unknown> };
    expect(retrieveTool.name).toBe("tokenfold_retrieve");
    expect(await retrieveTool.invoke({ ref })).toBe(LOG);
    expect(await retrieveTool.invoke({ ref, query: "10.20.30.40" })).toContain(NEEDLE);
    const next = [
      ...compressed,
      new AIMessage({ content: "", tool_calls: [{ id: "call_r", name: "tokenfold_retrieve", args: { ref } }] }),
      new ToolMessage({ content: LOG, tool_call_id: "call_r", name: "tokenfold_retrieve" }),
    ];
    const again = await compressLangChainMessages(next, { store });
    expect(again[5]!.content).toBe(LOG);
  });

  it("Vercel AI SDK: streamText runs it as one of the app's tools", async () => {
    const store = memoryStore();
    const prompt = await compressPrompt(aiMessages(), { store });
    const ref = JSON.stringify(prompt).match(REF)![0];
    const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: convertArrayToReadableStream([
          { type: "tool-call", toolCallId: "r1", toolName: "tokenfold_retrieve", input: JSON.stringify({ ref }) },
          { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
        ]),
      }),
    });
    const r = streamText({ model, messages: aiMessages(), tools: { tokenfold_retrieve: aiRetrieveTool(jsonSchema, { store }) } });
    const results = await r.toolResults;
    expect(results).toHaveLength(1);
    expect(results[0]!.output).toBe(LOG);
  });
});
