// The log compressor through the public API: collapse with counts, what is always kept, bad
// input, determinism, engine equality, retrieval.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { retrieve } from "../../retrieve.js";
import { memoryStore } from "../../store/index.js";

const two = (n: number) => String(n % 60).padStart(2, "0");

/** An sshd log: `n` failed logins from many IPs, one success at `successAt`. */
function sshLog(n: number, successAt: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const ts = `Jan 12 10:${two(i >> 6)}:${two(i)}`;
    if (i === successAt) lines.push(`${ts} bastion sshd[${4000 + i}]: Accepted publickey for deploy from 10.20.30.40 port 50022 ssh2`);
    else lines.push(`${ts} bastion sshd[${4000 + i}]: Failed password for invalid user admin from 192.168.${(i >> 8) & 255}.${i & 255} port ${1024 + i} ssh2`);
  }
  return lines.join("\n") + "\n";
}

/** An application log with a periodic job, one block id, and a Java stack trace. */
function appLog(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const ts = `2024-05-01 12:${two(i >> 6)}:${two(i)},${String(i % 1000).padStart(3, "0")}`;
    lines.push(`${ts} INFO  [worker-${i % 4}] Processed batch ${i} in ${(i * 7) % 97} ms`);
    if (i === 700) lines.push(`${ts} INFO  [replicator] Stored block blk_-1608999687919862906 on 10.250.19.102:50010 size 91178`);
    if (i === 1200) {
      lines.push(`${ts} ERROR [worker-1] Job sync-orders failed`);
      lines.push("java.lang.IllegalStateException: connection pool exhausted");
      lines.push("\tat com.example.db.Pool.acquire(Pool.java:88)");
      lines.push("\tat com.example.jobs.SyncOrders.run(SyncOrders.java:41)");
      lines.push("\tat java.base/java.lang.Thread.run(Thread.java:833)");
    }
  }
  return lines.join("\n") + "\n";
}

describe("collapsing repeats", () => {
  const text = sshLog(2000, 1234);
  it("folds 2,000 failures into markers that name the template and count, and keeps the one success", async () => {
    const r = await compress(text, { type: "log", store: memoryStore() });
    expect(r.type).toBe("log");
    expect(r.ratio).toBeGreaterThan(0.9);
    expect(r.text).toContain("Accepted publickey for deploy from 10.20.30.40 port 50022 ssh2");
    expect(r.text).toMatch(/\[… [\d,]+ lines omitted \(L\d+–L\d+\), all like: Jan <\*> <\*> bastion sshd\[<\*>\]: Failed password for invalid user admin from <\*> port <\*> <\*>; ref tf_[0-9a-f]{24}\]/);
    expect(r.text).toMatch(/1,\d{3} lines omitted/);
    expect(r.reasons.map((x) => x.code)).toContain("log.collapsed");
  });
  it("keeps the first and last lines", async () => {
    const r = await compress(text, { type: "log", store: memoryStore() });
    const lines = text.trimEnd().split("\n");
    const out = r.text.trimEnd().split("\n");
    expect(out[0]).toBe(lines[0]);
    expect(out.at(-1)).toBe(lines.at(-1));
  });
  it("every kept line is verbatim; everything else is a marker", async () => {
    const r = await compress(text, { type: "log", store: memoryStore() });
    const original = new Set(text.split("\n"));
    for (const line of r.text.split("\n")) {
      if (line === "") continue;
      expect(original.has(line) || /^\[… .*; ref tf_[0-9a-f]{24}\]$/.test(line)).toBe(true);
    }
  });
});

