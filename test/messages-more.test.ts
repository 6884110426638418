// Transcripts handed over as text, per-output overrides, and budget fitting never orphaning a
// tool call or result (property test).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compress, memoryStore } from "../src/index.js";
// @ts-expect-error plain JS module without types
import { authLog, grepOutput } from "../bench/generate-text.mjs";

const LOG = authLog(2000) as string;

function chat(outputs: string[]) {
  const messages: Array<Record<string, unknown>> = [{ role: "system", content: "agent" }];
  outputs.forEach((out, t) => {
    messages.push({ role: "user", content: `question ${t}: did anyone log in successfully?` });
    messages.push({ role: "assistant", content: null, tool_calls: [{ id: `c${t}a`, type: "function", function: { name: "read_log", arguments: `{"n":${t}}` } }, { id: `c${t}b`, type: "function", function: { name: "grep", arguments: "{}" } }] });
    messages.push({ role: "tool", tool_call_id: `c${t}a`, content: out });
    messages.push({ role: "tool", tool_call_id: `c${t}b`, content: `small ${t}` });
  });
  return { model: "m", messages };
}

describe("a transcript handed over as text", () => {
  it("goes through the messages pipeline: turns, roles and tool pairs intact, outputs compressed", async () => {
    const req = chat([LOG, grepOutput(500) as string]);
    const text = JSON.stringify(req, null, 2);
    const r = await compress(text);
    expect(r.type).toBe("messages:openai-chat");
    const out = JSON.parse(r.text) as ReturnType<typeof chat>;
    expect(out.messages.map((m) => m.role)).toEqual(req.messages.map((m) => m.role));
    expect(out.messages.map((m) => m.tool_call_id ?? null)).toEqual(req.messages.map((m) => m.tool_call_id ?? null));
    expect((out.messages[3]!.content as string).length).toBeLessThan(LOG.length / 5);
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
  });

  it("plain JSON that is not a transcript still goes to the JSON compressor", async () => {
    const r = await compress(JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ role: `r${i}`, id: i })) }));
    expect(r.type).toBe("json");
  });
});

describe("per-output override", () => {
  it("skip leaves an output whole, force compresses a short one, query replaces the question", async () => {
    const req = chat([LOG]);
    const skipped = await compress(req, { override: (o) => (o.toolName === "read_log" ? { skip: true } : undefined) });
    expect(skipped.request!.messages[3]!.content).toBe(LOG);
    const q = await compress(req, { override: (o) => (o.toolName === "read_log" ? { query: "which IPs failed for root?" } : undefined) });
    expect(q.request!.messages[3]!.content).not.toBe(LOG);
    const shortLog = authLog(12) as string;
    const forced = await compress(chat([shortLog]), { minChars: 100_000, override: () => ({ force: true }) });
    const plain = await compress(chat([shortLog]), { minChars: 100_000 });
    expect(plain.perMessage.length).toBe(0);
    expect(forced.perMessage.length).toBeGreaterThan(0);
  });
});

describe("budget fitting never orphans a tool call or a result", () => {
  it("every call keeps its result and every result its call, whatever the budget", async () => {
    const store = memoryStore();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 50, max: 60_000 }), async (sizes, budget) => {
        const req = chat(sizes.map((n, k) => (n < 20 ? `tiny ${k}` : (authLog(n, { seed: k + 1 }) as string))));
        const r = await compress(req, { budget, store });
        const msgs = r.request!.messages as Array<{ role: string; tool_call_id?: string; tool_calls?: Array<{ id: string }> }>;
        expect(msgs.length).toBe(req.messages.length);
        const calls = new Set(msgs.flatMap((m) => (m.tool_calls ?? []).map((c) => c.id)));
        const results = new Set(msgs.filter((m) => m.role === "tool").map((m) => m.tool_call_id!));
        expect([...calls].sort()).toEqual([...results].sort());
        expect(msgs[0]).toEqual(req.messages[0]);
        expect(msgs.at(-4)).toEqual(req.messages.at(-4)); // the latest user message
      }),
      { numRuns: 25 },
    );
  });
});

