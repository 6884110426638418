// The memory in real Chromium on IndexedDB: add, duplicates, supersession, token-index search,
// forget, persistence across page loads, two tabs adding at once, and the same SimHash as Node.
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { launch, recordRequests } from "./e2e/helpers/chromium.js";
import { fingerprint } from "../src/memory/fingerprint.js";

const out = mkdtempSync(join(tmpdir(), "tf-memory-browser-"));
let server: Server;
let base = "";
let browser: Browser;

beforeAll(async () => {
  // only the memory's browser path: createMemory + the IndexedDB backend (SQLite's Node imports stay external and unused)
  await build({
    configFile: false,
    logLevel: "warn",
    build: {
      outDir: out,
      emptyOutDir: false,
      target: "es2022",
      minify: false,
      lib: { entry: join(import.meta.dirname, "../src/memory/browser-entry.ts"), formats: ["es"], fileName: () => "memory.js" },
      rollupOptions: { external: [/^node:/, "better-sqlite3"] },
    },
  });
  server = createServer((req, res) => {
    if (req.url === "/memory.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(readFileSync(join(out, "memory.js")));
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><script type="module">import * as m from "/memory.js"; globalThis.tf = m; globalThis.ready = true;</script>`);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  rmSync(out, { recursive: true, force: true });
});

type Tf = typeof import("../src/memory/browser-entry.js");
declare const tf: Tf;

describe("memory on IndexedDB in Chromium", () => {
  it("add, duplicates, supersede, search, forget; persists across page loads", async () => {
    const ctx = await browser.newContext();
    const requests = recordRequests(ctx);
    const page = await ctx.newPage();
    await page.goto(base);
    await page.waitForFunction(() => (globalThis as { ready?: boolean }).ready === true);
    const r = await page.evaluate(async () => {
      const m = tf.createMemory({ backend: tf.indexedDbBackend({ dbName: "t1" }), agent: "page" });
      const a = await m.add({ text: "Run the tests with npm test", subject: "test command" });
      const dup = await m.add({ text: "Run the tests   with npm test" });
      const near = await m.add({ text: "run the TESTS with npm test!" });
      const b = await m.add({ text: "Run the tests with npm test -- --run", subject: "Test command" });
      const c = await m.add({ text: "The dashboard draws charts with uPlot" });
      const hits = await m.search("how are the tests run?");
      const all = await m.search("tests", { includeSuperseded: true });
      const forgot = await m.forget(b.fact.id);
      const after = await m.get(a.fact.id);
      await m.close();
      return { a, dup, near, b, c, hits: hits.map((h) => h.fact.id), all: all.map((h) => h.fact.id), forgot, after };
    });
    expect(r.a.status).toBe("added");
    expect(r.dup.status).toBe("duplicate");
    expect(r.near.status).toBe("near-duplicate");
    expect(r.b.superseded).toEqual([r.a.fact.id]);
    expect(r.hits).toEqual([r.b.fact.id]);
    expect(r.all.sort()).toEqual([r.a.fact.id, r.b.fact.id].sort());
    expect(r.forgot).toBe(true);
    expect(r.after.supersededBy).toBeUndefined();

    const page2 = await ctx.newPage();
    await page2.goto(base);
    await page2.waitForFunction(() => (globalThis as { ready?: boolean }).ready === true);
    const persisted = await page2.evaluate(async () => {
      const m = tf.createMemory({ backend: tf.indexedDbBackend({ dbName: "t1" }) });
      const list = await m.list();
      const hits = await m.search("uPlot charts");
      const exported = await m.export();
      await m.close();
      return { list: list.map((f) => f.text), hits: hits.map((h) => h.fact.text), exported: exported.length };
    });
    expect(persisted.list.sort()).toEqual(["Run the tests with npm test", "The dashboard draws charts with uPlot"]);
    expect(persisted.hits).toEqual(["The dashboard draws charts with uPlot"]);
    expect(persisted.exported).toBe(2);
    expect(requests.outside()).toEqual([]);
    await ctx.close();
  });

  it("two tabs adding the same fact at once store it once", async () => {
    const ctx = await browser.newContext();
    const pages = await Promise.all([ctx.newPage(), ctx.newPage()]);
    for (const p of pages) {
      await p.goto(base);
      await p.waitForFunction(() => (globalThis as { ready?: boolean }).ready === true);
    }
    const statuses = await Promise.all(
      pages.map((p) =>
        p.evaluate(async () => {
          const m = tf.createMemory({ backend: tf.indexedDbBackend({ dbName: "race" }) });
          const results = [];
          for (let i = 0; i < 5; i++) results.push((await m.add({ text: `Fact ${i} is shared between tabs` })).status);
          await m.close();
          return results;
        }),
      ),
    );
    const flat = statuses.flat();
    expect(flat.filter((s) => s === "added").length).toBe(5);
    expect(flat.filter((s) => s !== "added").length).toBe(5);
    await ctx.close();
  });

  it("the browser's WASM core gives the same hashes as Node", async () => {
    const texts = ["Use pnpm, not npm", "Ünïcödé wörds 日本語 mixed with ASCII", "", "one", "a b c d e f g h i j k l m n o p"];
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForFunction(() => (globalThis as { ready?: boolean }).ready === true);
    const inPage = await page.evaluate((ts) => ts.map((t) => tf.fingerprint(t)), texts);
    expect(inPage).toEqual(texts.map((t) => fingerprint(t)));
    await page.close();
  });
});
