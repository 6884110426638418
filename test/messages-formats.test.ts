// compress(messages | request) in the OpenAI Responses and Gemini generateContent shapes: tool
// outputs compressed in place, everything else untouched (identity), the retrieval tool in the
// format's own schema, handleRetrieval on the format's own call shape, cache stability.
import { describe, expect, it } from "vitest";
import { compress, detectFormat, handleRetrieval, memoryStore } from "../src/index.js";
import { gemini } from "../src/messages/formats/gemini.js";
import { openaiResponses } from "../src/messages/formats/openai-responses.js";
// @ts-expect-error plain JS module without types
import { authLog, grepOutput } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const GREP = grepOutput(800) as string;
const ANSWER = "Accepted publickey for deploy from 10.20.30.40";
const QUESTION = "Did anyone log in successfully on web-1?";
const PNG = "iVBORw0KGgo=";

type Item = Record<string, unknown>;

function responsesRequest() {
  return {
    model: "gpt-x",
    instructions: "You are a careful SRE assistant.",
    input: [
      { role: "developer", content: "Answer briefly." },
      { type: "message", role: "user", content: [{ type: "input_text", text: QUESTION }, { type: "input_image", image_url: `data:image/png;base64,${PNG}`, detail: "auto" }] },
      { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Read the log." }], encrypted_content: "gAAAAB-opaque" },
      { type: "function_call", id: "fc_1", call_id: "call_1", name: "read_log", arguments: '{"path":"/var/log/auth.log"}' },
      { type: "function_call", id: "fc_2", call_id: "call_2", name: "grep", arguments: '{"pattern":"parseTimeout"}' },
      { type: "function_call_output", call_id: "call_1", output: LOG },
      { type: "function_call_output", call_id: "call_2", output: [{ type: "input_text", text: GREP }, { type: "input_image", image_url: `data:image/png;base64,${PNG}` }] },
    ] as Item[],
    tools: [{ type: "function", name: "read_log", description: "Read a log file", parameters: { type: "object", properties: { path: { type: "string" } } }, strict: false }] as Item[],
    temperature: 0,
  };
}

function geminiRequest() {
  return {
    systemInstruction: { parts: [{ text: "You are a careful SRE assistant." }] },
    contents: [
      { role: "user", parts: [{ text: QUESTION }, { inlineData: { mimeType: "image/png", data: PNG } }] },
      { role: "model", parts: [{ text: "Reading the log.", thought: true, thoughtSignature: "c2ln" }, { functionCall: { name: "read_log", args: { path: "/var/log/auth.log" } } }, { functionCall: { name: "grep", args: { pattern: "parseTimeout" } } }] },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "read_log", response: { output: LOG, exitCode: 0, meta: { host: "web-1" } } } },
          { functionResponse: { name: "grep", response: { note: "short", content: GREP } } },
        ],
      },
    ] as Array<{ role: string; parts: Item[] }>,
    tools: [{ functionDeclarations: [{ name: "read_log", description: "Read a log file", parameters: { type: "object", properties: { path: { type: "string" } } } }] }] as Item[],
    generationConfig: { temperature: 0 },
  };
}

