// The streamed retrieval loop for OpenAI Responses and Gemini, and usage summed over the rounds
// of every loop: official clients (openai, @anthropic-ai/sdk, @google/genai) → proxy → a stand-in
// provider that first calls tokenfold_retrieve with the ref the proxy's compression made, then
// answers. Plus unit tests of the usage arithmetic (src/surfaces/proxy/usage.ts).
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../src/index.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import { addUsage, replyUsage, withEarlierUsage } from "../src/surfaces/proxy/usage.js";
import { anthropicMessage, chatCompletion, chatToolCall, geminiReply, sendJson, sendSse, startUpstream, type Received, type StandIn } from "./helpers/upstream.js";
import { geminiStream, geminiUsage, responsesStream, responsesUsage } from "./helpers/upstream-streams.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const NEEDLE = "Accepted publickey for deploy from 10.20.30.40";
const REF = /tf_[0-9a-f]{24}/;

let up: StandIn;
let proxy: RunningProxy;
const logs: string[] = [];

beforeAll(async () => {
  up = await startUpstream();
  proxy = await startProxy({ port: 0, upstreams: { openai: up.url, anthropic: up.url, gemini: up.url }, store: memoryStore(), stats: false, log: (l: string) => logs.push(l) });
});
afterAll(async () => {
  await proxy.close();
  await up.close();
});
beforeEach(() => {
  up.received.length = 0;
  logs.length = 0;
});

const openai = () => new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
const claude = () => new Anthropic({ baseURL: proxy.url, apiKey: "sk-ant-test", maxRetries: 0 });
const genai = () => new GoogleGenAI({ apiKey: "g-key", httpOptions: { baseUrl: proxy.url } });
/** The ref the proxy put into the first request the provider saw. */
const refIn = (r: Received) => REF.exec(r.body)![0];
const QUESTION = "Did anyone log in successfully on web-1?";

