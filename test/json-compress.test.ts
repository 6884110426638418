// compress() on JSON: the acceptance cases, bad input, and the promises of the format.
import { describe, expect, it } from "vitest";
import { compress, retrieve, memoryStore } from "../src/index.js";
// @ts-expect-error plain JS module without types
import { jobListing, jsonLogs } from "../bench/generate.mjs";

const engines = ["wasm", "js"] as const;

describe("5k-item listing with one failed job", () => {
  const text = JSON.stringify(jobListing(5000, { failAt: [3187] }), null, 2);
  for (const engine of engines) {
    it(`${engine}: keeps the failed job, saves ≥ 80 %, and the ref retrieves the original`, async () => {
      const store = memoryStore();
      const r = await compress(text, { engine, store, query: "which job failed and why?" });
      expect(r.ratio).toBeGreaterThanOrEqual(0.8);
      expect(r.text).toContain('"id":103187');
      expect(r.text).toContain('"status":"failed"');
      const out = JSON.parse(r.text);
      const summary = out.jobs.at(-1);
      expect(summary._tokenfold).toBe("omitted");
      expect(summary.ref).toBe(r.refs[0]);
      expect(summary.fields.status).toEqual({ success: 4999, failed: 1 });
      expect(summary.count + out.jobs.length - 1).toBe(5000);
      const back = await retrieve(r.refs[0]!, { store });
      expect(back.ok && back.value.text).toBe(text);
    });
  }
  it("wasm and js give identical bytes", async () => {
    const [a, b] = await Promise.all(engines.map((engine) => compress(text, { engine, store: memoryStore(), query: "failed" })));
    expect(a!.text).toBe(b!.text);
  });
});

describe("query and signals", () => {
  it("keeps the item a query identifier names, even without error words", async () => {
    const data = jobListing(2000, { seed: 9 });
    const r = await compress(JSON.stringify(data), { query: "show job 101234", store: memoryStore() });
    expect(r.text).toContain('"id":101234');
  });
  it("keeps error events and the 5xx status of JSON logs", async () => {
    const logs = jsonLogs(3000);
    const errors = logs.filter((l: { level: string }) => l.level === "error");
    expect(errors.length).toBeGreaterThan(0);
    const r = await compress(JSON.stringify(logs), { store: memoryStore() });
    for (const e of errors) expect(r.text).toContain(e.trace_id);
    expect(r.ratio).toBeGreaterThan(0.8);
  });
  it("keeps the one command with a non-zero exit code among long, query-matching ones", async () => {
    const events = Array.from({ length: 40 }, (_, i) => ({
      id: i,
      command: `build step ${i} of the web server`,
      output: "compiled the web server module ".repeat(20 + (i % 7)),
      metadata: { exit_code: i === 29 ? -1 : 0, pid: 1000 + i },
    }));
    for (const engine of engines) {
      const r = await compress(JSON.stringify(events, null, 2), { engine, query: "what happened to the web server build?" });
      const kept = JSON.parse(r.text) as Array<{ id?: number }>;
      expect(kept.some((e) => e.id === 29), engine).toBe(true);
      expect(r.ratio).toBeGreaterThan(0.5);
    }
  });

  it("finds members keyed by an error code's number when the question writes the code with its prefix", async () => {
    const words = ["type", "value", "module", "cannot", "find", "name", "property", "argument", "expected", "declaration"];
    const doc: Record<string, string> = {};
    for (let i = 0; i < 500; i++) {
      const code = 1000 + i * 7;
      doc[`${words[i % 10]}_${words[(i * 3) % 10]}_is_${words[(i * 7) % 10]}_${code}`] = `Meldung ${i}: ${words[(i * 3) % 10]} ist nicht ${words[i % 10]}.`;
    }
    const r = await compress(JSON.stringify(doc, null, 2), { query: "What do errors TS2589 and TS3408 say?" });
    const out = JSON.parse(r.text) as Record<string, string>;
    expect(Object.keys(out).some((k) => k.endsWith("_2589"))).toBe(true);
    expect(Object.keys(out).some((k) => k.endsWith("_3408"))).toBe(true);
    expect(r.ratio).toBeGreaterThan(0.8);
  });

  it("a field the question names (in British spelling) keeps its rare values and lists all of them", async () => {
    const common = ["MIT", "MIT", "MIT", "ISC", "Apache-2.0", "BSD-3-Clause", "MIT", "ISC", "MPL-2.0", "BSD-2-Clause", "MIT"];
    const rare: Record<number, string> = { 57: "BlueOak-1.0.0", 131: "Unlicense", 170: "0BSD" };
    const packages: Record<string, unknown> = {};
    for (let i = 0; i < 240; i++) {
      const extra = Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`opt${(i + k) % 40}`, k % 3 === 0 ? true : `v${k}`]).slice(0, 3 + (i % 5)));
      packages[`node_modules/pkg-${i}`] = { version: `1.${i % 9}.${i % 4}`, resolved: `https://registry.example/pkg-${i}.tgz`, integrity: `sha512-${"ab".repeat(30)}${i}`, license: rare[i] ?? common[i % common.length], ...extra };
    }
    const r = await compress(JSON.stringify({ name: "app", lockfileVersion: 3, packages }, null, 2), { query: "Which packages use a licence outside the usual MIT/ISC/BSD/Apache/MPL families?" });
    for (const i of [57, 131, 170]) expect(r.text).toContain(`"node_modules/pkg-${i}"`);
    expect(r.ratio).toBeGreaterThan(0.7);
  });

  it("cuts a very long string with a marker and the ref, and stays valid JSON", async () => {
    const blob = "QUJD".repeat(20000);
    const text = JSON.stringify({ name: "upload", data: blob, items: [] });
    const r = await compress(text, { store: memoryStore() });
    expect(r.text.length).toBeLessThan(text.length / 10);
    expect(r.text).toContain(r.refs[0]);
    expect(() => JSON.parse(r.text)).not.toThrow();
  });
});