describe("OpenAI Responses", () => {
  it("finds function_call_output items with the question before them and the matching call", () => {
    const outs = openaiResponses.toolOutputs(responsesRequest());
    expect(outs.map((o) => [o.message, o.part, o.toolName, o.toolArgs, o.question])).toEqual([
      [5, undefined, "read_log", '{"path":"/var/log/auth.log"}', QUESTION],
      [6, 0, "grep", '{"pattern":"parseTimeout"}', QUESTION],
    ]);
    expect(openaiResponses.systemText(responsesRequest())).toBe("You are a careful SRE assistant.\nAnswer briefly.");
    expect(detectFormat(responsesRequest())?.name).toBe("openai-responses");
    expect(detectFormat(responsesRequest().input)?.name).toBe("openai-responses");
    expect(detectFormat({ model: "m", input: "hello" })?.name).toBe("openai-responses");
  });

  it("compresses tool outputs only, keeps the answer and untouched items' identity, adds a flat function tool, and the ref gives the output back", async () => {
    const store = memoryStore();
    const req = responsesRequest();
    const before = JSON.stringify(req);
    const r = await compress(req, { store });
    expect(JSON.stringify(req)).toBe(before); // never mutated
    expect(r.format).toBe("openai-responses");
    const out = r.request!;
    for (const i of [0, 1, 2, 3, 4]) expect(out.input[i]).toBe(req.input[i]); // messages, image, reasoning, calls
    expect(out.instructions).toBe(req.instructions);
    const log = out.input[5]!.output as string;
    expect(log.length).toBeLessThan(LOG.length / 5);
    expect(log).toContain(ANSWER);
    const parts = out.input[6]!.output as Item[];
    expect(parts[0]!.text).toContain("src/util/time.ts:42:export function parseTimeout");
    expect((parts[0]!.text as string).length).toBeLessThan(GREP.length);
    expect(parts[1]).toBe((req.input[6]!.output as Item[])[1]); // input_image, same object
    expect(Object.keys(out.input[5]!)).toEqual(Object.keys(req.input[5]!)); // key order kept
    expect(r.perMessage.map((p) => p.type)).toEqual(["log", "search"]);
    expect(r.ratio).toBeCloseTo(r.saved / r.tokensBefore, 10);
    expect(out.tools![0]).toBe(req.tools[0]);
    expect(out.tools![1]).toMatchObject({ type: "function", name: "tokenfold_retrieve", parameters: { type: "object", required: ["ref"] } });
    expect(out.tools![1]).not.toHaveProperty("function"); // flat, not nested as in Chat Completions
    const ref = r.perMessage[0]!.refs[0]!;
    expect(log).toContain(ref);
    const back = await handleRetrieval({ type: "function_call", call_id: "call_9", name: "tokenfold_retrieve", arguments: JSON.stringify({ ref }) }, { store });
    expect(back).toBe(LOG);
  });

  it("with nothing to compress, the output is the input (key order included) and no tool is added", async () => {
    const req = {
      model: "m", instructions: "s",
      input: [{ role: "user", content: "hi" }, { type: "reasoning", id: "rs", summary: [] }, { type: "function_call", call_id: "c", name: "f", arguments: "{}" }, { type: "function_call_output", call_id: "c", output: "short" }],
      stream: true,
    };
    const r = await compress(req);
    expect(r.format).toBe("openai-responses");
    expect(JSON.stringify(r.request)).toBe(JSON.stringify(req));
    expect(r.request).toBe(req);
    expect(r.saved).toBe(0);
    const bare = { model: "m", input: "Hello there", tools: [] };
    const b = await compress(bare);
    expect(b.request).toBe(bare);
    expect(openaiResponses.count(bare)).toBe(0);
  });

  it("lossless adds no refs and no tool", async () => {
    const r = await compress(responsesRequest(), { lossless: true });
    expect(r.refs).toEqual([]);
    expect(r.request!.tools!.length).toBe(1);
  });

  it("a request whose only message carries an image_url part is OpenAI Chat (Anthropic images are `image` blocks)", () => {
    const part = { type: "image_url", image_url: { url: "data:image/png;base64,aGVsbG8=" } };
    expect(detectFormat({ model: "m", messages: [{ role: "user", content: [{ type: "text", text: "what is this?" }, part] }] })?.name).toBe("openai-chat");
    const anthropicImage = { type: "image", source: { type: "base64", media_type: "image/png", data: "aGVsbG8=" } };
    expect(detectFormat({ model: "m", max_tokens: 5, messages: [{ role: "user", content: [anthropicImage] }] })?.name).toBe("anthropic");
  });

  it("the format option forces the adapter", async () => {
    const list = [{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }];
    expect(detectFormat(list)?.name).toBe("openai-chat");
    const r = await compress(list, { format: "openai-responses" });
    expect(r.format).toBe("openai-responses");
    expect(r.messages).toBe(list);
  });
});

