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