describe("lossless", () => {
  it("lossless: true adds no ref and keeps every value", async () => {
    const data = jobListing(300);
    const r = await compress(JSON.stringify(data, null, 2), { lossless: true });
    expect(r.refs).toEqual([]);
    expect(JSON.parse(r.text)).toEqual(data);
  });
  it("a uniform array may become a columnar table that rebuilds the original", async () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ id: i, name: `user${i}`, active: i % 3 === 0, score: i * 1.5 }));
    const r = await compress(JSON.stringify(rows, null, 2), { lossless: true });
    const t = JSON.parse(r.text);
    expect(t._tokenfold).toBe("columns");
    const rebuilt = t.rows.map((row: unknown[]) => Object.fromEntries(t.keys.map((k: string, i: number) => [k, row[i]])));
    expect(rebuilt).toEqual(rows);
  });
});

describe("bad input never crashes and passes through unchanged", () => {
  const cases: Array<[string, string, string]> = [
    ["malformed", '{"a": 1, "b": [1, 2,, 3]}', "pass.malformed-json"],
    ["truncated", JSON.stringify(jobListing(50)).slice(0, 3000), "pass.truncated-json"],
    ["empty", "", "pass.empty"],
    ["whitespace only JSON-typed", "   \n  ", "pass.empty"],
    ["top-level scalar", "  42  ", "pass."],
    ["NUL bytes", '{"a":"x\u0000y"}', "pass.binary"],
    ["lone surrogate", '{"a":"\ud800"}', "pass.ill-formed"],
  ];
  for (const engine of engines) {
    for (const [name, text, code] of cases) {
      it(`${engine}: ${name}`, async () => {
        const r = await compress(text, { engine, type: name.includes("JSON-typed") ? "json" : "auto" });
        expect(r.text).toBe(text);
        expect(r.refs).toEqual([]);
        // a code ending in "." is a prefix: any pass-through reason of that family
        if (code.endsWith(".")) expect(r.reasons.some((x) => x.code.startsWith(code))).toBe(true);
        else expect(r.reasons.map((x) => x.code)).toContain(code);
      });
    }
    it(`${engine}: nesting depth 100,000 passes through`, async () => {
      const text = "[".repeat(100_000) + "]".repeat(100_000);
      const r = await compress(text, { engine });
      expect(r.text).toBe(text);
      expect(r.reasons.map((x) => x.code)).toContain("pass.too-deep");
    });
    it(`${engine}: duplicate keys are kept as they are`, async () => {
      const text = JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ id: i }))).replace('{"id":7}', '{"id":7,"id":8}');
      const r = await compress(text, { engine, lossless: true });
      expect(r.text).toContain('{"id":7,"id":8}');
    });
  }
  it("a 100 MB input passes through with a reason (above maxInputBytes)", async () => {
    const text = "[" + '{"k":"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"},'.repeat(1_600_000) + "1]";
    expect(text.length).toBeGreaterThan(100_000_000);
    const r = await compress(text);
    expect(r.text).toBe(text);
    expect(r.reasons.map((x) => x.code)).toContain("pass.too-large");
  });
  it("output is never larger than the input", async () => {
    for (const text of ["[1]", '{"a":"b"}', JSON.stringify(jobListing(3))]) {
      const r = await compress(text);
      expect(r.tokensAfter).toBeLessThanOrEqual(r.tokensBefore);
      expect(r.text.length).toBeLessThanOrEqual(text.length);
    }
  });
});

