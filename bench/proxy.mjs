// Proxy load benchmark (issue 5, item 9). A stand-in provider streams OpenAI chat SSE at a fixed
// token rate; N concurrent clients stream through the proxy and, in alternating slices, straight
// to the provider, for the same total time each. Reported: time to first byte (the first SSE
// chunk), time to the end of the stream, and each chunk's delay (from the provider writing it to
// the client reading it), p50/p99, per path and the difference the proxy adds, plus errors.
// Requests carry tool outputs the proxy really compresses (with its defaults: stats and the SQLite
// store under a temp TOKENFOLD_HOME), so the figures include compression.
//
// The provider, the proxy and the load generator run as three processes, so none of them shares
// an event loop with another.
//
//   node bench/proxy.mjs [--duration 60] [--concurrency 64] [--tokens 64] [--rate 100] [--slice 5]
//                        [--mode agent|repeat|none] [--history 2] [--burst] [--thread on|off]
//                        [--rounds N] [--json bench/results/proxy.json] [--proxy-flags="..."]
//                        [--proxy tokenfold|bare] [--bare-work MS] [--store sqlite|memory|none] [--stats on|off]
//
// --mode agent (default): each request re-sends two earlier tool outputs and adds one new one
// (compressed fresh every time); repeat: the same request every time; none: no tool output.
//
// --rounds N sets the proxy's retrieval rounds (default 3); 0 relays replies unwatched, which
// shows what watching a stream for retrieval calls costs.
//
// The proxy process runs under the Node flags `tokenfold proxy` uses (PROXY_NODE_FLAGS in
// src/surfaces/cli/relaunch.ts: its GC settings). --proxy-flags="..." adds Node flags after them
// (a later value wins): "--cpu-prof --cpu-prof-dir=DIR" for a CPU profile (open it in Chrome
// DevTools), "--trace-gc" to see its collections, "--max-semi-space-size=16
// --heap-growing-percent=0" for Node's own GC settings.
//
// --store and --stats change what the proxy keeps (defaults: the SQLite store and stats, as the
// CLI): --store memory or none, or --stats off, show what writing refs and stats costs.
//
// --proxy bare puts a bare Node relay in tokenfold's place (read the request, spend --bare-work ms
// of CPU on it, send it upstream, relay the reply): what any proxy built that way adds on this
// machine, the floor to read tokenfold's figures against.
//
// The report also gives the added TTFB p99 of each slice in order: the spread shows how noisy a
// p99 is on the machine, and a drift would show the proxy slowing down over a run.
//
// --burst starts all clients at once (they then stay in lock-step: N arrivals at the same moment,
// once per stream); by default their starts are spread over one stream's length.
//
// Targets (issue 5): added p99 ≤ 10 ms, TTFB delta ≤ 5 ms, 0 errors. Exit code 0 either way; the
// verdict is in the table.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Agent, request } from "undici";