function responsesRequest() {
  return {
    model: "gpt-standin",
    input: [
      { role: "user" as const, content: QUESTION },
      { type: "function_call" as const, call_id: "call_1", name: "read_log", arguments: "{}" },
      { type: "function_call_output" as const, call_id: "call_1", output: LOG },
    ],
    tools: [{ type: "function" as const, name: "read_log", parameters: { type: "object", properties: {} }, strict: false }],
  };
}
function geminiParams() {
  return {
    model: "gemini-standin",
    contents: [
      { role: "user", parts: [{ text: QUESTION }] },
      { role: "model", parts: [{ functionCall: { name: "read_log", args: { path: "/var/log/auth.log" } } }] },
      { role: "user", parts: [{ functionResponse: { name: "read_log", response: { content: LOG } } }] },
    ],
    config: { tools: [{ functionDeclarations: [{ name: "read_log", parameters: { type: "object" as any, properties: {} } }] }] },
  };
}
const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe("OpenAI Responses, streamed retrieval loop", () => {
  const round1 = (r: Received) => responsesStream([{ text: "Let me check." }, { callId: "call_r", name: "tokenfold_retrieve", args: { ref: refIn(r) } }], { id: "resp_1", usage: responsesUsage(100, 10, 30) });
  const round2 = () => responsesStream([{ text: "Found it: deploy from 10.20.30.40." }], { id: "resp_2", usage: responsesUsage(300, 20, 80) });

  it("responses.stream → finalResponse: one response, first id, both rounds' text, usage summed, no retrieval call", async () => {
    up.handler = (r, res) => sendSse(res, up.received.length === 1 ? round1(r) : round2());
    const stream = openai().responses.stream(responsesRequest());
    const events: any[] = [];
    stream.on("event", (e) => events.push(e));
    const final = await stream.finalResponse();

    // the last round's id: chaining with previous_response_id continues after the answered retrieval
    expect(final.id).toBe("resp_2");
    expect(final.output.map((o: any) => `${o.type}:${o.content?.[0]?.text ?? o.name}`)).toEqual(["message:Let me check.", "message:Found it: deploy from 10.20.30.40."]);
    expect(final.usage).toEqual({ input_tokens: 400, input_tokens_details: { cached_tokens: 110 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 430 });
    expect(events.filter((e) => e.type === "response.created")).toHaveLength(1);
    expect(events.filter((e) => e.type === "response.in_progress")).toHaveLength(1);
    expect(events.filter((e) => e.type === "response.completed")).toHaveLength(1);
    expect(events.at(-1).type).toBe("response.completed");
    expect(strictlyIncreasing(events.map((e) => e.sequence_number))).toBe(true);
    expect(JSON.stringify(events)).not.toContain("tokenfold_retrieve");
    expect(events.filter((e) => e.type === "response.output_item.added").map((e) => e.output_index)).toEqual([0, 1]);

    expect(up.received).toHaveLength(2);
    const input = up.received[1]!.json.input as any[];
    expect(input.at(-1)).toEqual({ type: "function_call_output", call_id: "call_r", output: LOG });
    expect(input.at(-1).output).toContain(NEEDLE);
    expect(input.at(-2)).toMatchObject({ type: "function_call", call_id: "call_r", name: "tokenfold_retrieve", arguments: JSON.stringify({ ref: refIn(up.received[0]!) }) });
    expect(input.at(-3)).toMatchObject({ type: "message", content: [{ type: "output_text", text: "Let me check." }] });
    expect(up.received[1]!.json.stream).toBe(true);
    expect(up.received[1]!.headers.authorization).toBe("Bearer sk-test");
  });

  it("responses.create({ stream: true }) iterated: one created, one completed, indices and sequence numbers continue", async () => {
    up.handler = (r, res) => sendSse(res, up.received.length === 1 ? round1(r) : round2());
    const stream = await openai().responses.create({ ...responsesRequest(), stream: true });
    const events: any[] = [];
    for await (const e of stream) events.push(e);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("response.created");
    expect(types.filter((t) => t === "response.created")).toHaveLength(1);
    expect(types.filter((t) => t === "response.completed")).toHaveLength(1);
    expect(types.at(-1)).toBe("response.completed");
    expect(strictlyIncreasing(events.map((e) => e.sequence_number))).toBe(true);
    const text = events.filter((e) => e.type === "response.output_text.delta").map((e) => `${e.output_index}:${e.delta}`).join("|");
    expect(text.split("|").every((p) => p.startsWith("0:") || p.startsWith("1:"))).toBe(true);
    expect(events.filter((e) => e.type === "response.output_text.done").map((e) => [e.output_index, e.text])).toEqual([[0, "Let me check."], [1, "Found it: deploy from 10.20.30.40."]]);
    const done = events.at(-1).response;
    expect(done.id).toBe("resp_2");
    expect(done.output).toHaveLength(2);
    expect(done.usage.total_tokens).toBe(430);
    expect(events.some((e) => e.item?.type === "function_call")).toBe(false);
  });

  it("a conversation chained by previous_response_id continues from the first round's response with only the output", async () => {
    up.handler = (r, res) => sendSse(res, up.received.length === 1 ? round1(r) : round2());
    const { model, input, tools } = responsesRequest();
    // input before tools: the stand-in takes the first ref in the body (the tool's description has an example one)
    const final = await openai().responses.stream({ model, previous_response_id: "resp_0", input: input.slice(2), tools }).finalResponse();
    expect(final.output_text).toContain("Found it");
    expect(up.received).toHaveLength(2);
    expect(up.received[1]!.json.previous_response_id).toBe("resp_1");
    expect(up.received[1]!.json.input).toEqual([{ type: "function_call_output", call_id: "call_r", output: LOG }]);
  });

  it("a round mixing retrieval with another function call reaches the client unchanged", async () => {
    up.handler = (r, res) => sendSse(res, responsesStream([{ callId: "c1", name: "tokenfold_retrieve", args: { ref: refIn(r) } }, { callId: "c2", name: "read_log", args: { path: "/x" } }], { id: "resp_mixed" }));
    const final = await openai().responses.stream(responsesRequest()).finalResponse();
    expect(final.id).toBe("resp_mixed");
    expect(final.output.map((o: any) => o.name)).toEqual(["tokenfold_retrieve", "read_log"]);
    expect(JSON.parse((final.output[0] as any).arguments)).toEqual({ ref: refIn(up.received[0]!) });
    expect(final.usage?.total_tokens).toBe(15);
    expect(up.received).toHaveLength(1);
  });

  it("a failing second round (500) hands the client the retrieval call; the stream ends well-formed", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendSse(res, round1(r));
      else sendJson(res, 500, { error: { message: "boom" } });
    };
    const stream = openai().responses.stream(responsesRequest());
    const events: any[] = [];
    stream.on("event", (e) => events.push(e));
    const final = await stream.finalResponse();
    expect(final.id).toBe("resp_1");
    expect(final.output.map((o: any) => o.type)).toEqual(["message", "function_call"]);
    expect(final.output[1]).toMatchObject({ name: "tokenfold_retrieve", call_id: "call_r" });
    expect(final.usage?.total_tokens).toBe(110);
    expect(events.filter((e) => e.type === "response.completed")).toHaveLength(1);
    expect(strictlyIncreasing(events.map((e) => e.sequence_number))).toBe(true);
    expect(up.received).toHaveLength(2);
    expect(logs.some((l) => /retrieval round 1 got status 500/.test(l))).toBe(true);
  });
});