describe("always kept", () => {
  const text = appLog(2000);
  it("a line holding a query identifier (a block id, an IP)", async () => {
    const byBlock = await compress(text, { type: "log", query: "where was blk_-1608999687919862906 stored?", store: memoryStore() });
    expect(byBlock.text).toContain("Stored block blk_-1608999687919862906 on 10.250.19.102:50010 size 91178");
    const byIp = await compress(sshLog(3000, 2500), { type: "log", query: "what did 192.168.3.17 do?", store: memoryStore() });
    expect(byIp.text).toContain("from 192.168.3.17 port");
  });
  it("a stack trace, whole, with the error above it", async () => {
    const r = await compress(text, { type: "log", store: memoryStore() });
    const trace = [
      "ERROR [worker-1] Job sync-orders failed",
      "java.lang.IllegalStateException: connection pool exhausted",
      "\tat com.example.db.Pool.acquire(Pool.java:88)",
      "\tat com.example.jobs.SyncOrders.run(SyncOrders.java:41)",
      "\tat java.base/java.lang.Thread.run(Thread.java:833)",
    ];
    const at = r.text.indexOf(trace[0]!);
    expect(at).toBeGreaterThan(0);
    expect(r.text.slice(at)).toContain(trace.slice(1).join("\n"));
  });
  it("words of the query rank templates: the matching one keeps lines", async () => {
    const r = await compress(text, { type: "log", query: "which block was stored by the replicator?", store: memoryStore() });
    expect(r.text).toContain("[replicator] Stored block");
  });
  it("an error repeated thousands of times collapses too (first, second and last kept)", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(`2024-05-01 12:00:${two(i)} ERROR upstream timed out after ${i % 30} s (request ${i})`);
    const r = await compress(lines.join("\n") + "\n", { type: "log", store: memoryStore() });
    expect(r.ratio).toBeGreaterThan(0.95);
    expect(r.text).toContain(lines[0]);
    expect(r.text).toContain(lines[1]);
    expect(r.text).toContain(lines[4999]);
    expect(r.text).toContain("all like: <*> <*> ERROR upstream timed out after <*> s (request <*>)");
  });
  it("a rare value in a dominated column of a TSV log (the one POST, the one non-zero body length)", async () => {
    const rows = ["#separator \\x09", "#fields\tts\tuid\tmethod\thost\turi\trequest_body_len\tresponse_body_len\tstatus_code"];
    for (let i = 0; i < 300; i++) {
      const post = i === 211;
      rows.push([`13202795${String(i).padStart(2, "0")}.45`, `C${(i * 7919).toString(36)}x`, post ? "POST" : "GET", `host${i % 37}.example.org`, `/p/${(i * 31) % 1000}`, post ? "584" : "0", String(1000 + ((i * 37) % 5000)), "200"].join("\t"));
    }
    rows.push("#close\t2017-04-16-21-36-10");
    const r = await compress(rows.join("\n") + "\n", { type: "log", query: "did any client send a request body?", store: memoryStore() });
    expect(r.text).toContain("POST\thost26.example.org");
    expect(r.text).toContain("#fields\tts\tuid");
    expect(r.text).toContain("#close");
  });
  it("pytest output: the FAILED line, the E line and the summary", async () => {
    const lines = ["============================= test session starts ==============================", "collected 400 items", ""];
    for (let i = 0; i < 400; i++) lines.push(`tests/test_mod${i % 9}.py::test_case_${i.toString(36)}${i % 3 ? "_error_path" : ""} ${i === 321 ? "FAILED" : "PASSED"} [${String(Math.floor(i / 4)).padStart(3)}%]`);
    lines.push("", "=================================== FAILURES ===================================", "_______________________________ test_case_8x _______________________________", "");
    lines.push("    def test_case_8x():", ">       assert parse('x') == 1", "E       AssertionError: assert 0 == 1", "", "tests/test_mod6.py:12: AssertionError");
    lines.push("=========================== short test summary info ============================", "FAILED tests/test_mod6.py::test_case_8x - AssertionError: assert 0 == 1", "======================== 1 failed, 399 passed in 2.10s =========================");
    const r = await compress(lines.join("\n") + "\n", { type: "log", query: "which test failed and why?", store: memoryStore() });
    expect(r.text).toContain("tests/test_mod6.py::test_case_8x FAILED");
    expect(r.text).toContain("E       AssertionError: assert 0 == 1");
    expect(r.text).toContain("FAILED tests/test_mod6.py::test_case_8x - AssertionError");
    expect(r.text).toContain("1 failed, 399 passed");
    // a passing test named "error" is not trouble: no such line is kept (a marker may describe them)
    expect(r.text.split("\n").filter((l) => !l.startsWith("[… ")).join("\n")).not.toContain("_error_path PASSED");
  });
});

