// How much of each proxied request outlives young-generation GCs: the proxy's request path
// (decode, parse, the request compressor with its output cache and a SQLite store) without HTTP,
// at a steady 100 requests/s of agent-mode bodies (bench/proxy.mjs's shape: two earlier outputs,
// one new). Bytes that survive a young GC are copied, and promoted if they survive two; each GC
// pause stalls every stream the proxy serves. This found the object-literal getters that pinned
// every request (src/messages/lazy-counts.ts).
//
//   node bench/proxy-garbage.mjs [--requests 2000] [--path full|parse]
//
// --path parse stops after JSON.parse: the floor. The child runs with --trace-gc-nvp; this
// process sums its scavenges. Needs `npm run build` first.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({ options: { requests: { type: "string", default: "2000" }, path: { type: "string", default: "full" }, child: { type: "boolean", default: false } } });

if (opts.child) await runRequests(Number(opts.requests), opts.path);
else await measure();

async function measure() {
  const args = ["--trace-gc-nvp", new URL(import.meta.url).pathname, "--child", "--requests", opts.requests, "--path", opts.path];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (c) => (out += c));
  const code = await new Promise((ok) => child.on("exit", ok));
  if (code !== 0) throw new Error(`child exited ${code}`);
  const scavenges = out.split("\n").filter((l) => l.includes("gc=s "));
  const field = (line, k) => Number(new RegExp(`\\b${k}=([\\d.]+)`).exec(line)?.[1] ?? 0);
  const sum = (k) => scavenges.reduce((s, l) => s + field(l, k), 0);
  const n = Number(opts.requests);
  console.log(`Request path "${opts.path}", ${n} agent-mode requests at 100/s (~24 KB each)\n`);
  console.log("| young GCs | survived KB / request | promoted KB / request | pause ms / young GC | young GC ms / request |");
  console.log("|--:|--:|--:|--:|--:|");
  console.log(`| ${scavenges.length} | ${(sum("new_space_survived") / 1024 / n).toFixed(1)} | ${(sum("promoted") / 1024 / n).toFixed(1)} | ${(sum("pause") / Math.max(1, scavenges.length)).toFixed(2)} | ${(sum("pause") / n).toFixed(3)} |`);
}

async function runRequests(total, path) {
  const { createRequestCompressor } = await import("../dist/surfaces/proxy/request-compressor.js");
  const { decodeUtf8, parseJsonText } = await import("../dist/surfaces/proxy/body.js");
  const { sqliteStore } = await import("../dist/store/index.js");
  const dir = mkdtempSync(join(tmpdir(), "tokenfold-garbage-"));
  const store = sqliteStore({ path: join(dir, "store.db") });
  const compressor = createRequestCompressor({ store, messages: {}, thread: false });
  const listing = (salt) => JSON.stringify(Array.from({ length: 60 }, (_, i) => ({ id: i, name: `job-${salt}-${i}`, status: i === 41 ? "failed" : "ok", durationMs: 1000 + ((i * 7919 + salt) % 5000), host: `web-${i % 5}` })), null, 2);
  const earlier = [listing(-1), listing(-2)];
  const call = (id) => ({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name: "list_jobs", arguments: "{}" } }] });
  const body = (k) => {
    const messages = [{ role: "user", content: "Which job failed?" }];
    earlier.forEach((text, h) => messages.push(call(`h${h}`), { role: "tool", tool_call_id: `h${h}`, content: text }));
    messages.push(call("new"), { role: "tool", tool_call_id: "new", content: listing(k) });
    return Buffer.from(JSON.stringify({ model: "bench", stream: true, messages }));
  };
  let sink = 0;
  const handle = async (bytes) => {
    const text = decodeUtf8(bytes);
    const parsed = parseJsonText(text);
    if (path === "parse") return void (sink += Object.keys(parsed).length);
    const c = await compressor.compress(parsed, bytes, "openai-chat", text);
    sink += c.bytes.byteLength + (c.summary?.().tokensBefore ?? 0); // the stats read the counts after the send
    // a stream holds a little state for its 640 ms
    const stream = { started: performance.now() };
    setTimeout(() => (sink += stream.started > 0 ? 1 : 0), 640);
  };
  let sent = 0;
  await new Promise((done) => {
    const tick = setInterval(() => {
      // the body is made outside the handler (the load generator's garbage is not the proxy's), handled a turn later
      const b = body(sent);
      setImmediate(() => handle(b).catch((e) => { console.error(e); process.exit(1); }));
      if (++sent >= total) {
        clearInterval(tick);
        setTimeout(done, 700);
      }
    }, 10);
  });
  await compressor.close();
  await store.close?.();
  rmSync(dir, { recursive: true, force: true });
  if (sink < 0) console.error(sink);
}