describe("Gemini, streamed retrieval loop (@google/genai generateContentStream)", () => {
  const round1 = (r: Received) => geminiStream([[{ text: "Let me " }], [{ text: "check." }], [{ functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(r) } } }]], { responseId: "gem_1", usage: geminiUsage(100, 10) });
  const round2 = () => geminiStream([[{ text: "Found it: " }], [{ text: "deploy from 10.20.30.40." }]], { responseId: "gem_2", usage: geminiUsage(300, 20) });

  it("one coherent stream: no retrieval call, first responseId, usage summed, the follow-up carries the original", async () => {
    up.handler = (r, res) => sendSse(res, up.received.length === 1 ? round1(r) : round2());
    const chunks: any[] = [];
    for await (const c of await genai().models.generateContentStream(geminiParams())) chunks.push(c);
    const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    expect(parts.some((p: any) => p.functionCall)).toBe(false);
    expect(parts.map((p: any) => p.text).join("")).toBe("Let me check.Found it: deploy from 10.20.30.40.");
    expect(new Set(chunks.map((c) => c.responseId))).toEqual(new Set(["gem_1"]));
    const usage = chunks.filter((c) => c.usageMetadata).at(-1).usageMetadata;
    expect(usage).toMatchObject({ promptTokenCount: 400, candidatesTokenCount: 30, totalTokenCount: 430, promptTokensDetails: [{ modality: "TEXT", tokenCount: 400 }] });
    expect(chunks.filter((c) => c.candidates?.[0]?.finishReason)).toHaveLength(1);

    expect(up.received).toHaveLength(2);
    expect(up.received[1]!.url).toContain(":streamGenerateContent");
    expect(up.received[1]!.url).toContain("alt=sse");
    const contents = up.received[1]!.json.contents as any[];
    expect(contents.at(-2)).toEqual({ role: "model", parts: [{ text: "Let me check." }, { functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(up.received[0]!) } } }] });
    expect(contents.at(-1)).toEqual({ role: "user", parts: [{ functionResponse: { name: "tokenfold_retrieve", response: { content: LOG } } }] });
    expect(contents.at(-1).parts[0].functionResponse.response.content).toContain(NEEDLE);
    expect(up.received[1]!.headers["x-goog-api-key"]).toBe("g-key");
  });

  it("text and the retrieval call in one chunk: the text goes out, only the call is held", async () => {
    const sameChunk = (r: Received) => geminiStream([[{ text: "Let me check." }, { functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(r) } } }]], { responseId: "gem_1", usage: geminiUsage(100, 10) });
    up.handler = (r, res) => sendSse(res, up.received.length === 1 ? sameChunk(r) : round2());
    const chunks: any[] = [];
    for await (const c of await genai().models.generateContentStream(geminiParams())) chunks.push(c);
    const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    expect(parts.map((p: any) => p.text ?? "CALL").join("")).toBe("Let me check.Found it: deploy from 10.20.30.40.");
    expect(chunks.filter((c) => c.candidates?.[0]?.finishReason)).toHaveLength(1);
    expect(chunks.filter((c) => c.usageMetadata).map((c) => c.usageMetadata.totalTokenCount)).toEqual([430]);
    expect(up.received[1]!.json.contents.at(-2).parts.map((p: any) => Object.keys(p)[0])).toEqual(["text", "functionCall"]);

    // the same first round with a failing follow-up: the text once, then the call
    up.received.length = 0;
    up.handler = (r, res) => (up.received.length === 1 ? sendSse(res, sameChunk(r)) : sendJson(res, 500, { error: { code: 500, message: "boom" } }));
    const again: any[] = [];
    for await (const c of await genai().models.generateContentStream(geminiParams())) again.push(c);
    expect(again.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []).map((p: any) => p.text ?? p.functionCall.name)).toEqual(["Let me check.", "tokenfold_retrieve"]);
    expect(again.filter((c) => c.candidates?.[0]?.finishReason)).toHaveLength(1);
  });

  it("a chunk mixing retrieval with another function call reaches the client unchanged", async () => {
    up.handler = (r, res) => sendSse(res, geminiStream([[{ text: "Both." }], [{ functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(r) } } }, { functionCall: { name: "read_log", args: { path: "/x" } } }]]));
    const chunks: any[] = [];
    for await (const c of await genai().models.generateContentStream(geminiParams())) chunks.push(c);
    const calls = chunks.flatMap((c) => c.functionCalls ?? []);
    expect(calls.map((c: any) => c.name)).toEqual(["tokenfold_retrieve", "read_log"]);
    expect(calls[0].args).toEqual({ ref: refIn(up.received[0]!) });
    expect(up.received).toHaveLength(1);
  });

  it("another function call in an earlier chunk: a later retrieval call is not held", async () => {
    up.handler = (r, res) => sendSse(res, geminiStream([[{ functionCall: { name: "read_log", args: { path: "/x" } } }], [{ functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(r) } } }]]));
    const chunks: any[] = [];
    for await (const c of await genai().models.generateContentStream(geminiParams())) chunks.push(c);
    expect(chunks.flatMap((c) => c.functionCalls ?? []).map((c: any) => c.name)).toEqual(["read_log", "tokenfold_retrieve"]);
    expect(up.received).toHaveLength(1);
  });

  it("a failing second round (500) hands the client the retrieval call; the stream ends", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendSse(res, round1(r));
      else sendJson(res, 500, { error: { code: 500, message: "boom", status: "INTERNAL" } });
    };
    const chunks: any[] = [];
    for await (const c of await genai().models.generateContentStream(geminiParams())) chunks.push(c);
    expect(chunks.flatMap((c) => c.functionCalls ?? []).map((c: any) => c.name)).toEqual(["tokenfold_retrieve"]);
    expect(chunks.at(-1).usageMetadata.totalTokenCount).toBe(110);
    expect(up.received).toHaveLength(2);
  });

  it("without alt=sse (a streamed JSON array) the reply is relayed byte for byte, retrieval call included", async () => {
    let sentBytes = "";
    up.handler = (r, res) => {
      sentBytes = JSON.stringify([geminiReply([{ functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(r) } } }])]);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(sentBytes);
    };
    const { model, contents, config } = geminiParams();
    const res = await fetch(`${proxy.url}/v1beta/models/${model}:streamGenerateContent`, { method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": "g-key" }, body: JSON.stringify({ contents, tools: config.tools }) });
    expect(await res.text()).toBe(sentBytes);
    expect(up.received).toHaveLength(1);
  });
});