// A tokenfold_retrieve result (run by the user's agent, an MCP client, LangChain's ToolNode …) is
// the original the model asked for: folding it again on the next turn would hide it once more.
describe("tokenfold_retrieve results are never compressed again", () => {
  const log = authLog(3000) as string;
  const args = '{"ref":"tf_0123456789abcdef01234567"}';
  const cases: Array<[string, unknown, (r: unknown) => string]> = [
    ["openai-chat", { model: "m", messages: [
      { role: "user", content: "who logged in?" },
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "tokenfold_retrieve", arguments: args } }] },
      { role: "tool", tool_call_id: "c1", content: log },
    ] }, (r) => (r as { messages: Array<{ content: string }> }).messages[2]!.content],
    ["anthropic", { model: "m", max_tokens: 10, messages: [
      { role: "user", content: "who logged in?" },
      { role: "assistant", content: [{ type: "tool_use", id: "c1", name: "tokenfold_retrieve", input: JSON.parse(args) }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "c1", content: log }] },
    ] }, (r) => (r as { messages: Array<{ content: Array<{ content: string }> }> }).messages[2]!.content[0]!.content],
    ["openai-responses", { model: "m", input: [
      { role: "user", content: "who logged in?" },
      { type: "function_call", call_id: "c1", name: "tokenfold_retrieve", arguments: args },
      { type: "function_call_output", call_id: "c1", output: log },
    ] }, (r) => (r as { input: Array<{ output: string }> }).input[2]!.output],
    ["gemini", { contents: [
      { role: "user", parts: [{ text: "who logged in?" }] },
      { role: "model", parts: [{ functionCall: { name: "tokenfold_retrieve", args: JSON.parse(args) } }] },
      { role: "user", parts: [{ functionResponse: { name: "tokenfold_retrieve", response: { output: log } } }] },
    ] }, (r) => (r as { contents: Array<{ parts: Array<{ functionResponse: { response: { output: string } } }> }> }).contents[2]!.parts[0]!.functionResponse.response.output],
  ];
  it.each(cases)("%s", async (_name, body, outputOf) => {
    const r = await compress(body as object, { store: memoryStore() });
    expect(outputOf(r.request)).toBe(log);
    // the same output from another tool is compressed (the rule is about the tool, not the text)
    const other = JSON.parse(JSON.stringify(body).replaceAll("tokenfold_retrieve", "read_log"));
    const o = await compress(other as object, { store: memoryStore() });
    expect(outputOf(o.request).length).toBeLessThan(log.length / 2);
  });
});

describe("before and after hooks", () => {
  it("before rewrites the body that is compressed; after sees the result; the caller's body is untouched", async () => {
    const log = authLog(2000) as string;
    const secret = "sk-live-0123456789abcdef";
    const body = { model: "m", messages: [
      { role: "user", content: "who logged in?" },
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "read_log", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "c1", content: `${log}token=${secret}\n` },
    ] };
    const before = JSON.stringify(body);
    const seen: number[] = [];
    const redact = (b: unknown) => JSON.parse(JSON.stringify(b).replaceAll(secret, "[redacted]"));
    const store = memoryStore();
    const r = await compress(body, { store, before: redact, after: (res) => { seen.push(res.saved); } });
    expect(JSON.stringify(body)).toBe(before);
    expect(JSON.stringify(r.request)).not.toContain(secret);
    expect(seen).toEqual([r.saved]);
    expect(r.saved).toBeGreaterThan(0);
    // what was stored under the ref is the redacted original, never the secret
    const ref = /tf_[0-9a-f]{24}/.exec(JSON.stringify(r.request))![0];
    expect((await store.get(ref))!.original).toContain("token=[redacted]");
    // a before hook that returns nothing keeps the body
    const same = await compress(body, { store: memoryStore(), before: () => undefined });
    expect(JSON.stringify(same.request)).toContain(secret);
  });
});

describe("the question of a tool output", () => {
  it("is the user's words and the values of the call's arguments, not their JSON keys", async () => {
    const { questionOf } = await import("../src/messages/compress-messages.js");
    expect(questionOf({ question: "why is it refused?", toolArgs: '{"command":"cat /etc/pg.conf","opts":{"lines":[1,2]}}' })).toBe("why is it refused?\ncat /etc/pg.conf\n1\n2");
    expect(questionOf({ question: "q", toolArgs: "not json" })).toBe("q\nnot json");
    expect(questionOf({ question: "q" })).toBe("q");
  });
});
