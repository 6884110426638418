// npm run bench: JSON.parse vs compress() on the TS twin vs compress() on WASM, on generated
// arrays of 1k / 10k / 50k items of three realistic shapes. Medians of tinybench samples, all
// measured in one run so the ratios compare like with like. Checks that both engines give the
// same bytes. Prints a markdown table; writes bench/results/engine.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { Bench } from "tinybench";
import { compress, memoryStore } from "../dist/index.js";
import { jobListing, jsonLogs, searchHits } from "./generate.mjs";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,50000").split(",").map(Number);
const ITER = Number(process.env.BENCH_ITERATIONS ?? 7);
const SHAPES = [
  ["api listing", (n) => jobListing(n, { failAt: [Math.floor(n * 0.63)] }), "which job failed and why?"],
  ["json logs", (n) => jsonLogs(n), "upstream timeout errors"],
  ["search hits", (n) => searchHits(n), "deploy cache guide"],
];

const store = memoryStore({ maxBytes: 64 << 20 });
await compress("[1]", { store }); // build the tokenizer and instantiate the core once, outside timing
const rows = [];
const total = SHAPES.length * SIZES.length;
let done = 0;
for (const [shape, make, query] of SHAPES) {
  for (const n of SIZES) {
    process.stderr.write(`\r[${++done}/${total}] ${shape} × ${n} …            `);
    const text = JSON.stringify(make(n));
    const mb = Buffer.byteLength(text) / 1e6;
    const opts = { query, store };
    const wasmOut = await compress(text, { ...opts, engine: "wasm" });
    const jsOut = await compress(text, { ...opts, engine: "js" });
    const bench = new Bench({ iterations: ITER, time: 0, warmupIterations: 2, warmupTime: 0 });
    bench
      .add("JSON.parse", () => { JSON.parse(text); })
      .add("wasm", async () => { await compress(text, { ...opts, engine: "wasm" }); })
      .add("js", async () => { await compress(text, { ...opts, engine: "js" }); });
    await bench.run();
    const p50 = Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.latency.p50]));
    rows.push({
      shape, items: n, mb: +mb.toFixed(2),
      parseMs: +p50["JSON.parse"].toFixed(2), jsMs: +p50.js.toFixed(2), wasmMs: +p50.wasm.toFixed(2),
      wasmVsParse: +(p50.wasm / p50["JSON.parse"]).toFixed(2), jsVsWasm: +(p50.js / p50.wasm).toFixed(2),
      wasmMBps: +(mb / (p50.wasm / 1000)).toFixed(0),
      tokensBefore: wasmOut.tokensBefore, tokensAfter: wasmOut.tokensAfter, identical: wasmOut.text === jsOut.text,
    });
  }
}
process.stderr.write("\r" + " ".repeat(60) + "\r");
const head = ["shape", "items", "MB", "JSON.parse ms", "twin ms", "wasm ms", "wasm/parse", "twin/wasm", "wasm MB/s", "tokens before", "tokens after", "same bytes"];
const line = (cells) => "| " + cells.join(" | ") + " |";
console.log(line(head));
console.log(line(head.map((h, i) => (i < 1 ? "---" : "---:"))));
for (const r of rows) console.log(line([r.shape, r.items, r.mb, r.parseMs, r.jsMs, r.wasmMs, r.wasmVsParse, r.jsVsWasm, r.wasmMBps, r.tokensBefore, r.tokensAfter, r.identical ? "yes" : "**NO**"]));
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/engine.json", import.meta.url), JSON.stringify({ node: process.version, iterations: ITER, rows }, null, 2) + "\n");
if (rows.some((r) => !r.identical)) {
  console.error("engines disagree: see rows marked NO");
  process.exitCode = 1;
}