describe("whole replies: usage summed over the retrieval rounds", () => {
  it("OpenAI chat (official client)", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, { ...chatCompletion({ tool_calls: [chatToolCall("call_r", "tokenfold_retrieve", { ref: refIn(r) })] }, "tool_calls"), usage: { prompt_tokens: 100, completion_tokens: 7, total_tokens: 107, prompt_tokens_details: { cached_tokens: 40 } } });
      else sendJson(res, 200, { ...chatCompletion({ content: "found it" }, "stop", "chatcmpl-2"), usage: { prompt_tokens: 250, completion_tokens: 12, total_tokens: 262, prompt_tokens_details: { cached_tokens: 90 } } });
    };
    const reply = await openai().chat.completions.create({
      model: "gpt-standin",
      messages: [
        { role: "user", content: QUESTION },
        { role: "assistant", content: null, tool_calls: [chatToolCall("call_1", "read_log", {}) as any] },
        { role: "tool", tool_call_id: "call_1", content: LOG },
      ],
      tools: [{ type: "function", function: { name: "read_log", parameters: { type: "object", properties: {} } } }],
    });
    expect(reply.choices[0]!.message.content).toBe("found it");
    expect(reply.id).toBe("chatcmpl-2");
    expect(reply.usage).toEqual({ prompt_tokens: 350, completion_tokens: 19, total_tokens: 369, prompt_tokens_details: { cached_tokens: 130 } });
    expect(up.received).toHaveLength(2);
  });

  it("Anthropic (official client): input, output and cache fields", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, { ...anthropicMessage([{ type: "tool_use", id: "tu_r", name: "tokenfold_retrieve", input: { ref: refIn(r) } }], "tool_use"), usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 50, cache_creation_input_tokens: 0, service_tier: "standard" } });
      else sendJson(res, 200, { ...anthropicMessage([{ type: "text", text: "found it" }]), usage: { input_tokens: 300, output_tokens: 9, cache_read_input_tokens: 60, cache_creation_input_tokens: 5, service_tier: "standard" } });
    };
    const reply = await claude().messages.create({
      model: "claude-standin",
      max_tokens: 256,
      messages: [
        { role: "user", content: QUESTION },
        { role: "assistant", content: [{ type: "tool_use", id: "tu_1", name: "read_log", input: {} }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "tu_1", content: LOG }] },
      ],
      tools: [{ name: "read_log", input_schema: { type: "object", properties: {} } }],
    });
    expect(reply.content).toEqual([{ type: "text", text: "found it" }]);
    expect(reply.usage).toEqual({ input_tokens: 400, output_tokens: 29, cache_read_input_tokens: 110, cache_creation_input_tokens: 5, service_tier: "standard" });
  });

  it("OpenAI Responses (official client)", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, { id: "resp_1", object: "response", status: "completed", model: "gpt-standin", output: [{ type: "function_call", id: "fc_1", call_id: "call_r", name: "tokenfold_retrieve", arguments: JSON.stringify({ ref: refIn(r) }), status: "completed" }], usage: responsesUsage(100, 10, 30) });
      else sendJson(res, 200, { id: "resp_2", object: "response", status: "completed", model: "gpt-standin", output: [{ type: "message", id: "m1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "found it", annotations: [] }] }], usage: responsesUsage(300, 20, 80) });
    };
    const reply = await openai().responses.create(responsesRequest());
    expect(reply.output_text).toBe("found it");
    expect(reply.usage).toEqual({ input_tokens: 400, input_tokens_details: { cached_tokens: 110 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 430 });
  });

  it("Gemini (@google/genai generateContent)", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, { ...geminiReply([{ functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(r) } } }]), usageMetadata: geminiUsage(100, 10) });
      else sendJson(res, 200, { ...geminiReply([{ text: "found it" }]), usageMetadata: geminiUsage(300, 20) });
    };
    const reply = await genai().models.generateContent(geminiParams());
    expect(reply.text).toBe("found it");
    expect(reply.usageMetadata).toMatchObject({ promptTokenCount: 400, candidatesTokenCount: 30, totalTokenCount: 430, promptTokensDetails: [{ modality: "TEXT", tokenCount: 400 }] });
    expect(up.received[1]!.json.contents.at(-1).parts[0].functionResponse.response.content).toBe(LOG);
  });

  it("a reply with no retrieval round reaches the client byte for byte", async () => {
    let sentBytes = "";
    up.handler = (_r, res) => {
      sentBytes = JSON.stringify({ ...chatCompletion({ content: "plain" }), usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }, null, 1);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(sentBytes);
    };
    const res = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk" },
      body: JSON.stringify({ model: "gpt-standin", messages: [{ role: "user", content: QUESTION }, { role: "tool", tool_call_id: "c", content: LOG }] }),
    });
    expect(await res.text()).toBe(sentBytes);
  });

  it("a failing second round: the client gets the first reply with its own usage", async () => {
    up.handler = (r, res) => {
      if (up.received.length === 1) sendJson(res, 200, { ...geminiReply([{ functionCall: { name: "tokenfold_retrieve", args: { ref: refIn(r) } } }]), usageMetadata: geminiUsage(100, 10) });
      else sendJson(res, 500, { error: { code: 500, message: "boom" } });
    };
    const reply = await genai().models.generateContent(geminiParams());
    expect(reply.functionCalls?.map((c) => c.name)).toEqual(["tokenfold_retrieve"]);
    expect(reply.usageMetadata?.totalTokenCount).toBe(110);
  });
});

