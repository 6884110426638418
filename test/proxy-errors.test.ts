// Failure paths of the proxy: upstream errors pass through with status and body, a reset becomes
// a 502 JSON error, a client abort aborts the upstream request, a compression error forwards the
// original request byte for byte, and Gemini bodies are compressed too.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore, type Store } from "../src/index.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import { chatTextStream, chatToolCall, sendJson, startSse, startUpstream, writeSse, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const REF = /tf_[0-9a-f]{24}/;

let up: StandIn;
let proxy: RunningProxy;

beforeAll(async () => {
  up = await startUpstream();
  proxy = await startProxy({ port: 0, upstreams: { openai: up.url, anthropic: up.url, gemini: up.url }, store: memoryStore(), stats: false });
});
afterAll(async () => {
  await proxy.close();
  await up.close();
});
beforeEach(() => {
  up.received.length = 0;
});

const openai = (base = proxy.url) => new OpenAI({ baseURL: `${base}/v1`, apiKey: "sk-test", maxRetries: 0 });
function chatRequest() {
  return {
    model: "gpt-standin",
    messages: [
      { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
      { role: "assistant" as const, content: null, tool_calls: [chatToolCall("call_1", "read_log", { path: "/var/log/auth.log" }) as any] },
      { role: "tool" as const, tool_call_id: "call_1", content: LOG },
    ],
  };
}

describe("upstream errors", () => {
  it("429 passes through with its status, headers and body", async () => {
    up.handler = (_r, res) => sendJson(res, 429, { error: { message: "slow down", type: "rate_limit_error" } }, { "retry-after": "7" });
    const err = await openai().chat.completions.create(chatRequest()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).status).toBe(429);
    expect((err as Error).message).toContain("slow down");
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers?.get("retry-after")).toBe("7");
  });

  it("500 passes through, streamed request too", async () => {
    up.handler = (_r, res) => sendJson(res, 500, { error: { message: "provider broke", type: "server_error" } });
    const err = await openai().chat.completions.create({ ...chatRequest(), stream: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as Error).message).toContain("provider broke");
  });

  it("a connection reset becomes a 502 with a JSON error", async () => {
    up.handler = (_r, res) => res.socket!.destroy();
    const res = await fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(chatRequest()) });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { type: "tokenfold_proxy_error", code: "upstream_error" } });
  });

  it("a connection cut mid-stream reaches the client as a broken stream, not a clean end", async () => {
    up.handler = async (_r, res) => {
      startSse(res);
      writeSse(res, chatTextStream(["first"]).slice(0, 2));
      await new Promise((ok) => setTimeout(ok, 20));
      res.socket!.destroy();
    };
    const stream = await openai().chat.completions.create({ ...chatRequest(), stream: true });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta?.content ?? "");
    })().catch((e: unknown) => e);
    expect(seen).toContain("first");
    expect(err).toBeInstanceOf(Error);
  });

  it("an unreachable upstream is a 502 too", async () => {
    const dead = await startUpstream();
    const url = dead.url;
    await dead.close();
    const p = await startProxy({ port: 0, upstreams: { openai: url }, store: memoryStore(), stats: false });
    try {
      const res = await fetch(`${p.url}/v1/models`);
      expect(res.status).toBe(502);
      expect((await res.json()).error.message).toContain("ECONNREFUSED");
    } finally {
      await p.close();
    }
  });
});

describe("client abort", () => {
  it("aborting the client's stream aborts the upstream request", async () => {
    let hold!: () => void;
    const never = new Promise<void>((ok) => (hold = ok));
    up.handler = async (_r, res) => {
      startSse(res);
      writeSse(res, chatTextStream(["first"]).slice(0, 2));
      await never; // the provider would go on generating
    };
    const controller = new AbortController();
    const stream = await openai().chat.completions.create({ ...chatRequest(), stream: true }, { signal: controller.signal });
    const seen: string[] = [];
    try {
      for await (const chunk of stream) {
        seen.push(chunk.choices[0]?.delta?.content ?? "");
        if (seen.includes("first")) controller.abort();
      }
    } catch {
      /* the SDK may end the loop quietly or throw an abort error; either is fine */
    }
    expect(seen).toContain("first");
    expect(await up.received[0]!.closedEarly).toBe(true);
    hold();
  });
});