describe("bad input", () => {
  it("CRLF line endings: kept lines come back with CRLF, no stray CR", async () => {
    const text = sshLog(1500, 900).replace(/\n/g, "\r\n");
    const r = await compress(text, { type: "log", store: memoryStore() });
    expect(r.text).toContain("Accepted publickey for deploy from 10.20.30.40 port 50022 ssh2\r\n");
    expect(r.text.replace(/\r\n/g, "")).not.toContain("\r");
    expect(r.text.endsWith("\r\n")).toBe(true);
  });
  it("a million lines: one linear pass, folded to a small output", async () => {
    const n = 1_000_000;
    const parts: string[] = new Array(n);
    for (let i = 0; i < n; i++) parts[i] = i === 777_777 ? "2024-05-01 12:00:00 INFO disk replaced on node-17" : `2024-05-01 12:00:${two(i)} INFO heartbeat ${i} ok from 10.0.${(i >> 8) & 255}.${i & 255}`;
    const text = parts.join("\n");
    const r = await compress(text, { type: "log", store: memoryStore(), maxInputBytes: 1 << 30 });
    expect(r.text.length).toBeLessThan(4000);
    expect(r.text).toContain("disk replaced on node-17");
    expect(r.reasons[0]!.detail).toMatch(/^1,000,000 lines in 2 templates/);
  }, 120_000);
  it("NUL bytes pass through as binary", async () => {
    const r = await compress(sshLog(100, 50).replace("bastion", "bas\u0000tion"), { type: "log" });
    expect(r.reasons.at(-1)!.code).toBe("pass.binary");
  });
  it("control characters and non-ASCII lines do not throw and stay verbatim", async () => {
    const text = sshLog(800, 400).replace("Accepted publickey", "Accepted \u001b[1mpublickey\u001b[0m für Jürgen ✓ 🚀");
    const r = await compress(text, { type: "log", store: memoryStore() });
    expect(r.text).toContain("Accepted \u001b[1mpublickey\u001b[0m für Jürgen ✓ 🚀 for deploy from 10.20.30.40 port 50022 ssh2");
    expect(r.text).toContain("Jan 12 10:00:00 bastion sshd[4000]: Failed password");
  });
  it("a 100 KB single line and tiny logs pass through", async () => {
    const one = "2024-05-01 12:00:00 INFO " + "x".repeat(100_000);
    expect((await compress(one, { type: "log" })).text).toBe(one);
    const few = "2024-05-01 12:00:00 INFO a\n2024-05-01 12:00:01 INFO b\n";
    const r = await compress(few, { type: "log" });
    expect(r.text).toBe(few);
    expect(r.reasons.map((x) => x.code)).toContain("pass.short");
  });
  it("lossless: passed through", async () => {
    const text = sshLog(500, 10);
    const r = await compress(text, { type: "log", lossless: true });
    expect(r.text).toBe(text);
    expect(r.reasons.map((x) => x.code)).toContain("pass.lossless");
  });
});

describe("contract", () => {
  const text = appLog(3000) + sshLog(1000, 10);
  it("deterministic: the same input twice gives the same bytes", async () => {
    const a = await compress(text, { type: "log", query: "sync-orders failed", store: memoryStore() });
    const b = await compress(text, { type: "log", query: "sync-orders failed", store: memoryStore() });
    expect(a.text).toBe(b.text);
  });
  it("wasm and js engines give identical output", async () => {
    for (const query of [undefined, "what happened to blk_-1608999687919862906?", "failed password admin"]) {
      const a = await compress(text, { type: "log", query, engine: "wasm", store: memoryStore() });
      const b = await compress(text, { type: "log", query, engine: "js", store: memoryStore() });
      expect(a.text).toBe(b.text);
    }
  });
  it("retrieve(ref) gives the original back; with a query, the matching dropped lines", async () => {
    const store = memoryStore();
    const r = await compress(text, { type: "log", store });
    expect(r.refs).toHaveLength(1);
    const back = await retrieve(r.refs[0]!, { store });
    expect(back.ok && back.value.text).toBe(text);
    const part = await retrieve(r.refs[0]!, { store, query: "batch 1999" });
    expect(part.ok && part.value.text).toContain("Processed batch 1999 in");
    expect(part.ok && part.value.total).toBeGreaterThan(1);
  });
  it("routes logs here, and not JSON, diffs, grep output or code", async () => {
    const { logCompressor } = await import("./index.js");
    expect(logCompressor.detect(appLog(50))).toBeGreaterThan(0.9);
    expect(logCompressor.detect(sshLog(50, 3))).toBeGreaterThan(0.9);
    expect(logCompressor.detect('[{"a":1},{"a":2}]')).toBe(0);
    expect(logCompressor.detect('{"level":"info"}\n{"level":"error"}\n')).toBe(0);
    expect(logCompressor.detect("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n")).toBe(0);
    expect(logCompressor.detect(Array.from({ length: 20 }, (_, i) => `src/app/file${i}.ts:${i + 1}:  const x = ${i};`).join("\n"))).toBe(0);
    expect(logCompressor.detect("import os\n\ndef main():\n    return 0\n\nclass A:\n    pass\n")).toBe(0);
  });
});
