import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runStoreContract, testRef } from "../../test/contracts/store.case.js";
import type { StoreEntry } from "../core/types.js";
import sqlite, { defaultStorePath, NAME, type SqliteStore, WAL_AUTOCHECKPOINT_PAGES } from "./sqlite.js";

const root = mkdtempSync(join(tmpdir(), "tokenfold-sqlite-"));
let files = 0;
const freshPath = () => join(root, `s${++files}`, "store.db");

afterAll(() => rmSync(root, { recursive: true, force: true }));

runStoreContract(NAME, async () => sqlite({ path: freshPath() }), {
  skip: {
    "round-trips lone surrogates":
      "TEXT is stored as UTF-8, where a lone surrogate cannot be written; refs hash utf8(original) too, so such inputs already share a ref with their U+FFFD form",
  },
});

const entry = (n: number, original: string, extra?: Partial<StoreEntry>): StoreEntry => ({
  ref: testRef(n),
  original,
  type: "text",
  ...extra,
});

const mode = (f: string) => statSync(f).mode & 0o777;

/** Runs a Node script in a child process (cwd = the project, so it finds better-sqlite3). */
function node(script: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script, "--", ...args], { cwd: process.cwd() });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe("sqlite store", () => {
  const open: SqliteStore[] = [];
  const make = (...a: Parameters<typeof sqlite>) => {
    const s = sqlite(...a);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it("opens nothing until first used", () => {
    const path = freshPath();
    make({ path });
    expect(existsSync(path)).toBe(false);
  });

  it("makes the directory 0700 and the file, -wal and -shm 0600", async () => {
    const path = freshPath();
    const store = make({ path });
    await store.put(entry(1, "secret"));
    expect(mode(join(path, ".."))).toBe(0o700);
    expect(mode(path)).toBe(0o600);
    for (const f of [`${path}-wal`, `${path}-shm`]) if (existsSync(f)) expect(mode(f)).toBe(0o600);
    expect(existsSync(`${path}-wal`)).toBe(true); // WAL files exist while the store is open
  });

  it("uses WAL journaling without an fsync per write", async () => {
    const store = make({ path: freshPath() });
    const db = await store.getInstance();
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
  });

  it("checkpoints the WAL in small steps, so no single write copies megabytes", async () => {
    const path = freshPath();
    const store = make({ path });
    const db = await store.getInstance();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    // 3 MB of entries: with SQLite's default (1000 pages, ~4 MB) the WAL would hold all of it
    const big = "x".repeat(30_000);
    for (let i = 0; i < 100; i++) await store.put(entry(1000 + i, `${i}:${big}`));
    // the WAL file is reused after each checkpoint, so it never grew far past the mark
    expect(statSync(`${path}-wal`).size).toBeLessThan(4096 * WAL_AUTOCHECKPOINT_PAGES * 2);
    expect((await store.get(testRef(1099)))?.original).toBe(`99:${big}`);
  });

  it("keeps entries when reopened", async () => {
    const path = freshPath();
    const a = make({ path });
    await a.put(entry(1, "survives\r\n", { units: [[0, 8]] }));
    await a.close();
    const b = make({ path });
    expect(await b.get(testRef(1))).toEqual(entry(1, "survives\r\n", { units: [[0, 8]] }));
  });

  it("reopens by itself after close()", async () => {
    const store = make({ path: freshPath() });
    await store.put(entry(1, "x"));
    await store.close();
    expect((await store.get(testRef(1)))?.original).toBe("x");
  });

  it("shares entries between two stores open on one file", async () => {
    const path = freshPath();
    const a = make({ path });
    const b = make({ path });
    await a.put(entry(1, "from a"));
    expect((await b.get(testRef(1)))?.original).toBe("from a");
    await b.put(entry(2, "from b"));
    expect((await a.get(testRef(2)))?.original).toBe("from b");
  });

  it("shares entries with another process, both ways", async () => {
    const path = freshPath();
    const store = make({ path });
    const original = "written by the parent 😀\r\n\u0000end";
    await store.put(entry(1, original));
    const script = `
      const Database = require("better-sqlite3");
      const [path, ref, other] = process.argv.slice(-3);
      const db = new Database(path, { timeout: 5000 });
      const row = db.prepare("SELECT original FROM entries WHERE ref = ?").get(ref);
      db.prepare("INSERT INTO entries (ref, type, original, units, created_at) VALUES (?, 'json', ?, '[[0,2]]', ?)")
        .run(other, "{}\\n", Date.now());
      db.close();
      process.stdout.write(JSON.stringify(row.original));`;
    const seen = JSON.parse(await node(script, path, testRef(1), testRef(2))) as string;
    expect(seen).toBe(original);
    expect(await store.get(testRef(2))).toEqual(entry(2, "{}\n", { type: "json", units: [[0, 2]] }));
  });

  it("forgets entries older than ttlMs, deleting them on read", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = make({ path: freshPath(), ttlMs: 1000 });
    await store.put(entry(1, "short-lived"));
    vi.advanceTimersByTime(1000);
    expect((await store.get(testRef(1)))?.original).toBe("short-lived");
    expect(await store.has(testRef(1))).toBe(true);
    vi.advanceTimersByTime(1);
    expect(await store.has(testRef(1))).toBe(false);
    expect(await store.get(testRef(1))).toBeUndefined();
    const db = await store.getInstance();
    expect(db.prepare("SELECT count(*) AS n FROM entries").get()).toEqual({ n: 0 });
  });

  it("makes an entry fresh again when it is put again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = make({ path: freshPath(), ttlMs: 1000 });
    await store.put(entry(1, "kept"));
    vi.advanceTimersByTime(800);
    await store.put(entry(1, "kept"));
    vi.advanceTimersByTime(800);
    expect((await store.get(testRef(1)))?.original).toBe("kept");
  });

  it("purges expired rows when it opens", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const path = freshPath();
    const a = make({ path, ttlMs: 1000 });
    await a.put(entry(1, "old"));
    vi.advanceTimersByTime(600);
    await a.put(entry(2, "newer"));
    await a.close();
    vi.advanceTimersByTime(500);
    const b = make({ path, ttlMs: 1000 });
    const db = await b.getInstance();
    expect(db.prepare("SELECT ref FROM entries").get()).toEqual({ ref: testRef(2) });
    expect(db.prepare("SELECT count(*) AS n FROM entries").get()).toEqual({ n: 1 });
  });

  it("keeps entries forever with ttlMs 0", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = make({ path: freshPath(), ttlMs: 0 });
    await store.put(entry(1, "forever"));
    vi.advanceTimersByTime(10 * 365 * 24 * 60 * 60 * 1000);
    expect((await store.get(testRef(1)))?.original).toBe("forever");
  });

  it("defaults to $TOKENFOLD_HOME/store.db, else ~/.tokenfold/store.db", async () => {
    const home = join(root, "home");
    vi.stubEnv("TOKENFOLD_HOME", home);
    try {
      expect(await defaultStorePath()).toBe(join(home, "store.db"));
      const store = make();
      await store.put(entry(1, "at home"));
      expect(mode(join(home, "store.db"))).toBe(0o600);
      vi.stubEnv("TOKENFOLD_HOME", "");
      expect(await defaultStorePath()).toMatch(/[/\\]\.tokenfold[/\\]store\.db$/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("takes the library through `lib`", async () => {
    const { default: Database } = (await import("better-sqlite3" as string)) as { default: never };
    let made = 0;
    const Counting = function (this: unknown, ...args: unknown[]) {
      made++;
      return new (Database as new (...a: unknown[]) => object)(...args);
    } as unknown as never;
    const store = make({ path: freshPath(), lib: Counting });
    await store.put(entry(1, "x"));
    await store.get(testRef(1));
    expect(made).toBe(1);
  });

  it("reports a store that cannot be opened, with the driver prefix and the cause", async () => {
    const file = join(root, "a-file");
    const blocker = make({ path: file });
    await blocker.put(entry(1, "x")); // `file` is now a file, so it cannot be a directory
    const store = make({ path: join(file, "store.db") });
    await expect(store.get(testRef(1))).rejects.toThrow(/^\[tokenfold\] \[sqlite\] cannot open the store at /);
    await expect(store.get(testRef(1))).rejects.toHaveProperty("cause");
  });

  it("rejects bad options when created", () => {
    expect(() => sqlite({ ttlMs: -1 })).toThrow(/^\[tokenfold\] \[sqlite\] `ttlMs`/);
    expect(() => sqlite({ ttlMs: Number.NaN })).toThrow(/ttlMs/);
  });
});
