// memoryInjector on the four request formats, without a proxy: the block lands at the end of the
// system prompt, the prefix before it is untouched, output is deterministic and idempotent, the
// block stays the same for a whole conversation (caches keep hitting), and errors fail open.
import { describe, expect, it } from "vitest";
import { createMemory, inProcessBackend, type Memory } from "../src/memory/index.js";
import { MEMORY_CLOSE, MEMORY_OPEN, firstUserText, memoryInjector } from "../src/memory/inject.js";
import type { MessageFormat } from "../src/messages/types.js";

async function seeded(): Promise<Memory> {
  const m = createMemory({ backend: inProcessBackend() });
  await m.add({ text: "Run the unit tests with npm test -- --run", subject: "test command" });
  await m.add({ text: "The proxy listens on port 8787 by default" });
  await m.add({ text: "Dashboard charts use uPlot" });
  return m;
}

const Q = "How do I run the unit tests here?";
const bodies: Record<MessageFormat, () => Record<string, unknown>> = {
  "openai-chat": () => ({ model: "gpt", messages: [{ role: "system", content: "You are terse." }, { role: "user", content: Q }] }),
  anthropic: () => ({ model: "claude", max_tokens: 10, system: [{ type: "text", text: "You are terse.", cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: [{ type: "text", text: Q }] }] }),
  "openai-responses": () => ({ model: "gpt", instructions: "You are terse.", input: [{ role: "user", content: [{ type: "input_text", text: Q }] }] }),
  gemini: () => ({ systemInstruction: { parts: [{ text: "You are terse." }] }, contents: [{ role: "user", parts: [{ text: Q }] }] }),
};

/** The system prompt as one text, per format. */
function systemText(body: Record<string, unknown>, format: MessageFormat): string {
  const texts = (v: unknown): string => (typeof v === "string" ? v : Array.isArray(v) ? v.map((p) => (p as { text: string }).text).join("\n") : "");
  if (format === "openai-chat") return texts((body.messages as Array<{ content: unknown }>)[0]!.content);
  if (format === "anthropic") return texts(body.system);
  if (format === "openai-responses") return String(body.instructions);
  return texts((body.systemInstruction as { parts: unknown[] }).parts);
}

describe.each(Object.keys(bodies) as MessageFormat[])("memoryInjector on %s", (format) => {
  it("appends one marked block with the relevant facts at the end of the system prompt", async () => {
    const inject = memoryInjector({ memory: await seeded(), limit: 2 });
    const original = bodies[format]();
    const frozen = JSON.stringify(original);
    const out = (await inject(original, format)) as Record<string, unknown>;
    expect(JSON.stringify(original)).toBe(frozen); // the input is not mutated
    const sys = systemText(out, format);
    expect(sys.startsWith("You are terse.")).toBe(true);
    expect(sys.endsWith(MEMORY_CLOSE)).toBe(true);
    expect(sys.split(MEMORY_OPEN).length).toBe(2);
    expect(sys).toContain("npm test -- --run");
    expect(sys).not.toContain("uPlot");
    // everything but the system prompt is untouched
    const strip = (b: Record<string, unknown>) => JSON.stringify({ ...b, system: 0, instructions: 0, systemInstruction: 0, messages: format === "openai-chat" ? (b.messages as unknown[]).slice(1) : b.messages });
    expect(strip(out)).toBe(strip(original));
    if (format === "anthropic") expect((out.system as Array<{ cache_control?: unknown }>)[0]!.cache_control).toEqual({ type: "ephemeral" });
  });

  it("is deterministic, idempotent on its own output, and sticky for the conversation", async () => {
    const memory = await seeded();
    const a = memoryInjector({ memory });
    const b = memoryInjector({ memory });
    const t1 = await a(bodies[format](), format);
    expect(JSON.stringify(await b(bodies[format](), format))).toBe(JSON.stringify(t1));
    expect(JSON.stringify(await a(t1, format))).toBe(JSON.stringify(t1));
    // a new, more relevant fact arrives mid-conversation: turn 2 still carries turn 1's block
    await memory.add({ text: "Unit tests run in CI on Node 20 with npm test -- --run --coverage tests" });
    const turn2 = bodies[format]();
    const sys1 = systemText(t1 as Record<string, unknown>, format);
    expect(systemText((await a(turn2, format)) as Record<string, unknown>, format)).toBe(sys1);
    // a fresh injector (a new conversation cache) sees the new fact
    expect(systemText((await memoryInjector({ memory })(bodies[format](), format)) as Record<string, unknown>, format)).toContain("coverage");
  });

  it("leaves the body alone when nothing matches, and fails open when the memory throws", async () => {
    const none = memoryInjector({ memory: createMemory({ backend: inProcessBackend() }) });
    const body = bodies[format]();
    expect(await none(body, format)).toBe(body);
    const broken = { search: async () => { throw new Error("disk gone"); } } as unknown as Memory;
    const body2 = bodies[format]();
    expect(await memoryInjector({ memory: broken })(body2, format)).toBe(body2);
    expect(await memoryInjector({ memory: await seeded() })("not a body", format)).toBe("not a body");
  });
});

describe("memoryInjector details", () => {
  it("creates a system prompt where there is none", async () => {
    const inject = memoryInjector({ memory: await seeded() });
    const chat = (await inject({ messages: [{ role: "user", content: Q }] }, "openai-chat")) as { messages: Array<{ role: string; content: string }> };
    expect(chat.messages[0]!.role).toBe("system");
    expect(chat.messages[0]!.content.startsWith(MEMORY_OPEN)).toBe(true);
    expect(chat.messages.length).toBe(2);
    expect(((await inject(chat, "openai-chat")) as { messages: unknown[] }).messages.length).toBe(2);
    const anth = (await inject({ max_tokens: 5, messages: [{ role: "user", content: Q }] }, "anthropic")) as { system: string };
    expect(anth.system.startsWith(MEMORY_OPEN)).toBe(true);
    const gem = (await inject({ contents: [{ role: "user", parts: [{ text: Q }] }] }, "gemini")) as { systemInstruction: { parts: Array<{ text: string }> } };
    expect(gem.systemInstruction.parts[0]!.text.startsWith(MEMORY_OPEN)).toBe(true);
    const resp = (await inject({ input: Q, model: "m" }, "openai-responses")) as { instructions: string };
    expect(resp.instructions.startsWith(MEMORY_OPEN)).toBe(true);
  });

  it("picks facts by the first user message, not the latest (stable across turns)", () => {
    const body = { messages: [{ role: "user", content: "first question" }, { role: "assistant", content: "x" }, { role: "user", content: "second" }] };
    expect(firstUserText(body, "openai-chat")).toBe("first question");
    expect(firstUserText({ messages: [{ role: "user", content: [{ type: "tool_result", content: "r" }, { type: "text", text: "hi" }] }] }, "anthropic")).toBe("hi");
  });

  it("maxChars caps the block", async () => {
    const m = createMemory({ backend: inProcessBackend() });
    for (let i = 0; i < 20; i++) await m.add({ text: `Fact number ${i} about the tests: ${"x".repeat(i)} ${i * 7919}` });
    const out = (await memoryInjector({ memory: m, limit: 20, maxChars: 400 })({ input: "tests", model: "m" }, "openai-responses")) as { instructions: string };
    expect(out.instructions.length).toBeLessThanOrEqual(400);
    expect(out.instructions.endsWith(MEMORY_CLOSE)).toBe(true);
  });
});