describe("usage arithmetic (usage.ts)", () => {
  it("sums numbers, nested objects and per-modality lists; strings come from the later round", () => {
    const a = { input_tokens: 1, output_tokens: 2, cache_creation: { ephemeral_5m_input_tokens: 3 }, service_tier: "standard", promptTokensDetails: [{ modality: "TEXT", tokenCount: 4 }] };
    const b = { input_tokens: 10, output_tokens: 20, cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 1 }, service_tier: "priority", promptTokensDetails: [{ modality: "IMAGE", tokenCount: 5 }, { modality: "TEXT", tokenCount: 6 }] };
    expect(addUsage(a, b)).toEqual({
      input_tokens: 11, output_tokens: 22, cache_creation: { ephemeral_5m_input_tokens: 33, ephemeral_1h_input_tokens: 1 }, service_tier: "priority",
      promptTokensDetails: [{ modality: "TEXT", tokenCount: 10 }, { modality: "IMAGE", tokenCount: 5 }],
    });
    expect(a.input_tokens).toBe(1); // inputs left alone
  });

  it("a missing or null side gives the other; a field only one round reports is kept", () => {
    expect(addUsage(undefined, { x: 1 })).toEqual({ x: 1 });
    expect(addUsage({ x: 1 }, null)).toEqual({ x: 1 });
    expect(addUsage(undefined, undefined)).toBeUndefined();
    expect(addUsage({ x: 1, only_a: 5 }, { x: 2, only_b: 7, gone: null })).toEqual({ x: 3, only_a: 5, only_b: 7, gone: null });
  });

  it("withEarlierUsage: the same object when nothing to add, the format's own field otherwise", () => {
    const reply = { candidates: [], usageMetadata: { totalTokenCount: 9 } };
    expect(withEarlierUsage("gemini", reply, undefined)).toBe(reply);
    expect(withEarlierUsage("gemini", reply, { totalTokenCount: 30 })).toEqual({ candidates: [], usageMetadata: { totalTokenCount: 39 } });
    expect(withEarlierUsage("anthropic", { usage: { input_tokens: 1 } }, { input_tokens: 2 })).toEqual({ usage: { input_tokens: 3 } });
    expect(withEarlierUsage("openai-chat", "not an object", { prompt_tokens: 2 })).toBe("not an object");
    expect(replyUsage("openai-responses", { usage: null })).toBeUndefined();
  });
});
