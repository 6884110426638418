// withTokenfold(new GoogleGenAI()): the real @google/genai client against a local stand-in of the
// Gemini API that records what it receives: generateContent, generateContentStream, the retrieval
// loop, and pass-through of params with no conversation in them.
import { GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore, type Store } from "../src/index.js";
import { withTokenfold } from "../src/surfaces/adapters/index.js";
import { sendJson, sendSse, startUpstream, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const NEEDLE = "Accepted publickey for deploy from 10.20.30.40";
const REF = /tf_[0-9a-f]{24}/;

type Received = { path: string; key: string | undefined; body: Record<string, any>; raw: string };
let up: StandIn;
let base = "";
let received: Received[] = [];
let reply: (r: Received) => unknown = () => ({});

beforeAll(async () => {
  up = await startUpstream((req, res) => {
    const r: Received = { path: req.url, key: req.headers["x-goog-api-key"] as string | undefined, body: req.json ?? {}, raw: req.body };
    received.push(r);
    const out = reply(r);
    if (r.path.includes(":streamGenerateContent")) sendSse(res, (out as unknown[]).map((data) => ({ data })));
    else sendJson(res, 200, out);
  });
  base = up.url;
});
afterAll(() => up.close());
beforeEach(() => {
  received = [];
});

const ai = (store: Store, options: Parameters<typeof withTokenfold>[1] = {}) =>
  withTokenfold(new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: base } }), { store, ...options });
const answer = (parts: unknown[]) => ({ candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } });
function params() {
  return {
    model: "gemini-x",
    contents: [
      { role: "user", parts: [{ text: "Did anyone log in successfully on web-1?" }] },
      { role: "model", parts: [{ functionCall: { name: "read_log", args: { path: "/var/log/auth.log" } } }] },
      { role: "user", parts: [{ functionResponse: { name: "read_log", response: { output: LOG } } }] },
    ],
    config: { systemInstruction: "You are a careful SRE assistant.", tools: [{ functionDeclarations: [{ name: "read_log", parameters: { type: "object", properties: {} } }] }], temperature: 0 },
  };
}
function expectCompressed(r: Received) {
  const out = r.body.contents[2].parts[0].functionResponse.response.output as string;
  expect(out.length).toBeLessThan(LOG.length / 3);
  expect(out).toContain(NEEDLE);
  expect(out).toMatch(REF);
  const names = (r.body.tools as Array<{ functionDeclarations: Array<{ name: string }> }>).flatMap((t) => t.functionDeclarations.map((d) => d.name));
  expect(names).toEqual(["read_log", "tokenfold_retrieve"]);
  expect(r.body.systemInstruction.parts[0].text).toBe("You are a careful SRE assistant.");
  expect(r.body.generationConfig.temperature).toBe(0);
}

describe("withTokenfold(new GoogleGenAI())", () => {
  it("generateContent: the upstream gets the compressed functionResponse and the retrieve tool", async () => {
    reply = () => answer([{ text: "Yes: deploy." }]);
    const p = params();
    const before = JSON.stringify(p.contents);
    const res = await ai(memoryStore()).models.generateContent(p);
    expect(res.text).toBe("Yes: deploy.");
    // our side never mutates the caller's contents (the SDK itself upper-cases schema types in config.tools)
    expect(JSON.stringify(p.contents)).toBe(before);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toMatch(/\/models\/gemini-x:generateContent/);
    expect(received[0]!.key).toBe("test-key");
    expectCompressed(received[0]!);
    expect(received[0]!.body.contents.slice(0, 2)).toEqual(p.contents.slice(0, 2));
  });

  it("generateContentStream: chunks arrive, and the upstream got the compressed body", async () => {
    reply = () => [answer([{ text: "Yes, " }]), answer([{ text: "deploy." }])];
    let text = "";
    for await (const chunk of await ai(memoryStore()).models.generateContentStream(params())) text += chunk.text ?? "";
    expect(text).toBe("Yes, deploy.");
    expectCompressed(received[0]!);
  });

  it("answerRetrievals: a reply of only tokenfold_retrieve calls is answered and the call continues", async () => {
    reply = (r) => {
      const last = r.body.contents.at(-1);
      if (last.parts[0].functionResponse?.name === "tokenfold_retrieve") return answer([{ text: "Final answer." }]);
      return answer([{ functionCall: { id: "fc1", name: "tokenfold_retrieve", args: { ref: REF.exec(r.raw)![0] } } }]);
    };
    const res = await ai(memoryStore(), { answerRetrievals: true }).models.generateContent(params());
    expect(res.text).toBe("Final answer.");
    expect(received).toHaveLength(2);
    const [first, second] = [received[0]!.body, received[1]!.body];
    expect(second.contents.slice(0, first.contents.length)).toEqual(first.contents);
    expect(second.contents.at(-2)).toMatchObject({ role: "model", parts: [{ functionCall: { name: "tokenfold_retrieve" } }] });
    expect(second.contents.at(-1)).toEqual({ role: "user", parts: [{ functionResponse: { id: "fc1", name: "tokenfold_retrieve", response: { content: LOG } } }] });
  });

  it("params without a conversation, or with nothing to compress, go out as given", async () => {
    reply = () => answer([{ text: "ok" }]);
    await ai(memoryStore()).models.generateContent({ model: "gemini-x", contents: "just a question" });
    expect(received[0]!.body.contents).toEqual([{ role: "user", parts: [{ text: "just a question" }] }]);
    expect(received[0]!.body.tools).toBeUndefined();
    const small = { model: "gemini-x", contents: [{ role: "user", parts: [{ text: "hi" }] }], config: { temperature: 0.5 } };
    await ai(memoryStore()).models.generateContent(small);
    expect(received[1]!.body.contents).toEqual(small.contents);
    expect(received[1]!.body.tools).toBeUndefined();
  });
});