describe("Gemini generateContent", () => {
  it("finds every top-level string member of functionResponse.response, with the question and the call's args", () => {
    const outs = gemini.toolOutputs(geminiRequest());
    expect(outs.map((o) => [o.message, o.part, o.key, o.toolName, o.toolArgs, o.question])).toEqual([
      [2, 0, "output", "read_log", '{"path":"/var/log/auth.log"}', QUESTION],
      [2, 1, "note", "grep", '{"pattern":"parseTimeout"}', QUESTION],
      [2, 1, "content", "grep", '{"pattern":"parseTimeout"}', QUESTION],
    ]);
    expect(gemini.systemText(geminiRequest())).toBe("You are a careful SRE assistant.");
    expect(detectFormat(geminiRequest())?.name).toBe("gemini");
    expect(detectFormat(geminiRequest().contents)?.name).toBe("gemini");
  });

  it("compresses response text members only, keeps the answer, inlineData, thoughts and other members; adds a functionDeclarations entry; the ref gives the output back", async () => {
    const store = memoryStore();
    const req = geminiRequest();
    const before = JSON.stringify(req);
    const r = await compress(req, { store });
    expect(JSON.stringify(req)).toBe(before);
    expect(r.format).toBe("gemini");
    const out = r.request!;
    expect(out.systemInstruction).toBe(req.systemInstruction);
    expect(out.generationConfig).toBe(req.generationConfig);
    expect(out.contents[0]).toBe(req.contents[0]); // user text + inlineData
    expect(out.contents[1]).toBe(req.contents[1]); // thought + functionCalls
    const [first, second] = out.contents[2]!.parts as Array<{ functionResponse: { name: string; response: Record<string, unknown> } }>;
    const reqFirst = (req.contents[2]!.parts[0] as { functionResponse: { response: Record<string, unknown> } }).functionResponse.response;
    const log = first!.functionResponse.response.output as string;
    expect(log.length).toBeLessThan(LOG.length / 5);
    expect(log).toContain(ANSWER);
    expect(Object.keys(first!.functionResponse.response)).toEqual(["output", "exitCode", "meta"]); // key order kept
    expect(first!.functionResponse.response.exitCode).toBe(0);
    expect(first!.functionResponse.response.meta).toBe(reqFirst.meta);
    expect(first!.functionResponse.name).toBe("read_log");
    expect(second!.functionResponse.response.note).toBe("short");
    expect(second!.functionResponse.response.content as string).toContain("src/util/time.ts:42:export function parseTimeout");
    expect(Object.keys(second!.functionResponse.response)).toEqual(["note", "content"]);
    expect(r.perMessage.map((p) => p.type)).toEqual(["log", "search"]);
    expect(out.tools![0]).toBe(req.tools[0]); // the request's own entry stays as it was
    expect(out.tools![1]).toEqual({ functionDeclarations: [{ name: "tokenfold_retrieve", description: expect.any(String), parameters: expect.objectContaining({ type: "object", required: ["ref"] }) }] });
    const ref = r.perMessage[0]!.refs[0]!;
    const back = await handleRetrieval({ functionCall: { name: "tokenfold_retrieve", args: { ref } } }, { store });
    expect(back).toBe(LOG);
  });

  it("with nothing to compress, the output is the input (key order included) and no tool is added", async () => {
    const req = {
      contents: [
        { role: "user", parts: [{ text: "hi" }, { inlineData: { mimeType: "image/png", data: PNG } }] },
        { role: "model", parts: [{ functionCall: { name: "f", args: {} } }] },
        { role: "user", parts: [{ functionResponse: { name: "f", response: { output: "short", n: 1 } } }] },
      ],
      systemInstruction: { parts: [{ text: "s" }] },
      tools: [{ functionDeclarations: [] }],
    };
    const r = await compress(req);
    expect(r.format).toBe("gemini");
    expect(JSON.stringify(r.request)).toBe(JSON.stringify(req));
    expect(r.request).toBe(req);
    expect(r.saved).toBe(0);
  });

  it("lossless adds no refs and no tool; the format option forces the adapter", async () => {
    const a = await compress(geminiRequest(), { lossless: true });
    expect(a.refs).toEqual([]);
    expect(a.request!.tools!.length).toBe(1);
    const ambiguous = { model: "m", input: [] as Item[], contents: geminiRequest().contents };
    expect(detectFormat(ambiguous)?.name).toBe("openai-responses");
    const b = await compress(ambiguous, { format: "gemini" });
    expect(b.format).toBe("gemini");
    expect((b.request!.contents[2]!.parts[0] as { functionResponse: { response: { output: string } } }).functionResponse.response.output).toContain(ANSWER);
  });
});

