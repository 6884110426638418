// Log benchmarks: (a) line templating — `backend.lines(true, 0)` (split + mask + XXH64 of every
// line in one batch call) on the WASM core vs its JS twin, on a generated 10 MB log, checking that
// both return the same spans and hashes; (b) compress() of a generated 100 MB log end to end, in a
// child process, with its peak RSS reported as a multiple of the input size. Prints markdown
// tables; writes bench/results/log.json. LOG_BENCH_MB (default 100) sets the size of (b).
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { compress, memoryStore } from "../dist/index.js";
import { createTwinBackend } from "../dist/core/wasm/twin-backend.js";
import { createWasmBackend } from "../dist/core/wasm/wasm-backend.js";
import { rng } from "./generate.mjs";

const QUERY = "which user logged in from 10.20.30.40, and what failed on db-7?";

/** A deterministic app/auth/access log of about `bytes` bytes, in chunks of ~1 MB (no huge string). */
function* logChunks(bytes, seed = 7) {
  const r = rng(seed);
  const users = ["ada", "grace", "linus", "ken", "radia", "edsger"];
  const paths = ["/api/orders", "/api/users", "/static/app.js", "/health", "/api/cart", "/login"];
  let written = 0;
  let i = 0;
  const total = Math.max(1, Math.floor(bytes / 110));
  while (written < bytes) {
    const lines = [];
    let size = 0;
    while (size < 1 << 20 && written + size < bytes) {
      const t = 1700000000 + i;
      const ts = new Date(t * 1000).toISOString().replace("T", " ").slice(0, 19) + "," + String(i % 1000).padStart(3, "0");
      const x = r();
      let line;
      if (i === Math.floor(total * 0.61)) line = `${ts} INFO  [auth] Accepted publickey for deploy from 10.20.30.40 port 50022`;
      else if (x < 0.35) line = `${ts} INFO  [http-${i % 16}] GET ${paths[i % paths.length]}?page=${i % 50} 200 ${Math.floor(r() * 9000)}b ${Math.floor(r() * 400)}ms`;
      else if (x < 0.6) line = `${ts} WARN  [auth] Failed password for ${users[i % users.length]} from 192.168.${(i >> 8) & 255}.${i & 255} port ${1024 + (i % 60000)}`;
      else if (x < 0.85) line = `${ts} DEBUG [cache] evicted ${Math.floor(r() * 100)} keys from shard-${i % 32} in ${(r() * 3).toFixed(3)} ms`;
      else if (x < 0.99995) line = `${ts} INFO  [jobs] batch ${i} committed ${Math.floor(r() * 1000)} rows to db-${i % 12}`;
      else line = `${ts} ERROR [jobs] batch ${i} failed on db-7: deadlock detected\njava.sql.SQLException: deadlock detected\n\tat org.pg.Conn.exec(Conn.java:212)\n\tat app.jobs.Batch.commit(Batch.java:88)`;
      lines.push(line);
      size += line.length + 1;
      i++;
    }
    written += size;
    yield lines.join("\n") + "\n";
  }
}

const line = (cells) => "| " + cells.join(" | ") + " |";
const table = (head, rows) => [line(head), line(head.map((h, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");

// Child: compress one file, print the measurements as JSON.
if (process.argv[2] === "--child") {
  const file = process.argv[3];
  const text = readFileSync(file, "utf8");
  globalThis.gc?.();
  const inputBytes = statSync(file).size;
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = await compress(text, { type: "log", query: QUERY, maxInputBytes: 1 << 30, store: memoryStore({ maxBytes: 1 << 30 }) });
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024; // bytes: the process's peak, reading the file included
  console.log(JSON.stringify({ inputBytes, ms, rssBefore, peak, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, outChars: r.text.length, kept: r.reasons[0]?.detail }));
  process.exit(0);
}

// (a) templating: WASM core vs JS twin on ~10 MB
let text10 = "";
for (const c of logChunks(10 * 1000 * 1000)) text10 += c;
const wasm = createWasmBackend();
const twin = createTwinBackend();
wasm.load(text10);
twin.load(text10);
const a = wasm.lines(true, 0);
const b = twin.lines(true, 0);
const identical = a.n === b.n && a.out.length === b.out.length && a.out.every((v, k) => v === b.out[k]);
const bench = new Bench({ iterations: Number(process.env.BENCH_ITERATIONS ?? 7), time: 0, warmupIterations: 2, warmupTime: 0 });
// load() before each sample (not timed) resets the wasm arena, which lines() would otherwise grow
bench
  .add("wasm", () => { wasm.lines(true, 0); }, { beforeEach: () => { wasm.load(text10); } })
  .add("js", () => { twin.lines(true, 0); }, { beforeEach: () => { twin.load(text10); } });
await bench.run();
const p50 = Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.latency.p50]));
const mb10 = Buffer.byteLength(text10) / 1e6;
const templating = { mb: +mb10.toFixed(2), lines: a.n, wasmMs: +p50.wasm.toFixed(1), jsMs: +p50.js.toFixed(1), jsVsWasm: +(p50.js / p50.wasm).toFixed(2), wasmMBps: +(mb10 / (p50.wasm / 1000)).toFixed(0), identical };
text10 = "";

// (b) end to end on ~100 MB, in a child process so that its peak RSS is its own
const mb = Number(process.env.LOG_BENCH_MB ?? 100);
const file = join(tmpdir(), `tokenfold-log-bench-${process.pid}.log`);
writeFileSync(file, "");
for (const c of logChunks(mb * 1000 * 1000)) appendFileSync(file, c);
let e2e;
try {
  const out = execFileSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child", file], { encoding: "utf8", maxBuffer: 1 << 24 });
  e2e = JSON.parse(out.trim().split("\n").pop());
} finally {
  rmSync(file, { force: true });
}
e2e.peakX = +(e2e.peak / e2e.inputBytes).toFixed(2);

console.log(table(["templating (lines(true, 0))", "MB", "lines", "wasm ms", "twin ms", "twin/wasm", "wasm MB/s", "same spans+hashes"], [
  ["generated log", templating.mb, templating.lines, templating.wasmMs, templating.jsMs, templating.jsVsWasm, templating.wasmMBps, identical ? "yes" : "**NO**"],
]));
console.log();
console.log(table(["compress() end to end", "input MB", "ms", "MB/s", "tokens before", "tokens after", "peak RSS MB", "peak / input"], [
  ["generated log", (e2e.inputBytes / 1e6).toFixed(1), e2e.ms.toFixed(0), (e2e.inputBytes / 1e6 / (e2e.ms / 1000)).toFixed(0), e2e.tokensBefore, e2e.tokensAfter, (e2e.peak / 1e6).toFixed(0), e2e.peakX + "×"],
]));
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/log.json", import.meta.url), JSON.stringify({ node: process.version, templating, e2e }, null, 2) + "\n");
if (!identical) {
  console.error("engines disagree on line templates");
  process.exitCode = 1;
}
