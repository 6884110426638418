// The memory API on its Node backends (SQLite on disk, in-process): supersession, exact and
// near-duplicate detection, scopes, search, forget, export, and two processes sharing one file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemory, inProcessBackend, sqliteMemoryBackend, type Memory } from "../src/memory/index.js";

const dir = mkdtempSync(join(tmpdir(), "tf-memory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const backends = {
  sqlite: () => sqliteMemoryBackend({ path: join(dir, `m${n++}.db`) }),
  memory: () => inProcessBackend(),
};

describe.each(Object.entries(backends))("memory on %s", (_name, make) => {
  let clock = 1_000;
  const open = (): Memory => createMemory({ backend: make(), agent: "test", now: () => (clock += 10), scopeKeys: { project: "/p/one" } });

  it("adds, gets, lists newest first, and records provenance", async () => {
    const m = open();
    const a = await m.add({ text: "  The API   lives under src/api.ts ", source: "s1" });
    const b = await m.add({ text: "Docs are built with vite", agent: "codex" });
    expect(a.status).toBe("added");
    expect(a.fact.text).toBe("The API lives under src/api.ts");
    expect(a.fact.id).toMatch(/^mem_[0-9a-f]{16}$/);
    expect(a.fact.provenance).toEqual({ agent: "test", at: a.fact.provenance.at, source: "s1" });
    expect(b.fact.provenance.agent).toBe("codex");
    expect((await m.list()).map((f) => f.id)).toEqual([b.fact.id, a.fact.id]);
    expect(await m.get(a.fact.id)).toEqual(a.fact);
    await m.close();
  });

  it("a newer fact on the same subject and scope supersedes the older one", async () => {
    const m = open();
    const old = await m.add({ text: "Run the tests with npm test", subject: "Test command", scope: "project" });
    const other = await m.add({ text: "Run the tests with make check", subject: "test command", scope: { kind: "project", key: "/p/two" } });
    const neu = await m.add({ text: "Run the tests with npm test -- --run", subject: "test command.", scope: "project" });
    expect(neu.status).toBe("added");
    expect(neu.superseded).toEqual([old.fact.id]);
    expect(neu.fact.supersedes).toBe(old.fact.id);
    expect(other.fact.scope).toEqual({ kind: "project", key: "/p/two" });
    // the older one is kept, marked, and left out of search and list by default
    expect((await m.get(old.fact.id))!.supersededBy).toBe(neu.fact.id);
    const hits = await m.search("how do I run the tests");
    expect(hits.map((h) => h.fact.id).sort()).toEqual([other.fact.id, neu.fact.id].sort());
    const all = await m.search("run tests", { includeSuperseded: true });
    expect(all.map((h) => h.fact.id)).toContain(old.fact.id);
    expect((await m.list({ subject: "Test Command" })).map((f) => f.id).sort()).toEqual([other.fact.id, neu.fact.id].sort());
    // forgetting the newest brings the older one back
    expect(await m.forget(neu.fact.id)).toBe(true);
    expect(await m.forget(neu.fact.id)).toBe(false);
    expect((await m.get(old.fact.id))!.supersededBy).toBeUndefined();
    expect((await m.search("npm test")).map((h) => h.fact.id)).toContain(old.fact.id);
    await m.close();
  });

  it("exact duplicates (up to whitespace) and near duplicates (case, punctuation) are not stored twice", async () => {
    const m = open();
    const a = await m.add({ text: "Use pnpm, not npm, in this repository" });
    const same = await m.add({ text: "Use pnpm, not npm,\n in this   repository" });
    expect(same.status).toBe("duplicate");
    expect(same.fact.id).toBe(a.fact.id);
    const near = await m.add({ text: "use PNPM not npm in this repository!" });
    expect(near.status).toBe("near-duplicate");
    expect(near.fact.id).toBe(a.fact.id);
    expect(near.distance).toBeLessThanOrEqual(3);
    // word order matters (shingles of two words): the opposite advice is a different fact
    const opposite = await m.add({ text: "Use npm, not pnpm, in this repository" });
    expect(opposite.status).toBe("added");
    // a duplicate in another scope is a fact of that scope
    const elsewhere = await m.add({ text: "Use pnpm, not npm, in this repository", scope: "project" });
    expect(elsewhere.status).toBe("added");
    expect((await m.list()).length).toBe(3);
    // a superseded fact does not block re-adding its text
    const s1 = await m.add({ text: "Deploys go through staging", subject: "deploy" });
    await m.add({ text: "Deploys go straight to production", subject: "deploy" });
    const again = await m.add({ text: "Deploys go through staging", subject: "deploy" });
    expect(again.status).toBe("added");
    expect(again.fact.id).not.toBe(s1.fact.id);
    await m.close();
  });

  it("nearDuplicateBits: 0 turns the near-duplicate check off", async () => {
    const m = createMemory({ backend: make(), nearDuplicateBits: 0 });
    await m.add({ text: "Use pnpm, not npm" });
    expect((await m.add({ text: "use PNPM not npm!" })).status).toBe("added");
    await m.close();
  });

  it("search ranks by relevance, filters by scope, honours limit", async () => {
    const m = open();
    const facts = [
      ["The proxy listens on port 8787 by default", { kind: "user", key: "" }],
      ["Redis runs on a free port in tests", { kind: "project", key: "/p/one" }],
      ["The dashboard uses uPlot for charts", { kind: "project", key: "/p/two" }],
      ["Never commit with git add -A in the shared checkout", { kind: "agent", key: "claude" }],
    ] as const;
    const ids = [];
    for (const [text, scope] of facts) ids.push((await m.add({ text, scope: { ...scope } })).fact.id);
    expect((await m.search("which port does the proxy listen on?"))[0]!.fact.id).toBe(ids[0]);
    expect((await m.search("port", { scopes: [{ kind: "project" }] })).map((h) => h.fact.id)).toEqual([ids[1]]);
    expect((await m.search("charts dashboard", { scopes: [{ kind: "project", key: "/p/one" }] }))).toEqual([]);
    expect((await m.search("git commit"))[0]!.fact.scope).toEqual({ kind: "agent", key: "claude" });
    expect((await m.search("port", { limit: 1 })).length).toBe(1);
    expect(await m.search("")).toEqual([]);
    expect(await m.search("\"') OR NOT *")).toEqual([]);
    const hits = await m.search("port");
    expect(hits.every((h, i) => i === 0 || hits[i - 1]!.score >= h.score)).toBe(true);
    await m.close();
  });

  it("export gives every fact oldest first, superseded ones included", async () => {
    const m = open();
    const a = await m.add({ text: "Node 20 is the minimum", subject: "node version" });
    const b = await m.add({ text: "Node 22 is the minimum", subject: "node version" });
    const out = await m.export();
    expect(out.map((f) => f.id)).toEqual([a.fact.id, b.fact.id]);
    expect(out[0]!.supersededBy).toBe(b.fact.id);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    await m.close();
  });

  it("bad input is refused at the call, never stored", async () => {
    const m = open();
    await expect(m.add({ text: "   " })).rejects.toThrow(/non-empty/);
    await expect(m.add({ text: "x", scope: "galaxy" as never })).rejects.toThrow(/unknown scope/);
    expect(await m.list()).toEqual([]);
    await m.close();
  });
});

describe("memory across processes (one SQLite file)", () => {
  it("a fact added by one process is found, deduplicated and superseded by another", async () => {
    const file = join(dir, "shared.db");
    const script = (body: string) => `
      const { createMemory } = await import(${JSON.stringify(new URL("../dist/memory/index.js", import.meta.url).href)});
      const m = createMemory({ path: ${JSON.stringify(file)}, agent: process.argv[1] });
      ${body}
      await m.close();`;
    const child = (agent: string, body: string) => {
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", script(body), agent], { encoding: "utf8", env: { ...process.env, HOME: dir, TOKENFOLD_HOME: dir } });
      expect(r.stderr).toBe("");
      return JSON.parse(r.stdout);
    };
    const added = child("claude", `console.log(JSON.stringify(await m.add({ text: "Build the WASM core with npm run build:wasm", subject: "wasm build" })));`);
    expect(added.status).toBe("added");
    const found = child("codex", `console.log(JSON.stringify(await m.search("how is the wasm core built?")));`);
    expect(found.map((h: { fact: { id: string } }) => h.fact.id)).toEqual([added.fact.id]);
    expect(found[0].fact.provenance.agent).toBe("claude");
    const dup = child("gemini", `console.log(JSON.stringify(await m.add({ text: "build the wasm core with: npm run build:wasm" })));`);
    expect(dup.status).toBe("near-duplicate");
    // this process sees what the children wrote, and supersedes it
    const m = createMemory({ path: file, agent: "vitest" });
    const neu = await m.add({ text: "Build the WASM core with npm run build", subject: "WASM build" });
    expect(neu.superseded).toEqual([added.fact.id]);
    await m.close();
    const after = child("codex", `console.log(JSON.stringify(await m.search("wasm core")));`);
    expect(after.map((h: { fact: { id: string } }) => h.fact.id)).toEqual([neu.fact.id]);
  });

  it("concurrent adds of the same fact from several processes store it once", async () => {
    const file = join(dir, "race.db");
    const { spawn } = await import("node:child_process");
    const code = `
      const { createMemory } = await import(${JSON.stringify(new URL("../dist/memory/index.js", import.meta.url).href)});
      const m = createMemory({ path: ${JSON.stringify(file)} });
      const r = await m.add({ text: "The store TTL is seven days" });
      console.log(r.status);
      await m.close();`;
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<string>((resolve) => {
          const p = spawn(process.execPath, ["--input-type=module", "-e", code], { env: { ...process.env, HOME: dir, TOKENFOLD_HOME: dir } });
          let out = "";
          p.stdout.on("data", (d) => (out += d));
          p.on("close", () => resolve(out.trim()));
        }),
      ),
    );
    expect(runs.filter((s) => s === "added").length).toBe(1);
    expect(runs.filter((s) => s === "duplicate").length).toBe(3);
    const m = createMemory({ path: file });
    expect((await m.list()).length).toBe(1);
    await m.close();
  });
});
