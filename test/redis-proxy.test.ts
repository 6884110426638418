// Two proxies sharing one real redis-server (issue 5, "many proxies"): a ref made on one is
// retrieved through the other's /v1/retrieve; with Redis killed mid-run every request still
// succeeds (refs go to each proxy's local store, one warning each), and once Redis is back the
// refs made during the outage reach the other proxy too.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import redis, { type RedisStore } from "../src/store/redis.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import { anthropicStream, chatCompletion, chatToolCall, sendJson, sendSse, startUpstream, type StandIn } from "./helpers/upstream.js";
import { redisMissing, startRedis, type TestRedis } from "./helpers/redis-server.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const missing = redisMissing();
const LOG = authLog(3000) as string;
const REF = /tf_[0-9a-f]{24}/;

let server: TestRedis;
let up: StandIn;
const proxies: Record<"a" | "b", { proxy: RunningProxy; store: RedisStore; warnings: string[] }> = {} as never;

beforeAll(async () => {
  if (missing !== undefined) return;
  server = await startRedis();
  up = await startUpstream();
  for (const name of ["a", "b"] as const) {
    const warnings: string[] = [];
    // Same Redis, same prefix; each proxy has its own local fallback, as two hosts would.
    const store = redis({ url: server.url, keyPrefix: "proxy-test:", log: (l) => warnings.push(l) });
    const proxy = await startProxy({ port: 0, upstreams: { openai: up.url, anthropic: up.url, gemini: up.url }, store, stats: false });
    proxies[name] = { proxy, store, warnings };
  }
});
afterAll(async () => {
  for (const p of Object.values(proxies)) {
    await p.proxy.close();
    await p.store.close();
  }
  await up?.close();
  await server?.stop();
});
beforeEach(() => {
  if (up) up.received.length = 0;
});

const openai = (p: RunningProxy) => new OpenAI({ baseURL: `${p.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
const claude = (p: RunningProxy) => new Anthropic({ baseURL: p.url, apiKey: "sk-ant-test", maxRetries: 0 });

/** A chat request whose tool output is `log` (a distinct log makes a distinct ref). */
const chatRequest = (log: string) => ({
  model: "gpt-standin",
  messages: [
    { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
    { role: "assistant" as const, content: null, tool_calls: [chatToolCall("call_1", "read_log", { path: "/var/log/auth.log" }) as any] },
    { role: "tool" as const, tool_call_id: "call_1", content: log },
  ],
  tools: [{ type: "function" as const, function: { name: "read_log", parameters: { type: "object", properties: {} } } }],
});
const anthropicRequest = (log: string) => ({
  model: "claude-standin",
  max_tokens: 256,
  messages: [
    { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
    { role: "assistant" as const, content: [{ type: "tool_use" as const, id: "tu_1", name: "read_log", input: { path: "/var/log/auth.log" } }] },
    { role: "user" as const, content: [{ type: "tool_result" as const, tool_use_id: "tu_1", content: log }] },
  ],
  tools: [{ name: "read_log", input_schema: { type: "object" as const, properties: {} } }],
});

/** Sends a chat request through `p` and returns the ref the provider saw. */
async function compressThrough(p: RunningProxy, log: string): Promise<string> {
  up.handler = (_r, res) => sendJson(res, 200, chatCompletion({ content: "ok" }));
  const before = up.received.length;
  const reply = await openai(p).chat.completions.create(chatRequest(log));
  expect(reply.choices[0]!.message.content).toBe("ok");
  const tool = up.received[before]!.json.messages[2].content as string;
  expect(tool.length).toBeLessThan(log.length / 2);
  return REF.exec(tool)![0];
}

async function retrieveVia(p: RunningProxy, ref: string, query?: string): Promise<{ status: number; text?: string }> {
  const r = await fetch(`${p.url}/v1/retrieve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ref, query }) });
  const body = (await r.json()) as { text?: string };
  return { status: r.status, text: body.text };
}

const waitFor = async (cond: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.skipIf(missing !== undefined)(`two proxies on one Redis${missing ? ` (skipped: ${missing})` : ""}`, () => {
  it("a ref made on one proxy is retrieved through the other's /v1/retrieve (whole and by query)", async () => {
    const { a, b } = proxies;
    const ref = await compressThrough(a.proxy, LOG);
    expect(await retrieveVia(b.proxy, ref)).toEqual({ status: 200, text: LOG });
    const part = await retrieveVia(b.proxy, ref, "Accepted publickey");
    expect(part.status).toBe(200);
    expect(part.text).toContain("Accepted publickey for deploy");
    expect(part.text!.length).toBeLessThan(LOG.length);
    // and the other way round
    const other = `${LOG}extra line made on b\n`;
    const refB = await compressThrough(b.proxy, other);
    expect(refB).not.toBe(ref);
    expect((await retrieveVia(a.proxy, refB)).text).toBe(other);
    expect((await retrieveVia(a.proxy, "tf_000000000000000000000000")).status).toBe(404);
    expect(a.warnings).toEqual([]);
    expect(b.warnings).toEqual([]);
  });

  it("Redis killed mid-run: every request still succeeds, one warning per proxy, and the outage's refs are shared once Redis is back", async () => {
    const { a, b } = proxies;
    await server.kill();
    const outageLog = `${LOG}made during the outage\n`;
    // non-streaming through a, streaming (Anthropic SSE) through b
    const ref = await compressThrough(a.proxy, outageLog);
    up.handler = (_r, res) => sendSse(res, anthropicStream([{ text: "still streaming" }]));
    const stream = claude(b.proxy).messages.stream(anthropicRequest(outageLog));
    const final = await stream.finalMessage();
    expect(final.content).toEqual([expect.objectContaining({ type: "text", text: "still streaming" })]);
    const sent = JSON.stringify(up.received.at(-1)!.json.messages[2].content);
    expect(sent.length).toBeLessThan(outageLog.length / 2);
    expect(sent).toContain(ref); // same content, same ref, on either proxy
    for (let i = 0; i < 5; i++) await compressThrough(a.proxy, `${outageLog}${i}\n`);
    // each proxy still answers for its own refs, from its local store
    expect(await retrieveVia(a.proxy, ref)).toEqual({ status: 200, text: outageLog });
    expect(await retrieveVia(b.proxy, ref)).toEqual({ status: 200, text: outageLog });
    expect(a.warnings.filter((l) => /unreachable/.test(l))).toHaveLength(1);
    expect(b.warnings.filter((l) => /unreachable/.test(l))).toHaveLength(1);
    // a ref made only on a during the outage is b's to find once Redis is back
    const onlyA = `${LOG}only on a\n`;
    const refA = await compressThrough(a.proxy, onlyA);
    expect((await retrieveVia(b.proxy, refA)).status).toBe(404);

    await server.start();
    await waitFor(() => a.store.connected && b.store.connected, "both proxies to reconnect");
    await waitFor(async () => (await retrieveVia(b.proxy, refA)).status === 200, "a's outage ref to reach Redis");
    expect((await retrieveVia(b.proxy, refA)).text).toBe(onlyA);
    // and new refs are shared again at once
    const after = `${LOG}after the outage\n`;
    expect((await retrieveVia(b.proxy, await compressThrough(a.proxy, after))).text).toBe(after);
    expect(a.warnings.filter((l) => /unreachable/.test(l))).toHaveLength(1);
  });
});
