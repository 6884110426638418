// The `tokenfold` CLI, run as a real process against a real SQLite store on disk.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JS module without types
import { jobListing } from "../bench/generate.mjs";

const bin = join(import.meta.dirname, "..", "bin", "tokenfold.js");
const home = mkdtempSync(join(tmpdir(), "tokenfold-cli-"));
const env = { ...process.env, TOKENFOLD_HOME: home };
const run = (args: string[], input?: string | Buffer) => spawnSync(process.execPath, [bin, ...args], { env, input, maxBuffer: 256 << 20 });

describe("tokenfold compress --messages", () => {
  it("compresses the tool outputs of a request body; retrieve gives the output back from SQLite", async () => {
    // @ts-expect-error plain JS module without types
    const { authLog } = await import("../bench/generate-text.mjs");
    const log = authLog(3000) as string;
    const req = { model: "m", messages: [{ role: "user", content: "Did anyone log in successfully?" }, { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "read_log", arguments: "{}" } }] }, { role: "tool", tool_call_id: "c1", content: log }] };
    const r = run(["compress", "--messages"], JSON.stringify(req));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.toString());
    expect(out.messages[0]).toEqual(req.messages[0]);
    expect(out.messages[2].content.length).toBeLessThan(log.length / 10);
    expect(out.messages[2].content).toContain("Accepted publickey for deploy");
    expect(out.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(["tokenfold_retrieve"]);
    const ref = /tf_[0-9a-f]{24}/.exec(out.messages[2].content)![0];
    expect(run(["retrieve", ref]).stdout.toString()).toBe(log);
    expect(run(["compress", "--messages"], "not json").status).toBe(2);
  });
});

describe("tokenfold CLI", () => {
  const file = join(home, "jobs.json");
  const original = JSON.stringify(jobListing(5000, { failAt: [4242] }), null, 2);
  writeFileSync(file, original);

  it("compresses a 5k listing ≥ 80 %, keeps the failed job, and retrieve gives the original byte-for-byte", () => {
    const r = run(["compress", file, "--json", "--query", "which job failed?"]);
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout.toString());
    expect(res.ratio).toBeGreaterThanOrEqual(0.8);
    expect(res.text).toContain('"id":104242');
    expect(res.refs).toHaveLength(1);
    const back = run(["retrieve", res.refs[0]]);
    expect(back.status).toBe(0);
    expect(back.stdout.toString()).toBe(original);
  });

  it("two processes produce identical bytes", () => {
    const a = execFileSync(process.execPath, [bin, "compress", file, "--query", "failed"], { env });
    const b = execFileSync(process.execPath, [bin, "compress", "-", "--query", "failed"], { env, input: readFileSync(file) });
    expect(a.length).toBeGreaterThan(0);
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it("retrieve --query returns only matching items", () => {
    const res = JSON.parse(run(["compress", file, "--json"]).stdout.toString());
    const back = run(["retrieve", res.refs[0], "--query", "104999"]);
    expect(back.status).toBe(0);
    const text = back.stdout.toString();
    expect(text).toContain('"id": 104999');
    expect(text.length).toBeLessThan(2000);
  });

  it("passes invalid UTF-8 through untouched", () => {
    const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const r = run(["compress", "-"], bad);
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, bad)).toBe(0);
  });

  it("passes malformed JSON through with a reason", () => {
    const r = run(["compress", "--json", "-"], '{"a": [1, 2');
    const res = JSON.parse(r.stdout.toString());
    expect(res.text).toBe('{"a": [1, 2');
    expect(res.reasons.map((x: { code: string }) => x.code)).toContain("pass.truncated-json");
  });

  it("the package imports by name in Node: import { compress, retrieve } from \"tokenfold\"", () => {
    const code = 'const { compress, retrieve } = await import("tokenfold"); const r = await compress(JSON.stringify(Array.from({length: 300}, (_, i) => ({ id: i, ok: i !== 7 }))), { query: "id 7" }); const b = await retrieve(r.refs[0]); console.log(typeof compress, r.refs.length, b.ok);';
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: join(import.meta.dirname, ".."), env }).toString();
    expect(out.trim()).toBe("function 1 true");
  });

  it("exit codes: 2 for usage, 1 for an unknown ref, 0 for --help and --version", () => {
    expect(run([]).status).toBe(2);
    expect(run(["frobnicate"]).status).toBe(2);
    expect(run(["compress", "--target", "7", file]).status).toBe(2);
    const unknown = run(["retrieve", "tf_000000000000000000000000"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.toString()).toMatch(/unknown or expired ref/);
    expect(run(["retrieve", "not-a-ref"]).status).toBe(1);
    expect(run(["--help"]).stdout.toString()).toMatch(/Usage:/);
    expect(run(["--version"]).stdout.toString()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("a reader that stops early (`tokenfold … | head`) ends it quietly, exit 0", async () => {
    const ref = JSON.parse(run(["compress", file, "--json", "--query", "which job failed?"]).stdout.toString()).refs[0];
    // the original (~1 MB) is far more than a pipe holds, so the write meets the closed end
    for (const args of [["retrieve", ref], ["--help"]]) {
      const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy(); // the reader goes away before the first write
      let stderr = "";
      child.stderr.on("data", (c) => (stderr += c));
      const code = await new Promise((ok) => child.on("close", ok));
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: "" });
    }
  });
});
