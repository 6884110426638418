// The proxy's own routes: /health, /v1/compress and /v1/retrieve (for other languages), the
// stats pages, loopback-only access unless remote callers are allowed with a token, and stats
// recorded for each compressed request.
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../src/index.js";
import { openStats } from "../src/stats/index.js";
import type { Stats } from "../src/stats/types.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import { isLoopback } from "../src/surfaces/proxy/local-routes.js";
import { chatCompletion, chatToolCall, sendJson, startUpstream, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const REF = /tf_[0-9a-f]{24}/;

let up: StandIn;
let proxy: RunningProxy;
let stats: Stats;

beforeAll(async () => {
  up = await startUpstream((_r, res) => sendJson(res, 200, chatCompletion({ content: "ok" })));
  stats = openStats({ path: ":memory:" });
  proxy = await startProxy({ port: 0, upstreams: { openai: up.url }, store: memoryStore(), stats });
});
afterAll(async () => {
  await proxy.close();
  stats.close();
  await up.close();
});
beforeEach(() => {
  up.received.length = 0;
});

const post = (path: string, body: unknown, base = proxy.url, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("local routes", () => {
  it("/health answers JSON and never reaches upstream", async () => {
    const res = await fetch(`${proxy.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, name: "tokenfold", store: "memory", upstreams: { openai: up.url } });
    expect(up.received).toHaveLength(0);
  });

  it("/v1/compress takes content and a query; /v1/retrieve gives the original back byte for byte", async () => {
    const res = await post("/v1/compress", { content: LOG, query: "successful login" });
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r.text.length).toBeLessThan(LOG.length / 2);
    expect(r.refs[0]).toMatch(REF);
    const back = await (await post("/v1/retrieve", { ref: r.refs[0] })).json();
    expect(back.text).toBe(LOG);
    const some = await (await post("/v1/retrieve", { ref: r.refs[0], query: "Accepted" })).json();
    expect(some.text.length).toBeLessThan(LOG.length);
    expect(some.text).toContain("Accepted");
  });

  it("/v1/compress takes a request body and gives the request back compressed", async () => {
    const request = { model: "m", messages: [{ role: "user", content: "who logged in?" }, { role: "assistant", content: null, tool_calls: [chatToolCall("c", "read_log", {})] }, { role: "tool", tool_call_id: "c", content: LOG }] };
    const r = await (await post("/v1/compress", { request })).json();
    expect(r.format).toBe("openai-chat");
    expect(r.request.messages[2].content).toMatch(REF);
  });

  it("bad input gets 400 and an unknown ref 404, both as JSON", async () => {
    expect((await post("/v1/compress", { nothing: true })).status).toBe(400);
    const bad = await fetch(`${proxy.url}/v1/compress`, { method: "POST", body: "nope" });
    expect(bad.status).toBe(400);
    const missing = await post("/v1/retrieve", { ref: "tf_000000000000000000000000" });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.type).toBe("not_found");
    expect((await fetch(`${proxy.url}/v1/compress`)).status).toBe(405);
  });

  it("records each compressed request in stats, per compressor, and serves /stats and /metrics", async () => {
    const before = stats.summary().requests;
    await post("/v1/chat/completions", { model: "gpt-standin", messages: [{ role: "user", content: "who logged in?" }, { role: "assistant", content: null, tool_calls: [chatToolCall("c", "read_log", {})] }, { role: "tool", tool_call_id: "c", content: LOG }] });
    const s = stats.summary();
    expect(s.requests).toBe(before + 1);
    expect(s.tokensAfter).toBeLessThan(s.tokensBefore);
    expect(s.byType.length).toBeGreaterThan(0);
    expect(s.bySurface.map((x) => x.surface)).toContain("proxy");
    const json = await (await fetch(`${proxy.url}/stats`)).json();
    expect(JSON.stringify(json)).toContain("proxy");
    const metrics = await (await fetch(`${proxy.url}/metrics`)).text();
    expect(metrics).toMatch(/tokenfold_/);
  });
});

describe("access", () => {
  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.4.5.6", "::1", "::ffff:127.0.0.1"].map(isLoopback)).toEqual([true, true, true, true]);
    expect(["10.0.0.1", "::ffff:192.168.1.2", "fe80::1", undefined].map(isLoopback)).toEqual([false, false, false, false]);
  });

  it("allowRemote without a token is refused at start", async () => {
    await expect(startProxy({ port: 0, allowRemote: true, store: memoryStore(), stats: false })).rejects.toThrow(/token/);
  });

  // A non-loopback address of this machine makes the caller remote; skipped where there is none.
  const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  it.skipIf(!external)("remote callers need allowRemote and the Bearer token; /health stays open", async () => {
    const closed = await startProxy({ port: 0, host: "0.0.0.0", store: memoryStore(), stats: false });
    const open = await startProxy({ port: 0, host: "0.0.0.0", store: memoryStore(), stats: false, allowRemote: true, token: "s3cret" });
    try {
      const at = (p: RunningProxy) => `http://${external}:${p.port}`;
      expect((await post("/v1/compress", { content: "x" }, at(closed))).status).toBe(403);
      expect((await fetch(`${at(closed)}/health`)).status).toBe(200);
      expect((await post("/v1/compress", { content: "x" }, at(open))).status).toBe(403);
      expect((await post("/v1/compress", { content: "x" }, at(open), { authorization: "Bearer wrong" })).status).toBe(403);
      expect((await post("/v1/compress", { content: "x" }, at(open), { authorization: "Bearer s3cret" })).status).toBe(200);
    } finally {
      await closed.close();
      await open.close();
    }
  });
});
