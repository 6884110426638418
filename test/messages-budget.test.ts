// compress(request, { budget }): older tool outputs are compressed harder, then stubbed with a
// ref, until the request fits; the system prompt and the latest turn are never touched.
import { describe, expect, it } from "vitest";
import { compress, estimateTokens, handleRetrieval, memoryStore } from "../src/index.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

function conversation(turns: number) {
  const messages: Array<Record<string, unknown>> = [{ role: "system", content: "You are an agent." }];
  for (let t = 0; t < turns; t++) {
    messages.push({ role: "user", content: `Turn ${t}: who logged in on host ${t}?` });
    messages.push({ role: "assistant", content: null, tool_calls: [{ id: `c${t}`, type: "function", function: { name: "read_log", arguments: `{"host":${t}}` } }] });
    messages.push({ role: "tool", tool_call_id: `c${t}`, content: authLog(1500, { seed: t + 1 }) });
  }
  return { model: "m", messages };
}

describe("budget fitting", () => {
  it("fits the request, stubs the oldest outputs first, keeps the latest turn, and the stubs' refs retrieve the originals", async () => {
    const store = memoryStore();
    const req = conversation(8);
    const loose = await compress(req, { store });
    const budget = Math.floor(loose.tokensAfter * 0.5);
    const r = await compress(req, { store, budget });
    const sent = JSON.stringify(r.request);
    expect(estimateTokens(sent)).toBeLessThanOrEqual(budget * 1.05);
    const msgs = r.request!.messages as Array<{ role: string; content: unknown; tool_call_id?: string }>;
    // nothing removed: every call keeps its result
    expect(msgs.length).toBe(req.messages.length);
    expect(msgs[0]).toBe(req.messages[0]);
    const first = msgs[3]!.content as string;
    expect(first).toMatch(/left out to fit the context budget; ref tf_[0-9a-f]{24}/);
    const last = msgs.at(-1)!.content as string;
    expect(last).toBe(loose.request!.messages.at(-1)!.content); // the latest turn: only the normal pass
    const ref = /tf_[0-9a-f]{24}/.exec(first)![0];
    expect(await handleRetrieval({ function: { name: "tokenfold_retrieve", arguments: JSON.stringify({ ref }) } }, { store })).toBe(req.messages[3]!.content);
  });

  it("a budget the request already meets changes nothing beyond the normal pass", async () => {
    const req = conversation(2);
    const a = await compress(req);
    const b = await compress(req, { budget: 10_000_000 });
    expect(JSON.stringify(b.request)).toBe(JSON.stringify(a.request));
  });
});

// Turns whose user words repeat ("go on") must still be told apart: the latest turn is the one after
// the last user message with words, not every output sharing its question.
describe("budget fitting finds the latest user turn in Responses and Gemini requests", () => {
  const turns = 6;
  function responses() {
    const input: Array<Record<string, unknown>> = [];
    for (let t = 0; t < turns; t++) {
      input.push({ role: "user", content: "go on" });
      input.push({ type: "function_call", call_id: `c${t}`, name: "read_log", arguments: `{"host":${t}}` });
      input.push({ type: "function_call_output", call_id: `c${t}`, output: authLog(1500, { seed: t + 1 }) });
    }
    return { model: "m", input };
  }
  function gemini() {
    const contents: Array<Record<string, unknown>> = [];
    for (let t = 0; t < turns; t++) {
      contents.push({ role: "user", parts: [{ text: "go on" }] });
      contents.push({ role: "model", parts: [{ functionCall: { name: "read_log", args: { host: t } } }] });
      contents.push({ role: "user", parts: [{ functionResponse: { name: "read_log", response: { output: authLog(1500, { seed: t + 1 }) } } }] });
    }
    return { contents };
  }
  const outputOf = (x: unknown): string => {
    const o = x as { output?: string; parts?: Array<{ functionResponse?: { response: { output: string } } }> };
    return o.output ?? o.parts![0]!.functionResponse!.response.output;
  };
  it.each([
    ["openai-responses", responses, "input"],
    ["gemini", gemini, "contents"],
  ] as const)("%s: older outputs are stubbed, the latest turn's is not", async (_name, make, key) => {
    const store = memoryStore();
    const req = make();
    const loose = await compress(req, { store });
    const r = await compress(req, { store, budget: Math.floor(loose.tokensAfter * 0.4) });
    const list = (r.request as Record<string, unknown[]>)[key]!;
    expect(outputOf(list[2])).toMatch(/left out to fit the context budget; ref tf_[0-9a-f]{24}/);
    expect(outputOf(list.at(-1))).toBe(outputOf((loose.request as Record<string, unknown[]>)[key]!.at(-1)));
  });
});
