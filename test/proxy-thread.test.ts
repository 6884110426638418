// Large request bodies are compressed in the proxy's compression thread: the event loop keeps
// relaying other requests meanwhile, the bytes sent upstream are the same as on the event loop,
// refs reach the proxy's store (a store object passed in, or the default SQLite file, which the
// thread opens itself), and hooks (functions) keep compression on the loop.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryStore } from "../src/index.js";
import { createRequestCompressor, THREAD_ABOVE_CHARS } from "../src/surfaces/proxy/request-compressor.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import { chatCompletion, chatTextStream, chatToolCall, sendJson, sendSse, startUpstream, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const REF = /tf_[0-9a-f]{24}/;
const LOG = authLog(3000) as string; // ~290 KB of new output: above the thread's threshold

function chat(log: string, stream = false) {
  return {
    model: "gpt-standin",
    stream,
    messages: [
      { role: "user", content: "Did anyone log in successfully on web-1?" },
      { role: "assistant", content: null, tool_calls: [chatToolCall("c1", "read_log", { path: "/var/log/auth.log" })] },
      { role: "tool", tool_call_id: "c1", content: log },
    ],
  };
}

let up: StandIn;
const events: string[] = [];
beforeAll(async () => {
  up = await startUpstream((r, res) => {
    events.push(`upstream got ${r.json?.stream ? "small" : "large"}`);
    if (r.json?.stream) sendSse(res, chatTextStream(["no", " one"]));
    else sendJson(res, 200, chatCompletion({ content: "ok" }));
  });
});
afterAll(() => up.close());

const post = (proxy: RunningProxy, body: unknown) =>
  fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("compression thread", () => {
  it("sends the same bytes upstream as compressing on the event loop, and the ref reaches the store", async () => {
    expect(LOG.length).toBeGreaterThan(THREAD_ABOVE_CHARS);
    const threadStore = memoryStore();
    const threaded = await startProxy({ port: 0, upstreams: { openai: up.url }, store: threadStore, stats: false });
    const onLoop = await startProxy({ port: 0, upstreams: { openai: up.url }, store: memoryStore(), stats: false, compressThread: false });
    try {
      up.received.length = 0;
      expect((await post(threaded, chat(LOG))).status).toBe(200);
      expect((await post(onLoop, chat(LOG))).status).toBe(200);
      const [a, b] = up.received;
      expect(a!.body.length).toBeLessThan(JSON.stringify(chat(LOG)).length / 2);
      expect(a!.body).toBe(b!.body);
      // the thread stored the original through the main thread's store object
      const ref = REF.exec(a!.json.messages[2].content)![0];
      expect((await threadStore.get(ref))?.original).toBe(LOG);
    } finally {
      await threaded.close();
      await onLoop.close();
    }
  });

  it("keeps relaying a small streamed request while a large body is being compressed", async () => {
    const proxy = await startProxy({ port: 0, upstreams: { openai: up.url }, store: memoryStore(), stats: false });
    try {
      events.length = 0;
      // ~10 MB of log: its compression takes far longer than a small request's round trip
      const large = post(proxy, chat(authLog(100_000) as string)).then(async (r) => {
        await r.text();
        events.push("large done");
      });
      // sent once the large body is in (the thread has it), so the order below is the thread's doing
      await new Promise((ok) => setTimeout(ok, 200));
      const small = await post(proxy, chat("sshd[1]: Accepted publickey for deploy from 10.0.0.5", true));
      expect(await small.text()).toContain("[DONE]");
      events.push("small done");
      await large;
      expect(events).toEqual(["upstream got small", "small done", "upstream got large", "large done"]);
    } finally {
      await proxy.close();
    }
  });

  it("opens the default SQLite store itself: a ref it makes is retrievable through the proxy", async () => {
    const home = mkdtempSync(join(tmpdir(), "tf-thread-"));
    const before = process.env.TOKENFOLD_HOME;
    process.env.TOKENFOLD_HOME = home;
    const proxy = await startProxy({ port: 0, upstreams: { openai: up.url }, stats: false });
    try {
      up.received.length = 0;
      expect((await post(proxy, chat(LOG))).status).toBe(200);
      const ref = REF.exec(up.received[0]!.json.messages[2].content)![0];
      const back = await fetch(`${proxy.url}/v1/retrieve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ref }) });
      expect((await back.json()).text).toBe(LOG);
    } finally {
      await proxy.close();
      if (before === undefined) delete process.env.TOKENFOLD_HOME;
      else process.env.TOKENFOLD_HOME = before;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("keeps compression on the event loop when the messages options hold hooks", async () => {
    const seen: number[] = [];
    const proxy = await startProxy({ port: 0, upstreams: { openai: up.url }, store: memoryStore(), stats: false, messages: { after: (r) => void seen.push(r.refs.length) } });
    try {
      expect((await post(proxy, chat(LOG))).status).toBe(200);
      expect(seen).toEqual([1]);
    } finally {
      await proxy.close();
    }
  });

  it("the cache entries the thread made come back: the next turn compresses only its new output", async () => {
    const puts: string[] = [];
    const inner = memoryStore();
    const store = { name: "counting", put: (e: Parameters<typeof inner.put>[0]) => (puts.push(e.ref), inner.put(e)), get: (r: string) => inner.get(r) };
    const compressor = createRequestCompressor({ store, messages: {} });
    const turn1 = chat(LOG);
    const first = await compressor.compress(turn1, Buffer.from(JSON.stringify(turn1)), "openai-chat");
    expect(first.changed).toBe(true);
    expect(puts).toHaveLength(1);
    await compressor.close(); // from here on everything is compressed on the event loop
    const turn2 = chat(LOG);
    turn2.messages.push(
      { role: "assistant", content: null, tool_calls: [chatToolCall("c2", "read_log", { path: "/var/log/auth.1.log" })] },
      { role: "tool", tool_call_id: "c2", content: authLog(600) as string } as never,
    );
    const second = await compressor.compress(turn2, Buffer.from(JSON.stringify(turn2)), "openai-chat");
    expect(second.changed).toBe(true);
    expect(puts.slice(1)).not.toContain(puts[0]); // the big log was not compressed (and stored) again
    expect(Buffer.from(second.bytes).toString()).toContain(JSON.stringify((first.body() as { messages: Array<{ content: string }> }).messages[2]!.content));
  });

  it("a request in flight when the compressor closes is compressed on the event loop instead", async () => {
    const store = memoryStore();
    const compressor = createRequestCompressor({ store, messages: {} });
    const body = chat(LOG);
    const bytes = Buffer.from(JSON.stringify(body));
    const pending = compressor.compress(body, bytes, "openai-chat");
    await compressor.close();
    expect(compressor.threaded).toBe(false);
    const r = await pending;
    expect(r.error).toBeUndefined();
    expect(r.changed).toBe(true);
    const onLoop = await createRequestCompressor({ store: memoryStore(), messages: {}, thread: false }).compress(body, bytes, "openai-chat");
    expect(Buffer.from(r.bytes).toString()).toBe(Buffer.from(onLoop.bytes).toString());
  });
});
