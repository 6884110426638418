// withTokenfold(new OpenAI()) and withTokenfold(new Anthropic()): the real SDKs against a local
// stand-in upstream (node:http on 127.0.0.1) that records the bodies it receives and answers in
// each API's own JSON and SSE shapes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore, type Store } from "../src/index.js";
import { withTokenfold } from "../src/surfaces/adapters/index.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const NEEDLE = "Accepted publickey for deploy from 10.20.30.40";
const REF = /tf_[0-9a-f]{24}/;

type Received = { path: string; auth: string | undefined; body: Record<string, any>; raw: string };
type Reply = { json: unknown } | { sse: Array<{ event?: string; data: unknown }> };
let server: Server;
let base = "";
let received: Received[] = [];
let reply: (r: Received) => Reply = () => ({ json: {} });

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      const r: Received = { path: req.url ?? "", auth: req.headers.authorization, body: JSON.parse(raw || "{}"), raw };
      received.push(r);
      const out = reply(r);
      if ("json" in out) {
        res.writeHead(200, { "content-type": "application/json", "request-id": "req_test" });
        res.end(JSON.stringify(out.json));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (const e of out.sse) res.write(`${e.event ? `event: ${e.event}\n` : ""}data: ${typeof e.data === "string" ? e.data : JSON.stringify(e.data)}\n\n`);
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  received = [];
});

