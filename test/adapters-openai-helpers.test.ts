// withTokenfold(new OpenAI()) beyond chat.completions.create: the Responses API (create, stream,
// parse, the retrieval loop) and the SDK's chat helpers (stream, parse, runTools), all with the
// real `openai` client against a local stand-in upstream that records what it receives.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore, type Store } from "../src/index.js";
import { withTokenfold } from "../src/surfaces/adapters/index.js";
import { sendJson, sendSse, startUpstream, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const NEEDLE = "Accepted publickey for deploy from 10.20.30.40";
const REF = /tf_[0-9a-f]{24}/;

type Received = { path: string; body: Record<string, any>; raw: string };
type Reply = { json: unknown } | { sse: unknown[] };
let up: StandIn;
let base = "";
let received: Received[] = [];
let reply: (r: Received) => Reply = () => ({ json: {} });

beforeAll(async () => {
  up = await startUpstream((req, res) => {
    const r: Received = { path: req.url, body: req.json ?? {}, raw: req.body };
    received.push(r);
    const out = reply(r);
    if ("json" in out) sendJson(res, 200, out.json);
    // Responses events name themselves (`event: <type>`); chat chunks and [DONE] are bare data
    else sendSse(res, out.sse.map((e) => (typeof e === "object" && e !== null && "type" in e ? { event: String((e as { type: string }).type), data: e } : { data: e })));
  });
  base = up.url;
});
afterAll(() => up.close());
beforeEach(() => {
  received = [];
});

const client = (store: Store, options: Parameters<typeof withTokenfold>[1] = {}) =>
  withTokenfold(new OpenAI({ baseURL: base + "/v1", apiKey: "test", maxRetries: 0 }), { store, ...options });

// ---- Responses shapes ------------------------------------------------------------------------
function rsMessage(text: string) {
  return { type: "message", id: "msg_1", status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] };
}
function rsResponse(output: unknown[]) {
  return { id: "resp_1", object: "response", created_at: 1_700_000_000, status: "completed", model: "gpt-x", output, parallel_tool_calls: true, tool_choice: "auto", tools: [], usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } };
}
function rsStream(text: string): Reply {
  const done = rsResponse([rsMessage(text)]);
  const item = { type: "message", id: "msg_1", status: "in_progress", role: "assistant", content: [] };
  const at = { item_id: "msg_1", output_index: 0, content_index: 0 };
  const events: unknown[] = [
    { type: "response.created", response: { ...done, status: "in_progress", output: [] } },
    { type: "response.output_item.added", output_index: 0, item },
    { type: "response.content_part.added", ...at, part: { type: "output_text", text: "", annotations: [] } },
    ...text.split(" ").map((w, i) => ({ type: "response.output_text.delta", ...at, delta: i === 0 ? w : ` ${w}` })),
    { type: "response.output_text.done", ...at, text },
    { type: "response.content_part.done", ...at, part: { type: "output_text", text, annotations: [] } },
    { type: "response.output_item.done", output_index: 0, item: rsMessage(text) },
    { type: "response.completed", response: done },
  ];
  return { sse: events.map((e, i) => ({ ...(e as object), sequence_number: i })) };
}
function rsRequest() {
  return {
    model: "gpt-x",
    instructions: "You are a careful SRE assistant.",
    input: [
      { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
      { type: "function_call" as const, call_id: "call_1", name: "read_log", arguments: '{"path":"/var/log/auth.log"}' },
      { type: "function_call_output" as const, call_id: "call_1", output: LOG },
    ],
    tools: [{ type: "function" as const, name: "read_log", parameters: { type: "object", properties: {} }, strict: false }],
  };
}
function expectResponsesCompressed(r: Received) {
  expect(r.path).toBe("/v1/responses");
  const out = r.body.input[2].output as string;
  expect(out.length).toBeLessThan(LOG.length / 3);
  expect(out).toContain(NEEDLE);
  expect(out).toMatch(REF);
  expect(r.body.tools.map((t: { name: string }) => t.name)).toEqual(["read_log", "tokenfold_retrieve"]);
}

describe("withTokenfold(new OpenAI()).responses", () => {
  it("create: the upstream gets the compressed function_call_output and the retrieve tool", async () => {
    reply = () => ({ json: rsResponse([rsMessage("Yes: deploy.")]) });
    const req = rsRequest();
    const res = await client(memoryStore()).responses.create(req);
    expect(res.output_text).toBe("Yes: deploy.");
    expect(received).toHaveLength(1);
    expectResponsesCompressed(received[0]!);
    expect(received[0]!.body.input.slice(0, 2)).toEqual(req.input.slice(0, 2));
  });

  it("answerRetrievals: a reply of only tokenfold_retrieve calls is answered and the call continues", async () => {
    reply = (r) => {
      const last = r.body.input.at(-1);
      if (last.type === "function_call_output" && last.call_id === "call_r1") return { json: rsResponse([rsMessage("Final answer.")]) };
      return { json: rsResponse([{ type: "function_call", id: "fc_1", call_id: "call_r1", name: "tokenfold_retrieve", arguments: JSON.stringify({ ref: REF.exec(r.raw)![0] }), status: "completed" }]) };
    };
    const res = await client(memoryStore(), { answerRetrievals: true }).responses.create(rsRequest());
    expect(res.output_text).toBe("Final answer.");
    expect(received).toHaveLength(2);
    const [first, second] = [received[0]!.body, received[1]!.body];
    expect(second.input.slice(0, first.input.length)).toEqual(first.input);
    expect(second.input.at(-2)).toMatchObject({ type: "function_call", call_id: "call_r1", name: "tokenfold_retrieve" });
    expect(second.input.at(-1)).toEqual({ type: "function_call_output", call_id: "call_r1", output: LOG });
  });

  it("stream: responses.stream() delivers the events and its final response; the upstream got the compressed body", async () => {
    reply = () => rsStream("Yes deploy logged in.");
    const stream = client(memoryStore()).responses.stream(rsRequest());
    const deltas: string[] = [];
    stream.on("response.output_text.delta", (e) => deltas.push(e.delta));
    const final = await stream.finalResponse();
    expect(deltas.join("")).toBe("Yes deploy logged in.");
    expect(final.output_text).toBe("Yes deploy logged in.");
    expect(received[0]!.body.stream).toBe(true);
    expectResponsesCompressed(received[0]!);
  });

  it("parse: goes through the wrapper and still parses", async () => {
    reply = () => ({ json: rsResponse([rsMessage('{"who":"deploy"}')]) });
    const res = await client(memoryStore()).responses.parse({ ...rsRequest(), text: { format: { type: "json_schema", name: "who", schema: { type: "object", properties: { who: { type: "string" } }, required: ["who"], additionalProperties: false }, strict: true } } });
    expect(res.output_parsed).toEqual({ who: "deploy" });
    expectResponsesCompressed(received[0]!);
  });
});

// ---- Chat helpers --------------------------------------------------------------------------
function oaCompletion(message: Record<string, unknown>, finish = "stop") {
  return {
    id: "chatcmpl-test", object: "chat.completion", created: 1_700_000_000, model: "gpt-x",
    choices: [{ index: 0, message: { role: "assistant", content: null, refusal: null, ...message }, logprobs: null, finish_reason: finish }],
  };
}
function oaRequest() {
  return {
    model: "gpt-x",
    messages: [
      { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
      { role: "assistant" as const, content: null, tool_calls: [{ id: "call_1", type: "function" as const, function: { name: "read_log", arguments: '{"path":"/var/log/auth.log"}' } }] },
      { role: "tool" as const, tool_call_id: "call_1", content: LOG },
    ],
  };
}
const toolText = (r: Received, i: number) => r.body.messages[i].content as string;

describe("withTokenfold(new OpenAI()).chat.completions helpers", () => {
  it("stream(): the helper's request is compressed and its text arrives", async () => {
    const chunk = (delta: unknown, finish: string | null = null) => ({ id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-x", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    reply = () => ({ sse: [chunk({ role: "assistant", content: "" }), chunk({ content: "Yes, " }), chunk({ content: "deploy." }), chunk({}, "stop"), "[DONE]"] });
    const stream = client(memoryStore()).chat.completions.stream(oaRequest());
    expect(await stream.finalContent()).toBe("Yes, deploy.");
    expect(received[0]!.body.stream).toBe(true);
    expect(toolText(received[0]!, 2).length).toBeLessThan(LOG.length / 3);
    expect(toolText(received[0]!, 2)).toContain(NEEDLE);
  });

  it("parse(): compressed, and the JSON answer parsed", async () => {
    reply = () => ({ json: oaCompletion({ content: '{"who":"deploy"}' }) });
    const res = await client(memoryStore()).chat.completions.parse({ ...oaRequest(), response_format: { type: "json_schema", json_schema: { name: "who", strict: true, schema: { type: "object", properties: { who: { type: "string" } }, required: ["who"], additionalProperties: false } } } });
    expect(res.choices[0]!.message.parsed).toEqual({ who: "deploy" });
    expect(toolText(received[0]!, 2)).toContain(NEEDLE);
    expect(toolText(received[0]!, 2).length).toBeLessThan(LOG.length / 3);
  });

  it("runTools(): every round trip of the runner is compressed, the tool's own fresh output included", async () => {
    reply = (r) => r.body.messages.at(-1).role === "tool" && r.body.messages.length > 3
      ? { json: oaCompletion({ content: "done" }) }
      : { json: oaCompletion({ tool_calls: [{ id: "call_2", type: "function", function: { name: "read_log", arguments: '{"path":"/var/log/auth.log.1"}' } }] }, "tool_calls") };
    const runner = client(memoryStore()).chat.completions.runTools({
      ...oaRequest(),
      tools: [{ type: "function", function: { name: "read_log", parameters: { type: "object", properties: { path: { type: "string" } } }, function: () => LOG, parse: JSON.parse } }],
    });
    expect(await runner.finalContent()).toBe("done");
    expect(received).toHaveLength(2);
    for (const r of received) expect(toolText(r, 2).length).toBeLessThan(LOG.length / 3);
    const fresh = received[1]!.body.messages.at(-1).content as string;
    expect(fresh.length).toBeLessThan(LOG.length / 3);
    expect(fresh).toContain(NEEDLE);
  });
});
