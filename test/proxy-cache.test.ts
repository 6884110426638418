// The proxy reuses the compressed text of tool outputs it compressed on earlier requests (an
// agent re-sends them every turn): the provider gets the same bytes as without the cache, stats
// still count the savings, and a ref the store lost makes the output compressed (and stored) anew.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore, type Store } from "../src/index.js";
import { createEstimator } from "../src/core/tokens.js";
import { compressMessages } from "../src/messages/compress-messages.js";
import { openaiChat } from "../src/messages/formats/openai-chat.js";
import { compressCached, createOutputCache } from "../src/surfaces/proxy/compress-cache.js";
import { openStats } from "../src/stats/index.js";
import type { Stats } from "../src/stats/types.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import { chatCompletion, chatToolCall, sendJson, startUpstream, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const REF = /tf_[0-9a-f]{24}/;

/** A memory store the test can make forget everything (as an expired TTL would). */
function forgetfulStore(): Store & { forget(): void } {
  let inner = memoryStore();
  return { name: "memory", put: (e) => inner.put(e), get: (r) => inner.get(r), forget: () => void (inner = memoryStore()) };
}

let up: StandIn;
let proxy: RunningProxy;
let store: ReturnType<typeof forgetfulStore>;
let stats: Stats;

beforeAll(async () => {
  up = await startUpstream((_r, res) => sendJson(res, 200, chatCompletion({ content: "ok" })));
  store = forgetfulStore();
  stats = openStats({ path: ":memory:" });
  proxy = await startProxy({ port: 0, upstreams: { openai: up.url }, store, stats });
});
afterAll(async () => {
  await proxy.close();
  stats.close();
  await up.close();
});
beforeEach(() => {
  up.received.length = 0;
});

function turn(n: number) {
  const messages: unknown[] = [{ role: "user", content: "Did anyone log in successfully on web-1?" }];
  for (let i = 0; i < n; i++) {
    messages.push({ role: "assistant", content: null, tool_calls: [chatToolCall(`c${i}`, "read_log", { path: `/var/log/auth.${i}.log` })] });
    messages.push({ role: "tool", tool_call_id: `c${i}`, content: authLog(1500 + i * 100) });
  }
  return { model: "gpt-standin", messages };
}
const send = (body: unknown) => fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("compressed-output cache", () => {
  it("later turns carry byte-identical earlier outputs, equal to compressing without a cache", async () => {
    await send(turn(1));
    await send(turn(2));
    await send(turn(2));
    const [a, b, c] = up.received;
    expect(b!.json.messages.slice(0, 3)).toEqual(a!.json.messages);
    expect(c!.body).toBe(b!.body);
    const fresh = await compressMessages(turn(2), { format: "openai-chat", store: memoryStore() });
    expect(c!.json.messages).toEqual((fresh.request as { messages: unknown[] }).messages);
    expect(c!.json.tools).toEqual((fresh.request as { tools: unknown[] }).tools);
  });

  it("stats count cached outputs as saved, the same as fresh ones", async () => {
    const before = stats.summary();
    await send(turn(3));
    const mid = stats.summary();
    await send(turn(3));
    const after = stats.summary();
    expect(after.saved - mid.saved).toBe(mid.saved - before.saved);
    expect(after.tokensBefore - mid.tokensBefore).toBe(mid.tokensBefore - before.tokensBefore);
  });

  it("stats count the request as the client sent it, not as it parses back", async () => {
    // spaced out and with a non-ASCII character: its bytes differ from JSON.stringify of the parsed body
    const raw = JSON.stringify(turn(2), null, 3).replace("Did anyone", "Did anyone — anyone");
    expect(raw).not.toBe(JSON.stringify(JSON.parse(raw)));
    for (let i = 0; i < 2; i++) {
      const before = stats.summary();
      await fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: raw });
      expect(stats.summary().tokensBefore - before.tokensBefore).toBe(createEstimator("o200k").count(raw));
    }
  });

  it("a ref the store no longer holds is made again instead of reused", async () => {
    await send(turn(1));
    const ref = REF.exec(up.received[0]!.json.messages[2].content)![0];
    store.forget();
    expect(await store.get(ref)).toBeUndefined();
    await send(turn(1));
    expect(up.received[1]!.body).toBe(up.received[0]!.body);
    expect((await store.get(ref))?.original).toBe(authLog(1500));
  });
});

// Results made per request must not carry getters of their own: they kept each request alive
// through young GCs (src/messages/lazy-counts.ts).
describe("compressCached results", () => {
  it("share their count getters (the same functions for every result)", async () => {
    const mem = memoryStore();
    const req = (k: number) => ({ model: "m", messages: [{ role: "user", content: "which failed?" }, { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "jobs", arguments: "{}" } }] }, { role: "tool", tool_call_id: "c", content: JSON.stringify(Array.from({ length: 80 }, (_, i) => ({ id: i, k, status: i === 7 ? "failed" : "ok" }))) }] });
    const cache = createOutputCache();
    const opts = { format: "openai-chat" as const, store: mem };
    const [c, d] = [await compressCached(req(3), openaiChat, opts, cache), await compressCached(req(4), openaiChat, opts, cache)];
    const getter = (o: object, k: string) => Object.getOwnPropertyDescriptor(o, k)?.get;
    expect(c.refs.length).toBeGreaterThan(0);
    for (const k of ["tokensBefore", "tokensAfter", "saved", "ratio"]) {
      expect(getter(c, k)).toBeTypeOf("function");
      expect(getter(c, k)).toBe(getter(d, k));
    }
    expect(c.tokensBefore).toBeGreaterThan(c.tokensAfter);
  });
});
