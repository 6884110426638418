// compress(messages | request): native OpenAI Chat and Anthropic Messages shapes, the policy of
// what is touched, cache stability over a 20-turn conversation, the retrieval tool.
import { describe, expect, it } from "vitest";
import { compress, handleRetrieval, memoryStore } from "../src/index.js";
// @ts-expect-error plain JS module without types
import { authLog, grepOutput } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const GREP = grepOutput(800) as string;

function openaiRequest() {
  return {
    model: "gpt-x",
    messages: [
      { role: "system", content: "You are a careful SRE assistant." },
      { role: "user", content: "Did anyone log in successfully on web-1?" },
      {
        role: "assistant", content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "read_log", arguments: '{"path":"/var/log/auth.log"}' } },
          { id: "call_2", type: "function", function: { name: "grep", arguments: '{"pattern":"parseTimeout"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: LOG },
      { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: GREP }] },
    ],
    tools: [{ type: "function", function: { name: "read_log", parameters: { type: "object", properties: {} } } }],
    temperature: 0,
  };
}

function anthropicRequest() {
  return {
    model: "claude-x",
    max_tokens: 1024,
    system: "You are a careful SRE assistant.",
    messages: [
      { role: "user", content: "Did anyone log in successfully on web-1?" },
      { role: "assistant", content: [{ type: "thinking", thinking: "Read the log.", signature: "sig" }, { type: "tool_use", id: "tu_1", name: "read_log", input: { path: "/var/log/auth.log" } }, { type: "tool_use", id: "tu_2", name: "grep", input: { pattern: "x" } }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "tu_1", content: [{ type: "text", text: LOG }, { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } }] },
          { type: "tool_result", tool_use_id: "tu_2", content: GREP, cache_control: { type: "ephemeral" } },
        ],
      },
    ],
  };
}

describe("OpenAI Chat", () => {
  it("compresses tool outputs only, keeps the answer, adds the retrieval tool, and the ref gives the output back", async () => {
    const store = memoryStore();
    const req = openaiRequest();
    const before = JSON.stringify(req);
    const r = await compress(req, { store });
    expect(JSON.stringify(req)).toBe(before); // the input is never mutated
    expect(r.format).toBe("openai-chat");
    const out = r.request!;
    expect(out.messages[0]).toBe(req.messages[0]); // untouched messages keep identity
    expect(out.messages[1]).toBe(req.messages[1]);
    expect(out.messages[2]).toBe(req.messages[2]);
    const log = out.messages[3]!.content as string;
    expect(log.length).toBeLessThan(LOG.length / 5);
    expect(log).toContain("Accepted publickey for deploy from 10.20.30.40");
    const grep = (out.messages[4]!.content as Array<{ text: string }>)[0]!.text;
    expect(grep).toContain("src/util/time.ts:42:export function parseTimeout");
    expect(r.saved).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.saved / r.tokensBefore, 10);
    expect(r.perMessage.map((p) => p.type)).toEqual(["log", "search"]);
    expect(out.tools!.map((t) => t.function.name)).toEqual(["read_log", "tokenfold_retrieve"]);
    const back = await handleRetrieval({ function: { name: "tokenfold_retrieve", arguments: JSON.stringify({ ref: r.perMessage[0]!.refs[0] }) } }, { store });
    expect(back).toBe(LOG);
  });

  it("with nothing to compress, the output deep-equals the input, key order included, and adds no tool", async () => {
    const req = { model: "m", messages: [{ role: "system", content: "s" }, { role: "user", content: "hi" }, { role: "tool", tool_call_id: "c", content: "short" }], stream: true };
    const r = await compress(req);
    expect(JSON.stringify(r.request)).toBe(JSON.stringify(req));
    expect(r.request).toBe(req);
    expect(r.saved).toBe(0);
  });

  it("lossless adds no refs and no tool; a frozen prefix is never touched", async () => {
    const a = await compress(openaiRequest(), { lossless: true });
    expect(a.refs).toEqual([]);
    expect(a.request!.tools!.length).toBe(1);
    const b = await compress(openaiRequest(), { frozenPrefix: 5 });
    expect(b.request!.messages[3]!.content).toBe(LOG);
  });

  it("warns about volatile values in the system prompt", async () => {
    const req = openaiRequest();
    req.messages[0] = { role: "system", content: "Now is 2026-11-24T10:00:00Z. Session 3f2a9c0e-77aa-4b1e-9d1f-0c8e4b7f1a2b." };
    const r = await compress(req);
    expect(r.warnings.join("\n")).toMatch(/timestamp/);
    expect(r.warnings.join("\n")).toMatch(/UUID/);
  });
});

describe("Anthropic Messages", () => {
  it("compresses tool_result text, leaves images, thinking and cache_control blocks as they are", async () => {
    const req = anthropicRequest();
    const r = await compress(req);
    expect(r.format).toBe("anthropic");
    const out = r.request!;
    expect(out.system).toBe(req.system);
    expect(out.messages[1]).toBe(req.messages[1]); // thinking + tool_use untouched
    const results = out.messages[2]!.content as Array<{ content: unknown }>;
    const first = results[0]!.content as Array<{ type: string; text?: string }>;
    expect(first[0]!.text!.length).toBeLessThan(LOG.length / 5);
    expect(first[0]!.text).toContain("Accepted publickey for deploy");
    expect(first[1]).toBe((req.messages[2]!.content as Array<{ content: unknown[] }>)[0]!.content[1]); // image, same object
    expect(results[1]!.content).toBe(GREP); // cache_control: never touched
    expect((out as { tools?: Array<{ name: string }> }).tools!.map((t) => t.name)).toEqual(["tokenfold_retrieve"]);
  });
});

describe("cache stability over a 20-turn agent conversation", () => {
  it("turn N+1 re-sends the bytes of turns ≤ N, and the tool list never changes once the tool is in", async () => {
    const store = memoryStore();
    const history: Array<Record<string, unknown>> = [{ role: "system", content: "You are an agent." }];
    let sentBefore: unknown[] = [];
    let toolsBefore = "";
    for (let turn = 0; turn < 20; turn++) {
      history.push({ role: "user", content: `Step ${turn}: what failed in run ${turn}?` });
      history.push({ role: "assistant", content: null, tool_calls: [{ id: `c${turn}`, type: "function", function: { name: "read_log", arguments: `{"run":${turn}}` } }] });
      history.push({ role: "tool", tool_call_id: `c${turn}`, content: authLog(400 + 50 * turn, { seed: turn + 1 }) });
      const r = await compress({ model: "m", messages: history, tools: [] as unknown[] }, { store });
      const sent = r.request!.messages;
      // every earlier message is byte-identical to what the previous turn sent
      expect(JSON.stringify(sent.slice(0, sentBefore.length))).toBe(JSON.stringify(sentBefore));
      const tools = JSON.stringify(r.request!.tools);
      if (toolsBefore) expect(tools).toBe(toolsBefore);
      toolsBefore = tools;
      sentBefore = sent;
    }
  });
});