const { values: opts } = parseArgs({
  options: {
    role: { type: "string" },
    upstream: { type: "string" },
    duration: { type: "string", default: "60" },
    concurrency: { type: "string", default: "64" },
    tokens: { type: "string", default: "64" },
    rate: { type: "string", default: "100" },
    slice: { type: "string", default: "5" },
    json: { type: "string" },
    mode: { type: "string", default: "agent" },
    burst: { type: "boolean", default: false },
    thread: { type: "string", default: "on" },
    history: { type: "string", default: "2" },
    "proxy-flags": { type: "string", default: "" },
    rounds: { type: "string" },
    proxy: { type: "string", default: "tokenfold" },
    "bare-work": { type: "string", default: "0" },
    store: { type: "string", default: "sqlite" },
    stats: { type: "string", default: "on" },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
let sequence = 0;
// a whole chunk's send time (the regex needs its closing blank line)
const SENT_AT = /"sent_at":([\d.]+).*\n\n/g;

if (opts.role === "upstream") await runUpstream();
else if (opts.role === "proxy") await runProxy();
else if (opts.role === "bare") await runBare();
else await runBench();

/**
 * The stand-in provider: one SSE chunk per token at `rate` tokens/s, then `[DONE]`. Chunks go out
 * on fixed deadlines from the request's arrival (not an interval that drifts with load), so a
 * stream's length does not depend on how busy the machine is; each chunk carries the time it was
 * written (`sent_at`, ms on the shared clock), from which the client reads each chunk's delay.
 */
async function runUpstream() {
  const tokens = Number(opts.tokens);
  const gapMs = 1000 / Number(opts.rate);
  const now = () => performance.timeOrigin + performance.now();
  const chunk = (delta, finish = null) => `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1, model: "bench", sent_at: now(), choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const start = performance.now();
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write(chunk({ role: "assistant", content: "" }));
      let i = 0;
      let timer;
      const tick = () => {
        if (res.destroyed) return;
        if (i < tokens) {
          res.write(chunk({ content: ` tok${i++}` }));
          timer = setTimeout(tick, Math.max(0, start + (i + 1) * gapMs - performance.now()));
        } else res.end(`${chunk({}, "stop")}data: [DONE]\n\n`);
      };
      timer = setTimeout(tick, gapMs);
      res.on("close", () => clearTimeout(timer));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`READY http://127.0.0.1:${server.address().port}\n`));
}

/** The proxy with its defaults (SQLite store, stats) under the TOKENFOLD_HOME it was given, unless --store / --stats say otherwise. */
async function runProxy() {
  const { startProxy } = await import("../dist/surfaces/proxy/index.js");
  const { createStore } = await import("../dist/store/index.js");
  const proxy = await startProxy({
    port: 0, upstreams: { openai: opts.upstream }, compressThread: opts.thread !== "off",
    ...(opts.rounds !== undefined && { retrievalRounds: Number(opts.rounds) }),
    ...(opts.store !== "sqlite" && { store: createStore(opts.store) }),
    ...(opts.stats === "off" && { stats: false }),
  });
  process.stdout.write(`READY ${proxy.url}\n`);
  measured();
  process.on("SIGTERM", () => proxy.close().then(() => process.exit(0)));
}

/**
 * While measuring (the parent signals at the start and the end of each slice through the proxy):
 * CPU time, the event loop's delay and garbage-collection pauses, for the report.
 */
function measured() {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const gc = { count: 0, ms: 0, maxMs: 0, byKind: {} };
  const KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: "minor", [constants.NODE_PERFORMANCE_GC_MAJOR]: "major", [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental", [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks" };
  let measuring = false;
  new PerformanceObserver((list) => {
    if (!measuring) return;
    for (const e of list.getEntries()) {
      gc.count++;
      gc.ms += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
      const kind = KINDS[e.detail?.kind] ?? String(e.detail?.kind);
      const k = (gc.byKind[kind] ??= { count: 0, ms: 0 });
      k.count++;
      k.ms += e.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  process.on("SIGUSR2", () => {
    measuring = !measuring;
    if (measuring) loop.enable();
    else loop.disable();
    const ms = (ns) => ns / 1e6;
    // (no max: the pause between slices shows up as one long delay when measuring resumes)
    const figures = { cpu: process.cpuUsage(), loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)) }, gc };
    process.stdout.write(`CPU ${JSON.stringify(figures)}\n`);
  });
}

/**
 * `--proxy bare`: the least any Node proxy does, for comparison: read the request, spend
 * `--bare-work` ms of CPU on it (a stand-in for compression's cost), send it upstream on a
 * keep-alive pool and relay the reply as it comes (undici writes each chunk straight into the
 * response, as tokenfold's relay path does). What it adds on a machine is the floor under any
 * proxy written this way there.
 */
async function runBare() {
  const { Pool } = await import("undici");
  const upstream = new URL(opts.upstream);
  const pool = new Pool(upstream.origin, { connections: null, keepAliveTimeout: 60_000 });
  const workMs = Number(opts["bare-work"]);
  const server = createServer((req, res) => {
    const parts = [];
    req.on("data", (c) => parts.push(c));
    req.on("end", () => {
      const body = Buffer.concat(parts);
      for (const until = performance.now() + workMs; performance.now() < until;);
      const headers = { "content-type": "application/json", "content-length": String(body.length), authorization: req.headers.authorization ?? "" };
      pool.stream({ method: "POST", path: req.url, headers, body }, ({ statusCode, headers: h }) => {
        res.writeHead(statusCode, { "content-type": h["content-type"] ?? "text/event-stream" });
        return res;
      }).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`READY http://127.0.0.1:${server.address().port}\n`));
  measured();
  process.on("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => pool.destroy().then(() => process.exit(0)));
  });
}

function child(args, env, nodeFlags = []) {
  const p = spawn(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((ok, fail) => {
    let out = "";
    p.stdout.setEncoding("utf8");
    let line = "";
    p.stdout.on("data", (c) => {
      out += c;
      // what the child prints besides READY and CPU (e.g. --trace-gc) goes to stderr
      line += c;
      const lines = line.split("\n");
      line = lines.pop();
      for (const l of lines) if (!/^(READY|CPU) /.test(l)) process.stderr.write(`${l}\n`);
      const m = /READY (\S+)/.exec(out);
      if (m) ok({
        url: m[1],
        kill: () => p.kill("SIGTERM"),
        /** Toggles the proxy's measuring; its CPU time so far (user + system, ms), loop delay and GC pauses. */
        measure: () => new Promise((done) => {
          const before = out.length;
          const poll = setInterval(() => {
            const c = /CPU (\{[^\n]*\})\n/.exec(out.slice(before));
            if (c) {
              clearInterval(poll);
              const u = JSON.parse(c[1]);
              done({ ...u, cpuMs: (u.cpu.user + u.cpu.system) / 1000 });
            }
          }, 5);
          p.kill("SIGUSR2");
        }),
      });
    });
    p.on("exit", (code) => fail(new Error(`child ${args.join(" ")} exited ${code}`)));
  });
}

/** A tool output (a JSON listing of jobs, ~5 KB) the proxy compresses; `salt` makes it unique. */
function listing(salt) {
  const rows = Array.from({ length: 60 }, (_, i) => ({ id: i, name: `job-${salt}-${i}`, status: i === 41 ? "failed" : "ok", durationMs: 1000 + ((i * 7919 + salt) % 5000), host: `web-${i % 5}` }));
  return JSON.stringify(rows, null, 2);
}

/** The h-th earlier output, made once: the same text in every request, and the load generator's CPU is not spent remaking it. */
function earlier(h) {
  const made = (earlier.made ??= new Map());
  if (!made.has(h)) made.set(h, listing(-h));
  return made.get(h);
}

/**
 * The request of the given mode. `agent`: a conversation re-sending `--history` earlier tool
 * outputs (default 2; the same in every request, as an agent's history is) plus one new output,
 * unique per request; `repeat`: the same one-output request every time; `none`: no tool output
 * (relay only).
 */
function body(mode) {
  const call = (id) => ({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name: "list_jobs", arguments: "{}" } }] });
  const messages = [{ role: "user", content: "Which job failed?" }];
  if (mode === "agent") {
    for (let h = 1; h <= Number(opts.history); h++) messages.push(call(`h${h}`), { role: "tool", tool_call_id: `h${h}`, content: earlier(h) });
    messages.push(call("new"), { role: "tool", tool_call_id: "new", content: listing(sequence++) });
  } else if (mode === "repeat") {
    messages.push(call("c1"), { role: "tool", tool_call_id: "c1", content: listing(0) });
  }
  return JSON.stringify({ model: "bench", stream: true, messages });
}

async function one(dispatcher, base, mode, delays) {
  const payload = body(mode);
  const t0 = performance.now();
  let ttfb = 0;
  const res = await request(`${base}/v1/chat/completions`, { method: "POST", dispatcher, headers: { "content-type": "application/json", authorization: "Bearer sk-bench" }, body: payload });
  let tail = "";
  let done = false;
  for await (const c of res.body) {
    const at = performance.timeOrigin + performance.now();
    if (ttfb === 0) ttfb = performance.now() - t0;
    const text = tail + c.toString("utf8");
    // each whole chunk's delay: from the provider writing it to this read
    for (const m of text.matchAll(SENT_AT)) delays.push(at - Number(m[1]));
    if (text.includes("data: [DONE]")) done = true;
    const cut = text.lastIndexOf("\n\n");
    tail = cut < 0 ? text : text.slice(cut + 2);
  }
  const total = performance.now() - t0;
  if (res.statusCode !== 200 || !done) throw new Error(`status ${res.statusCode}`);
  return { ttfb, total };
}

/**
 * Runs `concurrency` loops against `base` for `ms`; pushes timings into `into`. The loops start
 * spread over one stream's length, as independent clients do (64 requests in lock-step would
 * measure a burst of 64 arrivals every stream instead), and then run back to back.
 */
async function slice(dispatcher, base, mode, concurrency, ms, into) {
  const end = performance.now() + ms;
  const spread = (Number(opts.tokens) / Number(opts.rate)) * 1000 / concurrency;
  await Promise.all(Array.from({ length: concurrency }, async (_, k) => {
    await new Promise((ok) => setTimeout(ok, opts.burst ? 0 : k * spread));
    while (performance.now() < end) {
      try {
        into.samples.push(await one(dispatcher, base, mode, into.delays));
      } catch (e) {
        into.errors++;
        into.lastError = String(e.message ?? e);
      }
    }
  }));
}

function pct(xs, p) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

async function runBench() {
  const duration = Number(opts.duration) * 1000;
  const concurrency = Number(opts.concurrency);
  const sliceMs = Number(opts.slice) * 1000;
  const home = mkdtempSync(join(tmpdir(), "tf-bench-proxy-"));
  const upstream = await child(["--role", "upstream", "--tokens", opts.tokens, "--rate", opts.rate]);
  if (!["tokenfold", "bare"].includes(opts.proxy)) throw new Error("--proxy tokenfold|bare");
  if (!["sqlite", "memory", "none"].includes(opts.store) || !["on", "off"].includes(opts.stats)) throw new Error("--store sqlite|memory|none, --stats on|off");
  const role = opts.proxy === "bare" ? ["--role", "bare", "--bare-work", opts["bare-work"]] : ["--role", "proxy", "--thread", opts.thread, "--store", opts.store, "--stats", opts.stats, ...(opts.rounds !== undefined ? ["--rounds", opts.rounds] : [])];
  const { PROXY_NODE_FLAGS } = await import("../dist/surfaces/cli/relaunch.js");
  const nodeFlags = [...(opts.proxy === "bare" ? [] : PROXY_NODE_FLAGS), ...opts["proxy-flags"].split(/\s+/).filter(Boolean)];
  const proxy = await child([...role, "--upstream", upstream.url], { TOKENFOLD_HOME: home }, nodeFlags);
  const dispatcher = new Agent({ connections: concurrency * 2, keepAliveTimeout: 60_000 });
  const mode = opts.mode;
  if (!["agent", "repeat", "none"].includes(mode)) throw new Error("--mode agent|repeat|none");
  let proxyCpuMs = 0;
  let inside; // the proxy's event-loop delay and GC pauses over all its slices
  const direct = { samples: [], delays: [], errors: 0 };
  const through = { samples: [], delays: [], errors: 0 };
  /** Where each pair of slices starts in the sample lists (to see whether the proxy drifts over a run). */
  const slices = [];
  try {
    // warm both paths (connections, JIT, the proxy's first compression) outside the measurement
    await slice(dispatcher, upstream.url, mode, concurrency, 1500, { samples: [], delays: [], errors: 0 });
    await slice(dispatcher, proxy.url, mode, concurrency, 1500, { samples: [], delays: [], errors: 0 });
    // alternate slices so that load from elsewhere on the machine hits both paths alike
    for (let spent = 0; spent < duration; spent += sliceMs) {
      const ms = Math.min(sliceMs, duration - spent);
      slices.push({ direct: direct.samples.length, through: through.samples.length });
      await slice(dispatcher, upstream.url, mode, concurrency, ms, direct);
      const before = await proxy.measure();
      await slice(dispatcher, proxy.url, mode, concurrency, ms, through);
      inside = await proxy.measure();
      proxyCpuMs += inside.cpuMs - before.cpuMs;
    }
  } finally {
    await dispatcher.close();
    proxy.kill();
    upstream.kill();
    rmSync(home, { recursive: true, force: true });
  }
  const stat = (r) => ({
    requests: r.samples.length, errors: r.errors,
    ttfbP50: pct(r.samples.map((s) => s.ttfb), 50), ttfbP99: pct(r.samples.map((s) => s.ttfb), 99),
    totalP50: pct(r.samples.map((s) => s.total), 50), totalP99: pct(r.samples.map((s) => s.total), 99),
    chunks: r.delays.length, chunkP50: pct(r.delays, 50), chunkP99: pct(r.delays, 99),
  });
  const d = stat(direct);
  const p = stat(through);
  const added = Object.fromEntries(["ttfbP50", "ttfbP99", "totalP50", "totalP99", "chunkP50", "chunkP99"].map((k) => [k, p[k] - d[k]]));
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : "–");
  const streamMs = (Number(opts.tokens) / Number(opts.rate)) * 1000;
  const row = (name, r, b = "") => `| ${name} | ${r.requests ?? ""} | ${r.errors ?? ""} | ${[r.ttfbP50, r.ttfbP99, r.totalP50, r.totalP99, r.chunkP50, r.chunkP99].map((x) => `${b}${f(x)}${b}`).join(" | ")} |`;
  const errors = p.errors + d.errors;
  const verdict = (ok) => (ok ? "met" : "NOT met");
  const ttfbP99Of = (r, i, key) => pct(r.samples.slice(slices[i][key], slices[i + 1]?.[key] ?? r.samples.length).map((s) => s.ttfb), 99);
  const bySlice = slices.map((_, i) => ttfbP99Of(through, i, "through") - ttfbP99Of(direct, i, "direct"));
  const lines = [
    `Proxy load: ${concurrency} concurrent streams (${opts.burst ? "started together" : "starts spread over one stream"}), ${opts.duration} s per path (alternating ${opts.slice} s slices), ${opts.tokens} tokens at ${opts.rate} tok/s (${streamMs.toFixed(0)} ms per stream), ${opts.proxy === "bare" ? `bare Node relay (${opts["bare-work"]} ms of CPU per request) in tokenfold's place, ` : ""}mode ${mode}${mode === "agent" ? ` (${opts.history} earlier outputs, request ~${(body(mode).length / 1024).toFixed(0)} KB)` : ""}${opts.proxy === "bare" ? "" : `, compression thread ${opts.thread}, store ${opts.store}, stats ${opts.stats}`}; proxy's Node flags: ${nodeFlags.join(" ") || "none"}`,
    "",
    "| path | requests | errors | TTFB p50 ms | TTFB p99 ms | total p50 ms | total p99 ms | chunk delay p50 ms | chunk delay p99 ms |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    row("direct", d),
    row("through proxy", p),
    row("**added by proxy**", { ...added, errors }, "**"),
    "",
    `Proxy process CPU while serving: ${((proxyCpuMs / duration) * 100).toFixed(0)} % of one core (${(proxyCpuMs / Math.max(1, p.requests)).toFixed(2)} ms per request); machine load average at the end: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
    `Added TTFB p99 per ${opts.slice} s slice, in order: ${bySlice.map(f).join(", ")} ms`,
    `Proxy event loop delay p50 ${f(inside.loop.p50)} / p99 ${f(inside.loop.p99)} ms; GC pauses ${inside.gc.count}, ${f(inside.gc.ms)} ms in all, longest ${f(inside.gc.maxMs)} ms (${Object.entries(inside.gc.byKind).map(([k, v]) => `${k} ${v.count} / ${f(v.ms)} ms`).join(", ")})`,
    "",
    `Targets: added p99 ≤ 10 ms → stream total ${verdict(added.totalP99 <= 10)} (${f(added.totalP99)}), each chunk ${verdict(added.chunkP99 <= 10)} (${f(added.chunkP99)}); TTFB delta ≤ 5 ms → p50 ${verdict(added.ttfbP50 <= 5)} (${f(added.ttfbP50)}), p99 ${verdict(added.ttfbP99 <= 5)} (${f(added.ttfbP99)}); 0 errors → ${errors === 0 ? "met" : `NOT met (${errors}${through.lastError ? `: ${through.lastError}` : ""})`}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const out = opts.json ?? join(here, "results", "proxy.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ options: { proxy: opts.proxy, nodeFlags, store: opts.store, stats: opts.stats, bareWorkMs: Number(opts["bare-work"]), mode, history: Number(opts.history), burst: opts.burst, thread: opts.thread, duration: Number(opts.duration), concurrency, tokens: Number(opts.tokens), rate: Number(opts.rate) }, direct: d, proxy: p, added, proxyCpuMs, addedTtfbP99BySlice: bySlice, proxyLoop: inside.loop, proxyGc: inside.gc, loadAverage: loadavg()[0], cores: cpus().length }, null, 2)}\n`);
}