// ---- OpenAI shapes ---------------------------------------------------------------------------
function oaCompletion(message: Record<string, unknown>, finish = "stop") {
  return {
    id: "chatcmpl-test", object: "chat.completion", created: 1_700_000_000, model: "gpt-x",
    choices: [{ index: 0, message: { role: "assistant", content: null, refusal: null, ...message }, logprobs: null, finish_reason: finish }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}
function oaCall(id: string, name: string, args: unknown) {
  return { id, type: "function", function: { name, arguments: JSON.stringify(args) } };
}
function oaStream(pieces: string[]): Reply {
  const chunk = (delta: unknown, finish: string | null = null) => ({ data: { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1_700_000_000, model: "gpt-x", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] } });
  return { sse: [chunk({ role: "assistant", content: "" }), ...pieces.map((p) => chunk({ content: p })), chunk({}, "stop"), { data: "[DONE]" }] };
}
function oaRequest() {
  return {
    model: "gpt-x",
    messages: [
      { role: "system" as const, content: "You are a careful SRE assistant." },
      { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
      { role: "assistant" as const, content: null, tool_calls: [{ id: "call_1", type: "function" as const, function: { name: "read_log", arguments: '{"path":"/var/log/auth.log"}' } }] },
      { role: "tool" as const, tool_call_id: "call_1", content: LOG },
    ],
    tools: [{ type: "function" as const, function: { name: "read_log", parameters: { type: "object", properties: {} } } }],
  };
}

// ---- Anthropic shapes ------------------------------------------------------------------------
function anMessage(content: unknown[], stop = "end_turn") {
  return { id: "msg_test", type: "message", role: "assistant", model: "claude-x", content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } };
}
function anStream(pieces: string[]): Reply {
  const ev = (event: string, data: Record<string, unknown>) => ({ event, data: { type: event, ...data } });
  return {
    sse: [
      ev("message_start", { message: { ...anMessage([]), stop_reason: null, usage: { input_tokens: 10, output_tokens: 0 } } }),
      ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
      ...pieces.map((p) => ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: p } })),
      ev("content_block_stop", { index: 0 }),
      ev("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 5 } }),
      ev("message_stop", {}),
    ],
  };
}
function anRequest() {
  return {
    model: "claude-x",
    max_tokens: 1024,
    system: "You are a careful SRE assistant.",
    messages: [
      { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
      { role: "assistant" as const, content: [{ type: "tool_use" as const, id: "toolu_1", name: "read_log", input: { path: "/var/log/auth.log" } }] },
      { role: "user" as const, content: [{ type: "tool_result" as const, tool_use_id: "toolu_1", content: LOG }] },
    ],
    tools: [{ name: "read_log", input_schema: { type: "object" as const, properties: {} } }],
  };
}

/** A store that cannot save: compressing anything lossy throws. */
const brokenStore = (): Store => ({ name: "broken", put: async () => { throw new Error("disk full"); }, get: async () => undefined });

const openai = (store: Store, options: Parameters<typeof withTokenfold>[1] = {}) =>
  withTokenfold(new OpenAI({ baseURL: base + "/v1", apiKey: "test", maxRetries: 0 }), { store, ...options });
const anthropic = (store: Store, options: Parameters<typeof withTokenfold>[1] = {}) =>
  withTokenfold(new Anthropic({ baseURL: base, apiKey: "test", maxRetries: 0 }), { store, ...options });

/** The compressed upstream body: much smaller, still has the answer, declares the retrieval tool. */
function expectCompressed(r: Received, original: unknown, toolNames: (body: Record<string, any>) => string[]) {
  expect(r.raw.length).toBeLessThan(JSON.stringify(original).length / 4);
  expect(r.raw).toContain(NEEDLE);
  expect(r.raw).toMatch(REF);
  expect(toolNames(r.body)).toContain("tokenfold_retrieve");
}
const oaTools = (b: Record<string, any>) => (b.tools ?? []).map((t: any) => t.function.name);
const anTools = (b: Record<string, any>) => (b.tools ?? []).map((t: any) => t.name);

describe("withTokenfold(new OpenAI())", () => {
  it("create: the upstream gets the compressed tool output; the rest of the client passes through", async () => {
    reply = () => ({ json: oaCompletion({ content: "Yes: deploy from 10.20.30.40." }) });
    const client = openai(memoryStore());
    expect(client).toBeInstanceOf(OpenAI);
    expect(client.baseURL).toBe(base + "/v1");
    expect(typeof client.models.list).toBe("function");
    const req = oaRequest();
    const before = JSON.stringify(req);
    const res = await client.chat.completions.create(req);
    expect(res.choices[0]!.message.content).toBe("Yes: deploy from 10.20.30.40.");
    expect(JSON.stringify(req)).toBe(before); // the caller's body is not mutated
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/v1/chat/completions");
    expect(received[0]!.auth).toBe("Bearer test");
    expectCompressed(received[0]!, req, oaTools);
    expect(received[0]!.body.messages.slice(0, 3)).toEqual(req.messages.slice(0, 3));
    // the SDK's APIPromise helpers still work through the wrapper
    const { data, response } = await client.chat.completions.create(oaRequest()).withResponse();
    expect(data.id).toBe("chatcmpl-test");
    expect(response.headers.get("request-id")).toBe("req_test");
  });

  it("stream: chunks arrive as sent, and the upstream got the compressed body", async () => {
    reply = () => oaStream(["Yes, ", "deploy ", "logged in."]);
    const stream = await openai(memoryStore()).chat.completions.create({ ...oaRequest(), stream: true });
    let text = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    expect(chunks).toBe(5);
    expect(text).toBe("Yes, deploy logged in.");
    expect(received[0]!.body.stream).toBe(true);
    expectCompressed(received[0]!, oaRequest(), oaTools);
  });

  it("answerRetrievals: answers a tokenfold_retrieve call from the store and returns the final reply", async () => {
    reply = (r) => {
      const last = r.body.messages.at(-1);
      if (last.role === "tool" && last.tool_call_id === "call_r1") return { json: oaCompletion({ content: "Final: deploy logged in from 10.20.30.40." }) };
      return { json: oaCompletion({ tool_calls: [oaCall("call_r1", "tokenfold_retrieve", { ref: REF.exec(r.raw)![0] })] }, "tool_calls") };
    };
    const res = await openai(memoryStore(), { answerRetrievals: true }).chat.completions.create(oaRequest());
    expect(res.choices[0]!.message.content).toBe("Final: deploy logged in from 10.20.30.40.");
    expect(received).toHaveLength(2);
    const [first, second] = [received[0]!.body, received[1]!.body];
    // the follow-up re-sends the first request's bytes (cache-friendly) plus the two new messages
    expect(second.messages.slice(0, first.messages.length)).toEqual(first.messages);
    expect(second.messages).toHaveLength(first.messages.length + 2);
    expect(second.messages.at(-2)).toMatchObject({ role: "assistant", tool_calls: [{ id: "call_r1", function: { name: "tokenfold_retrieve" } }] });
    expect(second.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "call_r1", content: LOG });
    expect(second.tools).toEqual(first.tools);
  });

  it("answerRetrievals stops after maxRounds and is off by default", async () => {
    reply = (r) => ({ json: oaCompletion({ tool_calls: [oaCall(`call_${received.length}`, "tokenfold_retrieve", { ref: REF.exec(r.raw)![0] })] }, "tool_calls") });
    const a = await openai(memoryStore(), { answerRetrievals: { maxRounds: 2 } }).chat.completions.create(oaRequest());
    expect(received).toHaveLength(3);
    expect(a.choices[0]!.message.tool_calls![0]!.id).toBe("call_3");
    received = [];
    const b = await openai(memoryStore()).chat.completions.create(oaRequest());
    expect(received).toHaveLength(1);
    expect(b.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("a reply mixing tokenfold_retrieve with another tool call is returned unchanged", async () => {
    const mixed = oaCompletion({ tool_calls: [oaCall("call_r1", "tokenfold_retrieve", { ref: "tf_000000000000000000000000" }), oaCall("call_x", "read_log", { path: "/var/log/syslog" })] }, "tool_calls");
    reply = () => ({ json: mixed });
    const res = await openai(memoryStore(), { answerRetrievals: true }).chat.completions.create(oaRequest());
    expect(received).toHaveLength(1);
    expect(res).toEqual(mixed);
  });

  it("fail-open: an unrecognised body, or a compression that throws, is sent unchanged", async () => {
    reply = () => ({ json: oaCompletion({ content: "ok" }) });
    const odd = { model: "gpt-x", prompt: LOG, messages: "not a list" };
    await openai(memoryStore()).chat.completions.create(odd as never);
    expect(received[0]!.body).toEqual(odd);
    const errors: unknown[] = [];
    const req = oaRequest();
    await openai(brokenStore(), { onError: (e) => errors.push(e) }).chat.completions.create(req);
    expect(received[1]!.body).toEqual(req);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/disk full/);
  });
});

describe("withTokenfold(new Anthropic())", () => {
  it("create: the upstream gets the compressed tool_result; the rest of the client passes through", async () => {
    reply = () => ({ json: anMessage([{ type: "text", text: "Yes: deploy from 10.20.30.40." }]) });
    const client = anthropic(memoryStore());
    expect(client).toBeInstanceOf(Anthropic);
    expect(client.baseURL).toBe(base);
    const req = anRequest();
    const before = JSON.stringify(req);
    const res = await client.messages.create(req);
    expect(res.content).toEqual([{ type: "text", text: "Yes: deploy from 10.20.30.40." }]);
    expect(JSON.stringify(req)).toBe(before);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/v1/messages");
    expect(received[0]!.auth).toBe("Bearer test");
    expectCompressed(received[0]!, req, anTools);
    expect(received[0]!.body.system).toBe(req.system);
    expect(received[0]!.body.messages.slice(0, 2)).toEqual(req.messages.slice(0, 2));
  });

  it("stream: create({ stream: true }) and messages.stream() deliver the text, and the upstream got the compressed body", async () => {
    reply = () => anStream(["Yes, ", "deploy ", "logged in."]);
    const client = anthropic(memoryStore());
    const events = await client.messages.create({ ...anRequest(), stream: true });
    let text = "";
    const types: string[] = [];
    for await (const e of events) {
      types.push(e.type);
      if (e.type === "content_block_delta" && e.delta.type === "text_delta") text += e.delta.text;
    }
    expect(types).toEqual(["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
    expect(text).toBe("Yes, deploy logged in.");
    expect(received[0]!.body.stream).toBe(true);
    expectCompressed(received[0]!, anRequest(), anTools);

    const ms = client.messages.stream(anRequest());
    let streamed = "";
    ms.on("text", (t) => (streamed += t));
    const final = await ms.finalMessage();
    expect(streamed).toBe("Yes, deploy logged in.");
    expect(final.content).toEqual([expect.objectContaining({ type: "text", text: "Yes, deploy logged in." })]);
    expect(received).toHaveLength(2);
    expect(received[1]!.body.stream).toBe(true);
    expectCompressed(received[1]!, anRequest(), anTools);
  });

  it("answerRetrievals: answers a tokenfold_retrieve tool_use from the store and returns the final reply", async () => {
    reply = (r) => {
      const last = r.body.messages.at(-1);
      if (Array.isArray(last.content) && last.content.some((b: any) => b.type === "tool_result" && b.tool_use_id === "toolu_r1")) return { json: anMessage([{ type: "text", text: "Final: deploy logged in." }]) };
      return { json: anMessage([{ type: "text", text: "Let me look." }, { type: "tool_use", id: "toolu_r1", name: "tokenfold_retrieve", input: { ref: REF.exec(r.raw)![0] } }], "tool_use") };
    };
    const res = await anthropic(memoryStore(), { answerRetrievals: true }).messages.create(anRequest());
    expect(res.content).toEqual([{ type: "text", text: "Final: deploy logged in." }]);
    expect(received).toHaveLength(2);
    const [first, second] = [received[0]!.body, received[1]!.body];
    expect(second.messages.slice(0, first.messages.length)).toEqual(first.messages);
    expect(second.messages).toHaveLength(first.messages.length + 2);
    expect(second.messages.at(-2)).toEqual({ role: "assistant", content: [{ type: "text", text: "Let me look." }, { type: "tool_use", id: "toolu_r1", name: "tokenfold_retrieve", input: { ref: REF.exec(received[0]!.raw)![0] } }] });
    expect(second.messages.at(-1)).toEqual({ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_r1", content: LOG }] });
    expect(second.tools).toEqual(first.tools);
  });

  it("a reply mixing tokenfold_retrieve with another tool_use is returned unchanged", async () => {
    const mixed = anMessage([
      { type: "tool_use", id: "toolu_r1", name: "tokenfold_retrieve", input: { ref: "tf_000000000000000000000000" } },
      { type: "tool_use", id: "toolu_x", name: "read_log", input: { path: "/var/log/syslog" } },
    ], "tool_use");
    reply = () => ({ json: mixed });
    const res = await anthropic(memoryStore(), { answerRetrievals: true }).messages.create(anRequest());
    expect(received).toHaveLength(1);
    expect(res).toEqual(mixed);
  });

  it("fail-open: an unrecognised body, or a compression that throws, is sent unchanged", async () => {
    reply = () => ({ json: anMessage([{ type: "text", text: "ok" }]) });
    const odd = { model: "claude-x", max_tokens: 10, prompt: LOG };
    await anthropic(memoryStore()).messages.create(odd as never);
    expect(received[0]!.body).toEqual(odd);
    const errors: unknown[] = [];
    const req = anRequest();
    await anthropic(brokenStore(), { onError: (e) => errors.push(e) }).messages.create(req);
    expect(received[1]!.body).toEqual(req);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/disk full/);
  });
});

describe("withTokenfold dispatch", () => {
  it("duck-types the client, refuses other objects, and does not wrap twice", async () => {
    const sent: unknown[] = [];
    const fake = { chat: { completions: { create: async (b: unknown) => (sent.push(b), { ok: true }) } }, other: 1 };
    const w = withTokenfold(fake, { store: memoryStore() });
    expect(w.other).toBe(1);
    expect(await w.chat.completions.create(oaRequest() as never)).toEqual({ ok: true });
    expect(JSON.stringify(sent[0]).length).toBeLessThan(JSON.stringify(oaRequest()).length / 4);
    expect(withTokenfold(w)).toBe(w);
    expect(() => withTokenfold({ foo: 1 })).toThrow(/not an OpenAI, Anthropic or Google Gen AI client/);
  });
});
