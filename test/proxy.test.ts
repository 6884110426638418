// The proxy with the official OpenAI and Anthropic SDKs pointed at it and a stand-in provider
// behind it (test/helpers/upstream.ts): what the provider receives, what the client sees, and
// that streams are relayed while they are still being written.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore, type Store } from "../src/index.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import { anthropicMessage, anthropicStream, chatCompletion, chatTextStream, chatToolCall, sendJson, sendSse, startSse, startUpstream, writeSse, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const REF = /tf_[0-9a-f]{24}/;

let up: StandIn;
let proxy: RunningProxy;
let store: Store;

beforeAll(async () => {
  up = await startUpstream();
  store = memoryStore();
  proxy = await startProxy({ port: 0, upstreams: { openai: up.url, anthropic: up.url, gemini: up.url }, store, stats: false });
});
afterAll(async () => {
  await proxy.close();
  await up.close();
});
beforeEach(() => {
  up.received.length = 0;
});

function openai() {
  return new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: "sk-test-openai", maxRetries: 0 });
}
function claude() {
  return new Anthropic({ baseURL: proxy.url, apiKey: "sk-ant-test", maxRetries: 0 });
}
function chatRequest() {
  return {
    model: "gpt-standin",
    messages: [
      { role: "system" as const, content: "You are a careful SRE assistant." },
      { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
      { role: "assistant" as const, content: null, tool_calls: [chatToolCall("call_1", "read_log", { path: "/var/log/auth.log" }) as any] },
      { role: "tool" as const, tool_call_id: "call_1", content: LOG },
    ],
    tools: [{ type: "function" as const, function: { name: "read_log", parameters: { type: "object", properties: {} } } }],
  };
}
function anthropicRequest() {
  return {
    model: "claude-standin",
    max_tokens: 256,
    messages: [
      { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
      { role: "assistant" as const, content: [{ type: "tool_use" as const, id: "tu_1", name: "read_log", input: { path: "/var/log/auth.log" } }] },
      { role: "user" as const, content: [{ type: "tool_result" as const, tool_use_id: "tu_1", content: LOG }] },
    ],
    tools: [{ name: "read_log", input_schema: { type: "object" as const, properties: {} } }],
  };
}

describe("proxy: OpenAI chat", () => {
  it("compresses the tool output, forwards auth, and returns the provider's reply", async () => {
    up.handler = (_r, res) => sendJson(res, 200, chatCompletion({ content: "Yes: deploy from 10.20.30.40." }));
    const reply = await openai().chat.completions.create(chatRequest());
    expect(reply.choices[0]!.message.content).toBe("Yes: deploy from 10.20.30.40.");
    expect(up.received).toHaveLength(1);
    const got = up.received[0]!;
    expect(got.url).toBe("/v1/chat/completions");
    expect(got.headers.authorization).toBe("Bearer sk-test-openai");
    const tool = got.json.messages[3].content as string;
    expect(tool.length).toBeLessThan(LOG.length / 2);
    expect(tool).toMatch(REF);
    expect(Number(got.headers["content-length"])).toBe(Buffer.byteLength(got.body));
    expect(got.json.tools.map((t: any) => t.function.name)).toContain("tokenfold_retrieve");
    const ref = REF.exec(tool)![0];
    expect((await store.get(ref))?.original).toBe(LOG);
  });

  it("relays stream chunks while the provider is still writing", async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const events = chatTextStream(["first ", "second ", "third"]);
    up.handler = async (_r, res) => {
      startSse(res);
      writeSse(res, events.slice(0, 2));
      await gate; // only the client seeing the first piece opens this
      writeSse(res, events.slice(2));
      res.end();
    };
    const stream = await openai().chat.completions.create({ ...chatRequest(), stream: true });
    let text = "";
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta?.content ?? "";
      if (piece === "first ") release();
      text += piece;
    }
    expect(text).toBe("first second third");
    expect(up.received[0]!.json.stream).toBe(true);
    expect(up.received[0]!.json.messages[3].content).toMatch(REF);
  });

  it("passes tool calls in the reply through to the client unchanged", async () => {
    const call = chatToolCall("call_9", "read_log", { path: "/var/log/syslog" });
    up.handler = (_r, res) => sendJson(res, 200, chatCompletion({ tool_calls: [call] }, "tool_calls"));
    const reply = await openai().chat.completions.create(chatRequest());
    expect(reply.choices[0]!.message.tool_calls).toEqual([call]);
    expect(up.received).toHaveLength(1);
  });
});

describe("proxy: Anthropic messages", () => {
  it("compresses tool_result text and forwards the SDK's auth and version headers", async () => {
    up.handler = (_r, res) => sendJson(res, 200, anthropicMessage([{ type: "text", text: "Yes." }]));
    const reply = await claude().messages.create(anthropicRequest());
    expect(reply.content).toEqual([{ type: "text", text: "Yes." }]);
    const got = up.received[0]!;
    expect(got.url).toBe("/v1/messages");
    expect(got.headers.authorization ?? got.headers["x-api-key"]).toContain("sk-ant-test");
    expect(got.headers["anthropic-version"]).toBeTruthy();
    const result = got.json.messages[2].content[0].content as string;
    expect(result).toMatch(REF);
    expect(result.length).toBeLessThan(LOG.length / 2);
  });

  it("streams through messages.stream() with the text intact", async () => {
    up.handler = (_r, res) => sendSse(res, anthropicStream([{ text: "Deploy logged in from 10.20.30.40." }]));
    const final = await claude().messages.stream(anthropicRequest()).finalMessage();
    expect(final.content).toHaveLength(1);
    expect(final.content[0]).toMatchObject({ type: "text", text: "Deploy logged in from 10.20.30.40." });
    expect(up.received[0]!.json.stream).toBe(true);
  });
});

describe("proxy: pass-through", () => {
  it("forwards other paths, methods and query strings untouched, with status and headers", async () => {
    up.handler = (r, res) => sendJson(res, 200, { object: "list", data: [{ id: "gpt-standin" }], echo: r.url }, { "x-request-id": "req_123" });
    const res = await fetch(`${proxy.url}/v1/models?limit=5`, { headers: { authorization: "Bearer sk-x", "x-custom": "kept" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req_123");
    expect(await res.json()).toMatchObject({ echo: "/v1/models?limit=5" });
    expect(up.received[0]!.headers["x-custom"]).toBe("kept");
    expect(up.received[0]!.headers.authorization).toBe("Bearer sk-x");
  });

  it("forwards a POST body of another endpoint byte for byte", async () => {
    up.handler = (r, res) => sendJson(res, 200, { got: r.body.length });
    const body = JSON.stringify({ model: "text-embedding-3-small", input: LOG.slice(0, 5000) });
    const res = await fetch(`${proxy.url}/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-x" }, body });
    expect(res.status).toBe(200);
    expect(up.received[0]!.body).toBe(body);
  });
});
