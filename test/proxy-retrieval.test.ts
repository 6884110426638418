// The proxy answers the model's tokenfold_retrieve calls itself: the stand-in provider first
// asks for the ref the proxy's compression made, then answers; the client (official SDKs) sees
// one coherent reply, and the provider's second request carries the original.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../src/index.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import {
  anthropicMessage, anthropicStream, chatChunk, chatCompletion, chatTextStream, chatToolCall, chatToolCallStream, geminiReply, sendJson, sendSse, startUpstream,
  type Received, type StandIn,
} from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const REF = /tf_[0-9a-f]{24}/;

let up: StandIn;
let proxy: RunningProxy;

beforeAll(async () => {
  up = await startUpstream();
  proxy = await startProxy({ port: 0, upstreams: { openai: up.url, anthropic: up.url, gemini: up.url }, store: memoryStore(), stats: false });
});
afterAll(async () => {
  await proxy.close();
  await up.close();
});
beforeEach(() => {
  up.received.length = 0;
});

const openai = () => new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
const claude = () => new Anthropic({ baseURL: proxy.url, apiKey: "sk-ant-test", maxRetries: 0 });

function chatRequest() {
  return {
    model: "gpt-standin",
    messages: [
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
/** The ref the proxy put into the first request the provider saw. */
const refIn = (r: Received) => REF.exec(r.body)![0];

describe("retrieval loop, not streamed", () => {
  it("OpenAI chat: answers the call, continues upstream, the client gets only the final answer", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, chatCompletion({ tool_calls: [chatToolCall("call_r", "tokenfold_retrieve", { ref: refIn(r) })] }, "tool_calls"));
      else sendJson(res, 200, chatCompletion({ content: "deploy from 10.20.30.40" }));
    };
    const reply = await openai().chat.completions.create(chatRequest());
    expect(reply.choices[0]!.message.content).toBe("deploy from 10.20.30.40");
    expect(reply.choices[0]!.message.tool_calls ?? []).toEqual([]);
    expect(up.received).toHaveLength(2);
    const second = up.received[1]!.json.messages as any[];
    expect(second.at(-2)).toMatchObject({ role: "assistant", tool_calls: [{ id: "call_r", function: { name: "tokenfold_retrieve" } }] });
    expect(second.at(-1)).toEqual({ role: "tool", tool_call_id: "call_r", content: LOG });
    expect(up.received[1]!.headers.authorization).toBe("Bearer sk-test");
  });

  it("OpenAI chat: a reply mixing retrieval with another tool call goes to the client unchanged", async () => {
    up.handler = (r, res) => sendJson(res, 200, chatCompletion({ tool_calls: [chatToolCall("c1", "tokenfold_retrieve", { ref: refIn(r) }), chatToolCall("c2", "read_log", { path: "/x" })] }, "tool_calls"));
    const reply = await openai().chat.completions.create(chatRequest());
    expect(reply.choices[0]!.message.tool_calls!.map((c: any) => c.function.name)).toEqual(["tokenfold_retrieve", "read_log"]);
    expect(up.received).toHaveLength(1);
  });

  it("stops after retrievalRounds and hands the last reply over", async () => {
    up.handler = (r, res) => sendJson(res, 200, chatCompletion({ tool_calls: [chatToolCall(`c${up.received.length}`, "tokenfold_retrieve", { ref: refIn(up.received[0]!) })] }, "tool_calls"));
    const reply = await openai().chat.completions.create(chatRequest());
    expect(up.received).toHaveLength(4); // the first call + 3 rounds (the default)
    expect(reply.choices[0]!.message.tool_calls![0]!.function.name).toBe("tokenfold_retrieve");
  });

  it("Anthropic: tool_use of tokenfold_retrieve answered with a tool_result of the original", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, anthropicMessage([{ type: "text", text: "Let me look." }, { type: "tool_use", id: "tu_r", name: "tokenfold_retrieve", input: { ref: refIn(r) } }], "tool_use"));
      else sendJson(res, 200, anthropicMessage([{ type: "text", text: "deploy from 10.20.30.40" }]));
    };
    const reply = await claude().messages.create(anthropicRequest());
    expect(reply.content).toEqual([{ type: "text", text: "deploy from 10.20.30.40" }]);
    const second = up.received[1]!.json.messages as any[];
    expect(second.at(-2).content[1]).toMatchObject({ type: "tool_use", id: "tu_r", name: "tokenfold_retrieve" });
    expect(second.at(-1)).toEqual({ role: "user", content: [{ type: "tool_result", tool_use_id: "tu_r", content: LOG }] });
  });

  it("OpenAI Responses: function_call answered with a function_call_output", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, { id: "resp_1", object: "response", status: "completed", model: "gpt-standin", output: [{ type: "function_call", id: "fc_1", call_id: "call_r", name: "tokenfold_retrieve", arguments: JSON.stringify({ ref: refIn(r) }), status: "completed" }] });
      else sendJson(res, 200, { id: "resp_2", object: "response", status: "completed", model: "gpt-standin", output: [{ type: "message", id: "m1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "found it", annotations: [] }] }] });
    };
    const reply = await openai().responses.create({
      model: "gpt-standin",
      input: [
        { role: "user", content: "Did anyone log in successfully on web-1?" },
        { type: "function_call", call_id: "call_1", name: "read_log", arguments: "{}" },
        { type: "function_call_output", call_id: "call_1", output: LOG },
      ],
      tools: [{ type: "function", name: "read_log", parameters: { type: "object", properties: {} }, strict: false }],
    });
    expect(reply.output_text).toBe("found it");
    expect(up.received[1]!.json.input.at(-1)).toEqual({ type: "function_call_output", call_id: "call_r", output: LOG });
  });

  it("Gemini: functionCall answered with a functionResponse (fetch; no Gemini SDK here)", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, geminiReply([{ functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(r) } } }]));
      else sendJson(res, 200, geminiReply([{ text: "found it" }]));
    };
    const body = {
      contents: [
        { role: "user", parts: [{ text: "Did anyone log in successfully on web-1?" }] },
        { role: "model", parts: [{ functionCall: { name: "read_log", args: { path: "/var/log/auth.log" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "read_log", response: { content: LOG } } }] },
      ],
      tools: [{ functionDeclarations: [{ name: "read_log", parameters: { type: "object", properties: {} } }] }],
    };
    const res = await fetch(`${proxy.url}/v1beta/models/gemini-standin:generateContent`, { method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": "g-key" }, body: JSON.stringify(body) });
    expect((await res.json()).candidates[0].content.parts[0].text).toBe("found it");
    expect(up.received[1]!.json.contents.at(-1)).toEqual({ role: "user", parts: [{ functionResponse: { name: "tokenfold_retrieve", response: { content: LOG } } }] });
    expect(up.received[1]!.headers["x-goog-api-key"]).toBe("g-key");
  });
});

