// The proxy's default store writes SQLite on a thread of its own: a ref is retrievable the moment
// its request leaves, it lands in the file, a locked file never holds the event loop, and a write
// that fails is kept in memory so the ref still retrieves its original.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoreEntry } from "../src/core/types.js";
import { sqliteStore } from "../src/store/index.js";
import { startProxy } from "../src/surfaces/proxy/index.js";
import { withStoreWriter } from "../src/surfaces/proxy/store-writer.js";
// @ts-expect-error plain JS module without types
import { jobListing } from "../bench/generate.mjs";
import { chatCompletion, chatToolCall, sendJson, startUpstream } from "./helpers/upstream.js";

const entry = (n: number): StoreEntry => ({ ref: `tf_${n.toString(16).padStart(24, "0")}`, type: "text", original: `original ${n} ${"x".repeat(5000)}`, units: [[0, 8]] });

let home: string;
let before: string | undefined;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "tf-writer-"));
  before = process.env.TOKENFOLD_HOME;
  process.env.TOKENFOLD_HOME = home; // the thread opens the default file, as the proxy does
});
afterEach(() => {
  if (before === undefined) delete process.env.TOKENFOLD_HOME;
  else process.env.TOKENFOLD_HOME = before;
  rmSync(home, { recursive: true, force: true });
});

/** The entry as a fresh connection to the file reads it (nothing from the writer's memory). */
async function fromFile(ref: string) {
  const s = sqliteStore({ path: join(home, "store.db") });
  try {
    return await s.get(ref);
  } finally {
    await s.close();
  }
}

describe("store writer thread", () => {
  it("serves a put at once and writes it to the file", async () => {
    const store = withStoreWriter(sqliteStore());
    try {
      const e = entry(1);
      await store.put(e);
      expect(store.threaded).toBe(true);
      expect(await store.get(e.ref)).toEqual(e);
      expect(await store.has!(e.ref)).toBe(true);
      await store.flushed();
      expect(await fromFile(e.ref)).toEqual(e);
      expect(await store.has!(entry(2).ref)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it("a locked file does not hold the event loop: puts return, reads answer, the write lands once the lock goes", async () => {
    const plain = sqliteStore({ path: join(home, "store.db") });
    await plain.put(entry(0)); // the file, in WAL mode, with its table
    await plain.close();
    const store = withStoreWriter(sqliteStore());
    // the loop's reading connection is open (its first use purges expired rows, a write)
    expect(await store.has!(entry(9).ref)).toBe(false);
    const lock = new Database(join(home, "store.db"));
    lock.exec("BEGIN IMMEDIATE"); // another process holds the write lock
    try {
      const e = entry(3);
      await store.put(e); // on the loop this would wait out the 5 s busy timeout, then fail
      expect(await store.get(e.ref)).toEqual(e);
      expect(await store.get(entry(0).ref)).toEqual(entry(0)); // WAL readers do not wait for the lock
      lock.exec("COMMIT");
      await store.flushed();
      expect(await fromFile(e.ref)).toEqual(e);
    } finally {
      if (lock.inTransaction) lock.exec("ROLLBACK");
      lock.close();
      await store.close();
    }
  });

  it("keeps a write that failed in memory: the ref still retrieves its original", async () => {
    const file = join(home, "not-a-dir");
    writeFileSync(file, "");
    process.env.TOKENFOLD_HOME = join(file, "home"); // the store's directory cannot be made
    const lines: string[] = [];
    const store = withStoreWriter(sqliteStore(), (l) => lines.push(l));
    try {
      const e = entry(4);
      await store.put(e);
      await store.flushed();
      expect(lines.join("\n")).toMatch(/could not be written to the store.*kept in memory/);
      expect(await store.get(e.ref)).toEqual(e);
      expect(await store.has!(e.ref)).toBe(true);
    } finally {
      await store.close().catch(() => {});
    }
  });

  it("a thread that dies hands its unwritten entries back: they are written on the loop, and so is what comes after", async () => {
    // a writer thread that exits on its first message, before writing anything
    const dying = new URL(`data:text/javascript,${encodeURIComponent("export const createHandler = () => () => process.exit(3);")}`);
    const lines: string[] = [];
    const store = withStoreWriter(sqliteStore(), (l) => lines.push(l), dying);
    try {
      await store.put(entry(5));
      await store.flushed(); // settles once the entry the thread handed back is written on the loop
      expect(await fromFile(entry(5).ref)).toEqual(entry(5));
      expect(store.threaded).toBe(false);
      expect(lines.join("\n")).toMatch(/store writer thread stopped \(exit code 3\)/);
      await store.put(entry(6));
      expect(await fromFile(entry(6).ref)).toEqual(entry(6));
    } finally {
      await store.close();
    }
  });

  it("through the proxy: a ref made on the event loop is retrievable, and in the file after close", async () => {
    const up = await startUpstream((_r, res) => sendJson(res, 200, chatCompletion({ content: "ok" })));
    const proxy = await startProxy({ port: 0, upstreams: { openai: up.url }, stats: false });
    try {
      const listing = JSON.stringify(jobListing(300, { failAt: [42] }), null, 2); // small: compressed on the loop
      const body = { model: "m", messages: [{ role: "user", content: "Which job failed?" }, { role: "assistant", content: null, tool_calls: [chatToolCall("c1", "list_jobs", {})] }, { role: "tool", tool_call_id: "c1", content: listing }] };
      const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(r.status).toBe(200);
      const ref = /tf_[0-9a-f]{24}/.exec(up.received[0]!.json.messages[2].content)![0];
      const back = await fetch(`${proxy.url}/v1/retrieve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ref }) });
      expect((await back.json()).text).toBe(listing);
      await proxy.close();
      expect((await fromFile(ref))?.original).toBe(listing);
    } finally {
      await proxy.close();
      await up.close();
    }
  });
});