describe("fail-open", () => {
  it("a compression error forwards the client's bytes unchanged", async () => {
    // a store that cannot save: the lossy path fails, so the original must go upstream
    const broken: Store = { name: "broken", put: async () => { throw new Error("disk full"); }, get: async () => undefined };
    const lines: string[] = [];
    const p = await startProxy({ port: 0, upstreams: { openai: up.url }, store: broken, stats: false, log: (l) => lines.push(l) });
    try {
      up.handler = (_r, res) => sendJson(res, 200, { ok: true });
      const body = JSON.stringify(chatRequest());
      const res = await fetch(`${p.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-secret-123" }, body });
      expect(res.status).toBe(200);
      expect(up.received[0]!.body).toBe(body);
      expect(lines.join("\n")).toContain("compression failed");
      expect(lines.join("\n")).not.toContain("sk-secret-123");
    } finally {
      await p.close();
    }
  });

  it("a body that is not JSON is forwarded as it came", async () => {
    up.handler = (r, res) => sendJson(res, 400, { error: { message: `bad json: ${r.body}` } });
    const res = await fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
    expect(up.received[0]!.body).toBe("{not json");
  });

  it("a throwing beforeUpstream hook still sends the compressed body", async () => {
    const p = await startProxy({ port: 0, upstreams: { openai: up.url }, store: memoryStore(), stats: false, beforeUpstream: () => { throw new Error("hook broke"); } });
    try {
      up.handler = (_r, res) => sendJson(res, 200, { ok: true });
      await fetch(`${p.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(chatRequest()) });
      expect(up.received[0]!.json.messages[2].content).toMatch(REF);
    } finally {
      await p.close();
    }
  });

  it("beforeUpstream can change the body, and content-length follows", async () => {
    const p = await startProxy({ port: 0, upstreams: { openai: up.url }, store: memoryStore(), stats: false, beforeUpstream: (b, format) => ({ ...(b as object), injected: format }) });
    try {
      up.handler = (_r, res) => sendJson(res, 200, { ok: true });
      await fetch(`${p.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }) });
      expect(up.received[0]!.json.injected).toBe("openai-chat");
      expect(Number(up.received[0]!.headers["content-length"])).toBe(Buffer.byteLength(up.received[0]!.body));
    } finally {
      await p.close();
    }
  });
});

describe("Gemini", () => {
  it("generateContent: the functionResponse is compressed, the key in the query is kept", async () => {
    up.handler = (_r, res) => sendJson(res, 200, { candidates: [{ content: { role: "model", parts: [{ text: "ok" }] } }] });
    const body = {
      contents: [
        { role: "user", parts: [{ text: "Did anyone log in successfully on web-1?" }] },
        { role: "model", parts: [{ functionCall: { name: "read_log", args: { path: "/var/log/auth.log" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "read_log", response: { content: LOG } } }] },
      ],
    };
    const res = await fetch(`${proxy.url}/v1beta/models/gemini-standin:generateContent?key=g-123`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const got = up.received[0]!;
    expect(got.url).toBe("/v1beta/models/gemini-standin:generateContent?key=g-123");
    const text = got.json.contents[2].parts[0].functionResponse.response.content as string;
    expect(text).toMatch(REF);
    expect(text.length).toBeLessThan(LOG.length / 2);
    expect(got.json.tools[0].functionDeclarations.map((d: any) => d.name)).toContain("tokenfold_retrieve");
  });

  it("streamGenerateContent (alt=sse) is relayed as it arrives", async () => {
    up.handler = (_r, res) => {
      startSse(res);
      writeSse(res, [{ data: { candidates: [{ content: { role: "model", parts: [{ text: "a" }] } }] } }, { data: { candidates: [{ content: { role: "model", parts: [{ text: "b" }] } }] } }]);
      res.end();
    };
    const res = await fetch(`${proxy.url}/v1beta/models/gemini-standin:streamGenerateContent?alt=sse`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }) });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const raw = await res.text();
    expect(raw.match(/^data: /gm)).toHaveLength(2);
    expect(up.received[0]!.url).toBe("/v1beta/models/gemini-standin:streamGenerateContent?alt=sse");
  });
});
