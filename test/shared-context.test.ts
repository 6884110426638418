// SharedContext across two processes through the SQLite files under $TOKENFOLD_HOME: one process
// puts a large log, another gets the compressed text, the original byte-for-byte, and a query view.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemory, createSharedContext, inProcessBackend } from "../src/memory/index.js";
import { memoryStore } from "../src/store/index.js";

const home = mkdtempSync(join(tmpdir(), "tf-shared-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

// A CI log, built from a seed: many routine lines and two failures.
function ciLog(seed: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) {
    const t = `2026-01-0${1 + (i % 9)}T10:${String(i % 60).padStart(2, "0")}:0${i % 10}Z`;
    if (i === 250 + seed) lines.push(`${t} ERROR test suite parser.spec.ts failed: expected 3 got ${seed}`);
    else if (i === 480) lines.push(`${t} ERROR test suite cache.spec.ts failed: timeout after 5000ms`);
    else lines.push(`${t} INFO worker-${i % 4} ran test case ${i} in ${(i * 37) % 900}ms ok`);
  }
  return lines.join("\n") + "\n";
}

const mod = JSON.stringify(new URL("../dist/memory/index.js", import.meta.url).href);
function child(code: string): { stdout: string; stderr: string; status: number | null } {
  return spawnSync(process.execPath, ["--input-type=module", "-e", `const { createSharedContext } = await import(${mod});\nconst ctx = createSharedContext({ agent: "proc" });\n${code}\nawait ctx.close();`], {
    encoding: "utf8",
    env: { ...process.env, HOME: home, TOKENFOLD_HOME: home },
    maxBuffer: 64 << 20,
  });
}

describe("SharedContext", () => {
  it("put in one process, get compressed / full / by query in another", () => {
    const log = ciLog(7);
    const put = child(`const r = await ctx.put("ci", ${JSON.stringify(log)}, { query: "which test failed?" }); console.log(JSON.stringify(r));`);
    expect(put.stderr).toBe("");
    const rec = JSON.parse(put.stdout);
    expect(rec.ref).toMatch(/^tf_[0-9a-f]{24}$/);
    expect(rec.tokensAfter).toBeLessThan(rec.tokensBefore);
    expect(rec.saved).toBe(rec.tokensBefore - rec.tokensAfter);

    const brief = child(`process.stdout.write(await ctx.get("ci"));`);
    expect(brief.stdout).toBe(rec.text);
    expect(brief.stdout).toContain("parser.spec.ts failed");
    expect(brief.stdout.length).toBeLessThan(log.length / 2);

    const full = child(`process.stdout.write(await ctx.get("ci", { full: true }));`);
    expect(full.stdout).toBe(log);

    const q = child(`process.stdout.write(await ctx.get("ci", { query: "cache.spec.ts" }));`);
    expect(q.stdout).toContain("cache.spec.ts failed: timeout");
    expect(q.stdout.length).toBeLessThan(log.length);

    const missing = child(`process.stdout.write(String((await ctx.get("nope")) ?? ""));`);
    expect(missing.stdout.trim()).toBe("");
  });

  it("a second put under the same key replaces the first", async () => {
    const ctx = createSharedContext({ memory: createMemory({ backend: inProcessBackend() }), store: memoryStore() });
    await ctx.put("k", ciLog(1));
    await ctx.put("k", ciLog(2));
    expect(await ctx.get("k", { full: true })).toBe(ciLog(2));
    expect((await ctx.info("k"))!.ref).toMatch(/^tf_/);
  });

  it("short content that does not compress is shared as is, and full still works", async () => {
    const ctx = createSharedContext({ memory: createMemory({ backend: inProcessBackend() }), store: memoryStore() });
    const r = await ctx.put("note", "use the staging database for this task");
    expect(r.text).toBe("use the staging database for this task");
    expect(await ctx.get("note")).toBe("use the staging database for this task");
    expect(await ctx.get("note", { full: true })).toBe("use the staging database for this task");
    expect(await ctx.get("other")).toBeUndefined();
    await expect(ctx.put("", "x")).rejects.toThrow(/key/);
  });
});