describe("retrieval loop, streamed", () => {
  function chatRound1(r: Received) {
    return [chatChunk({ role: "assistant", content: "" }), chatChunk({ content: "Let me check. " }), ...chatToolCallStream([{ id: "call_r", name: "tokenfold_retrieve", args: { ref: refIn(r) } }]).slice(1)];
  }

  it("OpenAI chat: one stream, one id, one [DONE], text of both rounds, no retrieval call", async () => {
    up.handler = (r, res) => sendSse(res, up.received.length === 1 ? chatRound1(r) : chatTextStream(["Found ", "it."], "chatcmpl-second"));
    const stream = await openai().chat.completions.create({ ...chatRequest(), stream: true });
    const ids = new Set<string>();
    let text = "";
    const finishes: string[] = [];
    for await (const chunk of stream) {
      ids.add(chunk.id);
      const c = chunk.choices[0];
      expect(c?.delta?.tool_calls).toBeUndefined();
      text += c?.delta?.content ?? "";
      if (c?.finish_reason) finishes.push(c.finish_reason);
    }
    expect(text).toBe("Let me check. Found it.");
    expect([...ids]).toEqual(["chatcmpl-standin"]);
    expect(finishes).toEqual(["stop"]);
    expect(up.received).toHaveLength(2);
    const second = up.received[1]!.json.messages as any[];
    expect(second.at(-2)).toMatchObject({ role: "assistant", content: "Let me check. ", tool_calls: [{ id: "call_r", function: { name: "tokenfold_retrieve" } }] });
    expect(second.at(-1)).toEqual({ role: "tool", tool_call_id: "call_r", content: LOG });
    expect(up.received[1]!.json.stream).toBe(true);
  });

  it("OpenAI chat: the raw stream has exactly one [DONE] and one role chunk", async () => {
    up.handler = (r, res) => sendSse(res, up.received.length === 1 ? chatRound1(r) : chatTextStream(["Found it."], "chatcmpl-second"));
    const res = await fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk" }, body: JSON.stringify({ ...chatRequest(), stream: true }) });
    const raw = await res.text();
    expect(raw.match(/\[DONE\]/g)).toHaveLength(1);
    expect(raw.match(/"role":"assistant"/g)).toHaveLength(1);
    expect(raw).not.toContain("tokenfold_retrieve");
  });

  it("OpenAI chat: a streamed reply mixing retrieval with another tool call reaches the client whole", async () => {
    up.handler = (r, res) => sendSse(res, chatToolCallStream([{ id: "c1", name: "tokenfold_retrieve", args: { ref: refIn(r) } }, { id: "c2", name: "read_log", args: { path: "/x" } }]));
    const stream = openai().chat.completions.stream({ ...chatRequest(), stream: true });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.message.tool_calls!.map((c) => c.function.name)).toEqual(["tokenfold_retrieve", "read_log"]);
    expect(JSON.parse(final.choices[0]!.message.tool_calls![0]!.function.arguments)).toEqual({ ref: refIn(up.received[0]!) });
    expect(up.received).toHaveLength(1);
  });

  it("Anthropic: one message_start, one message_stop, block indices continue, usage summed", async () => {
    up.handler = (r, res) =>
      sendSse(res, up.received.length === 1
        ? anthropicStream([{ text: "Checking." }, { id: "tu_r", name: "tokenfold_retrieve", input: { ref: refIn(r) } }])
        : anthropicStream([{ text: "Found it." }], "msg_second"));
    const stream = claude().messages.stream(anthropicRequest());
    const events: string[] = [];
    stream.on("streamEvent", (e) => events.push(e.type === "content_block_start" ? `start:${e.index}` : e.type));
    const final = await stream.finalMessage();
    expect(final.id).toBe("msg_standin");
    expect(final.content.map((b) => (b.type === "text" ? b.text : b.type))).toEqual(["Checking.", "Found it."]);
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage.output_tokens).toBe(14);
    expect(final.usage.input_tokens).toBe(20); // both rounds' prompts are billed
    expect(events.filter((e) => e === "message_start")).toHaveLength(1);
    expect(events.filter((e) => e === "message_stop")).toHaveLength(1);
    expect(events.filter((e) => e.startsWith("start:"))).toEqual(["start:0", "start:1"]);
    const second = up.received[1]!.json.messages as any[];
    expect(second.at(-2)).toEqual({ role: "assistant", content: [{ type: "text", text: "Checking." }, { type: "tool_use", id: "tu_r", name: "tokenfold_retrieve", input: { ref: refIn(up.received[0]!) } }] });
    expect(second.at(-1)).toEqual({ role: "user", content: [{ type: "tool_result", tool_use_id: "tu_r", content: LOG }] });
  });

  it("Anthropic: a stream mixing retrieval with another tool_use reaches the client whole", async () => {
    up.handler = (r, res) => sendSse(res, anthropicStream([{ id: "tu_r", name: "tokenfold_retrieve", input: { ref: refIn(r) } }, { id: "tu_2", name: "read_log", input: { path: "/x" } }]));
    const final = await claude().messages.stream(anthropicRequest()).finalMessage();
    expect(final.content.map((b) => (b.type === "tool_use" ? b.name : b.type))).toEqual(["tokenfold_retrieve", "read_log"]);
    expect(final.content[0]).toMatchObject({ input: { ref: refIn(up.received[0]!) } });
    expect(up.received).toHaveLength(1);
  });

  it("a failing follow-up hands the client the retrieval call itself, as one coherent stream", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendSse(res, chatRound1(r));
      else sendJson(res, 500, { error: { message: "boom" } });
    };
    const final = await openai().chat.completions.stream({ ...chatRequest(), stream: true }).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe("Let me check. ");
    expect(final.choices[0]!.message.tool_calls![0]!.function.name).toBe("tokenfold_retrieve");
  });
});