describe("cache stability over 10 turns", () => {
  it("Responses: turn N+1 re-sends the bytes of turns ≤ N, and the tool list never changes once the tool is in", async () => {
    const store = memoryStore();
    const input: Item[] = [];
    let sentBefore: unknown[] = [];
    let toolsBefore = "";
    for (let turn = 0; turn < 10; turn++) {
      input.push({ role: "user", content: `Step ${turn}: what failed in run ${turn}?` });
      input.push({ type: "reasoning", id: `rs_${turn}`, summary: [], encrypted_content: `opaque-${turn}` });
      input.push({ type: "function_call", call_id: `c${turn}`, name: "read_log", arguments: `{"run":${turn}}` });
      input.push({ type: "function_call_output", call_id: `c${turn}`, output: authLog(400 + 50 * turn, { seed: turn + 1 }) });
      const r = await compress({ model: "m", instructions: "You are an agent.", input: input.slice(), tools: [] as Item[] }, { store });
      const sent = r.request!.input as Item[];
      expect((sent[sent.length - 1]!.output as string).length).toBeLessThan((input[input.length - 1]!.output as string).length);
      expect(JSON.stringify(sent.slice(0, sentBefore.length))).toBe(JSON.stringify(sentBefore));
      const tools = JSON.stringify(r.request!.tools);
      if (toolsBefore) expect(tools).toBe(toolsBefore);
      toolsBefore = tools;
      sentBefore = sent;
    }
  });

  it("Gemini: turn N+1 re-sends the bytes of turns ≤ N, and the tool list never changes once the tool is in", async () => {
    const store = memoryStore();
    const contents: Array<{ role: string; parts: Item[] }> = [];
    let sentBefore: unknown[] = [];
    let toolsBefore = "";
    for (let turn = 0; turn < 10; turn++) {
      contents.push({ role: "user", parts: [{ text: `Step ${turn}: what failed in run ${turn}?` }] });
      contents.push({ role: "model", parts: [{ functionCall: { name: "read_log", args: { run: turn } } }] });
      contents.push({ role: "user", parts: [{ functionResponse: { name: "read_log", response: { output: authLog(400 + 50 * turn, { seed: turn + 1 }) } } }] });
      const r = await compress({ contents: contents.slice(), systemInstruction: { parts: [{ text: "You are an agent." }] }, tools: [{ functionDeclarations: [] }] as Item[] }, { store });
      const sent = r.request!.contents;
      const last = (c: Array<{ parts: Item[] }>) => ((c[c.length - 1]!.parts[0] as { functionResponse: { response: { output: string } } }).functionResponse.response.output);
      expect(last(sent).length).toBeLessThan(last(contents).length);
      expect(JSON.stringify(sent.slice(0, sentBefore.length))).toBe(JSON.stringify(sentBefore));
      const tools = JSON.stringify(r.request!.tools);
      if (toolsBefore) expect(tools).toBe(toolsBefore);
      toolsBefore = tools;
      sentBefore = sent;
    }
  });
});
