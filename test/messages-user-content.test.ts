// Opt-in `userContent`: a large paste in the user's own message is compressed like a tool output,
// while the words the user wrote around it stay verbatim and are its question.
import { describe, expect, it } from "vitest";
import { compress, memoryStore, retrieve } from "../src/index.js";
import { splitPaste } from "../src/messages/paste.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const NEEDLE = "Accepted publickey for deploy from 10.20.30.40";
const HEAD = "Did anyone log in successfully on web-1? Here is the auth log:\n```\n";
const TAIL = "```\nPlease name the user and the source address.";
const PASTE = HEAD + LOG + TAIL;
const REF = /tf_[0-9a-f]{24}/;

const bodies: Array<[string, () => object, (r: any) => string]> = [
  ["openai-chat", () => ({ model: "m", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: PASTE }] }), (r) => r.messages[1].content],
  ["anthropic", () => ({ model: "m", max_tokens: 10, system: "Be brief.", messages: [{ role: "user", content: [{ type: "text", text: PASTE }] }] }), (r) => r.messages[0].content[0].text],
  ["openai-responses", () => ({ model: "m", input: [{ role: "user", content: [{ type: "input_text", text: PASTE }] }] }), (r) => r.input[0].content[0].text],
  ["gemini", () => ({ contents: [{ role: "user", parts: [{ text: PASTE }] }] }), (r) => r.contents[0].parts[0].text],
];

describe("userContent: large user pastes", () => {
  it.each(bodies)("%s: off by default; on, only the paste is compressed, the user's words kept, the ref gives the paste back", async (_name, make, textOf) => {
    const body = make();
    const off = await compress(body, { store: memoryStore() });
    expect(off.request).toBe(body);
    const store = memoryStore();
    const on = await compress(make(), { store, userContent: true });
    const text = textOf(on.request);
    expect(text.length).toBeLessThan(PASTE.length / 3);
    expect(text.startsWith(HEAD)).toBe(true);
    expect(text.endsWith(TAIL)).toBe(true);
    expect(text).toContain(NEEDLE);
    const ref = REF.exec(text)![0];
    const back = await retrieve(ref, { store });
    expect(back.ok && back.value.text).toBe(LOG);
    expect(on.perMessage.some((p) => p.type.startsWith("user:"))).toBe(true);
    // deterministic: the same bytes on the next turn
    const again = await compress(make(), { store: memoryStore(), userContent: true });
    expect(JSON.stringify(again.request)).toBe(JSON.stringify(on.request));
  });

  it("short user text, a minChars above the paste, cache_control and a frozen prefix leave it alone", async () => {
    const short = { model: "m", messages: [{ role: "user", content: "hello ".repeat(100) }] };
    expect((await compress(short, { userContent: true })).request).toBe(short);
    const big = bodies[0]![1]();
    expect((await compress(big, { userContent: { minChars: PASTE.length + 1 } })).request).toBe(big);
    expect((await compress(big, { userContent: true, frozenPrefix: 2 })).request).toBe(big);
    const locked = { model: "m", max_tokens: 10, messages: [{ role: "user", content: [{ type: "text", text: PASTE, cache_control: { type: "ephemeral" } }] }] };
    expect((await compress(locked, { userContent: true })).request).toBe(locked);
  });
});

describe("splitPaste", () => {
  it("takes the largest fenced block, else the middle between the first and last paragraphs", () => {
    expect(splitPaste("Why?\n```\nA\n```\nok\n```js\nBBBB\nCC\n```\nthanks")).toEqual({ head: "Why?\n```\nA\n```\nok\n```js\n", body: "BBBB\nCC\n", tail: "```\nthanks" });
    expect(splitPaste("Look at this:\n\nline1\nline2\n\nWhat failed?")).toEqual({ head: "Look at this:\n\n", body: "line1\nline2", tail: "\n\nWhat failed?" });
    expect(splitPaste("just one block of lines\nno blank line")).toEqual({ head: "", body: "just one block of lines\nno blank line", tail: "" });
  });
});