describe("JSON Lines", () => {
  const logs = jsonLogs(3000, { seed: 5 });
  const text = logs.map((l: unknown) => JSON.stringify(l)).join("\n") + "\n";
  for (const engine of engines) {
    it(`${engine}: keeps errors, renders one value per line, retrieves lines by query`, async () => {
      const store = memoryStore();
      const r = await compress(text, { engine, store });
      expect(r.ratio).toBeGreaterThan(0.8);
      const lines = r.text.trimEnd().split("\n");
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(JSON.parse(lines.at(-1)!)._tokenfold).toBe("omitted");
      for (const e of logs.filter((l: { level: string }) => l.level === "error")) expect(r.text).toContain(e.trace_id);
      const whole = await retrieve(r.refs[0]!, { store });
      expect(whole.ok && whole.value.text).toBe(text);
      const one = await retrieve(r.refs[0]!, { store, query: logs[1234].trace_id });
      expect(one.ok && one.value.text).toBe(JSON.stringify(logs[1234]));
    });
  }
  it("a malformed line makes the whole input pass through", async () => {
    const bad = text.replace(/\n/, "\n{not json}\n");
    const r = await compress(bad);
    expect(r.text).toBe(bad);
    expect(r.reasons.map((x) => x.code)).toContain("pass.malformed-json");
  });
});

describe("collections of scalars", () => {
  it("keeps the extremes and a rare string, and summarises the values", async () => {
    const series = Array.from({ length: 5000 }, (_, i) => Math.round(Math.sin(i) * 1000) / 10);
    series[4321] = 99999;
    const names = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? "delta-rare" : ["alpha", "beta", "gamma"][i % 3]));
    for (const engine of engines) {
      const r = await compress(JSON.stringify({ series, names }), { engine, store: memoryStore() });
      const out = JSON.parse(r.text);
      expect(out.series).toContain(99999);
      expect(out.names).toContain("delta-rare");
      const summary = out.series.at(-1);
      expect(summary.values).toMatchObject({ numbers: 5000, max: 99999 });
      expect(out.names.at(-1).values.top).toMatchObject({ "delta-rare": 1, alpha: 999, beta: 1000 });
    }
  });
});

describe("retrieval by query on non-ASCII JSON", () => {
  it("maps byte spans to string offsets: the matching item comes back verbatim", async () => {
    const items = Array.from({ length: 400 }, (_, i) => ({ id: i, name: `Zürich-Ω-${i}`, note: "日本語のテキスト".repeat(2) }));
    const text = JSON.stringify(items, null, 1);
    for (const engine of engines) {
      const store = memoryStore();
      const r = await compress(text, { engine, store });
      const one = await retrieve(r.refs[0]!, { store, query: "Zürich-Ω-321" });
      // every item mentions Zürich, so several units match; the named one must come back verbatim
      const unit = JSON.stringify(items[321], null, 1).replace(/\n/g, "\n ");
      expect(text).toContain(unit);
      expect(one.ok && one.value.text.includes(unit)).toBe(true);
    }
  });
});
