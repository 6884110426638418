// The Redis store against a real redis-server (one per file, on a free port): the store contract,
// units and TTL, refs shared by two stores and two processes, and outages — refused from the
// start, killed mid-run, hung — during which put/get still succeed through the fallback.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStoreContract, testRef } from "./contracts/store.case.js";
import type { StoreEntry } from "../src/core/types.js";
import { createStore, memoryStore } from "../src/store/index.js";
import redis, { NAME, type RedisStore, type RedisStoreOptions } from "../src/store/redis.js";
import { freePort, redisMissing, startRedis, type TestRedis } from "./helpers/redis-server.js";

const missing = redisMissing();
let server: TestRedis;
let prefixes = 0;
// Each store gets its own key prefix, so cases never see each other's keys in the shared server.
const prefix = () => `t${process.pid}:${++prefixes}:`;

beforeAll(async () => {
  if (missing === undefined) server = await startRedis();
});
afterAll(async () => server?.stop());

const open: RedisStore[] = [];
const make = (o?: RedisStoreOptions) => {
  const s = redis({ url: server.url, keyPrefix: prefix(), ...o });
  open.push(s);
  return s;
};
afterAll(async () => Promise.all(open.map((s) => s.close())));

const entry = (n: number, original: string, extra?: Partial<StoreEntry>): StoreEntry => ({ ref: testRef(n), original, type: "text", ...extra });

describe.skipIf(missing !== undefined)(`redis store${missing ? ` (skipped: ${missing})` : ""}`, () => {
  // writeThrough off: every get is a Redis round trip, so the contract tests the encoding itself.
  runStoreContract(NAME, async () => redis({ url: server.url, keyPrefix: prefix(), writeThrough: false }), {
    skip: {
      "round-trips lone surrogates":
        "strings reach Redis as UTF-8, where a lone surrogate cannot be written; refs hash utf8(original) too, so such inputs already share a ref with their U+FFFD form",
    },
  });

  it("keeps flat Uint32Array units (50k spans) and pairs, read back by another store", async () => {
    const p = prefix();
    const a = make({ keyPrefix: p });
    const b = make({ keyPrefix: p });
    const flat = new Uint32Array(100_000);
    for (let i = 0; i < flat.length; i++) flat[i] = i * 7 + (i % 2 ? 0xfffff000 - i * 7 : 0);
    const pairs: Array<[number, number]> = [[0, 3], [4, 4_000_000_000]];
    await a.put(entry(1, "flat units", { type: "json", units: flat }));
    await a.put(entry(2, "pair units", { type: "jsonl", units: pairs }));
    const got = await b.get(testRef(1));
    expect(got?.units).toBeInstanceOf(Uint32Array);
    expect(Buffer.from((got!.units as Uint32Array).buffer).equals(Buffer.from(flat.buffer))).toBe(true);
    expect(got?.type).toBe("json");
    expect(await b.get(testRef(2))).toEqual(entry(2, "pair units", { type: "jsonl", units: pairs }));
  });

  it("sets the TTL on put, refreshes it on a second put, and keeps the first write", async () => {
    const p = prefix();
    const s = make({ keyPrefix: p, ttlMs: 60_000 });
    const forever = make({ keyPrefix: p, ttlMs: 0 });
    const client = (await s.getInstance()) as unknown as { pttl(k: string): Promise<number>; pexpire(k: string, ms: number): Promise<number> };
    await s.put(entry(3, "ttl"));
    const ttl = await client.pttl(p + testRef(3));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await client.pexpire(p + testRef(3), 5_000);
    await s.put(entry(3, "ttl", { type: "changed" }));
    expect(await client.pttl(p + testRef(3))).toBeGreaterThan(5_000);
    expect((await make({ keyPrefix: p }).get(testRef(3)))?.type).toBe("text");
    await forever.put(entry(4, "no ttl"));
    expect(await client.pttl(p + testRef(4))).toBe(-1);
  });

  it("an expired entry is gone for every store", async () => {
    const p = prefix();
    await make({ keyPrefix: p, ttlMs: 30 }).put(entry(5, "short-lived"));
    for (let i = 0; i < 100 && (await make({ keyPrefix: p }).get(testRef(5))) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await make({ keyPrefix: p }).get(testRef(5))).toBeUndefined();
  });

  it("createStore('redis', { url }) makes one", async () => {
    const s = createStore("redis", { url: server.url, keyPrefix: prefix() }) as RedisStore;
    open.push(s);
    await s.put(entry(6, "via createStore"));
    expect(s.name).toBe("redis");
    expect(s.connected).toBe(true);
    expect((await s.get(testRef(6)))?.original).toBe("via createStore");
  });

  it("two processes share refs through one Redis", async () => {
    const p = prefix();
    const dist = pathToFileURL(join(import.meta.dirname, "..", "dist", "store", "index.js")).href;
    const child = (script: string) =>
      new Promise<string>((resolve, reject) => {
        const body = `const { createStore } = await import(${JSON.stringify(dist)});
          const s = createStore("redis", { url: ${JSON.stringify(server.url)}, keyPrefix: ${JSON.stringify(p)}, log: (l) => { console.error(l); process.exit(3); } });
          ${script}
          await s.close();`;
        const c = spawn(process.execPath, ["--input-type=module", "-e", body], { cwd: join(import.meta.dirname, "..") });
        let out = "";
        let err = "";
        c.stdout.on("data", (d: Buffer) => (out += d));
        c.stderr.on("data", (d: Buffer) => (err += d));
        c.on("error", reject);
        c.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
      });
    const original = "written by process one 😀\n".repeat(1000);
    await child(`await s.put({ ref: ${JSON.stringify(testRef(7))}, original: ${JSON.stringify(original)}, type: "text", units: new Uint32Array([0, 5, 6, 9]) });`);
    const out = await child(`const e = await s.get(${JSON.stringify(testRef(7))}); process.stdout.write(JSON.stringify({ original: e.original, units: Array.from(e.units) }));`);
    expect(JSON.parse(out)).toEqual({ original, units: [0, 5, 6, 9] });
    expect((await make({ keyPrefix: p }).get(testRef(7)))?.original).toBe(original);
  });

  it("Redis refusing from the start: put/get go to the fallback with one warning", async () => {
    const lines: string[] = [];
    const fallback = memoryStore();
    const s = redis({ url: `redis://127.0.0.1:${await freePort()}`, fallback, log: (l) => lines.push(l) });
    open.push(s);
    for (let i = 0; i < 20; i++) await s.put(entry(100 + i, `offline ${i}`));
    for (let i = 0; i < 20; i++) expect((await s.get(testRef(100 + i)))?.original).toBe(`offline ${i}`);
    expect(await s.get(testRef(404))).toBeUndefined();
    expect(s.connected).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/unreachable .*ECONNREFUSED.*local memory store/);
    expect((await fallback.get(testRef(100)))?.original).toBe("offline 0");
  });
});

describe.skipIf(missing !== undefined)("redis store outages", () => {
  // Each case has its own server, since it kills it.
  let own: TestRedis;
  const mine: RedisStore[] = [];
  beforeAll(async () => void (own = await startRedis()));
  // Stores first: a store still open when its server dies would warn into the test output.
  afterAll(async () => {
    await Promise.all(mine.map((s) => s.close()));
    await own?.stop();
  });

  const waitFor = async (cond: () => boolean | Promise<boolean>, what: string) => {
    for (let i = 0; i < 400; i++) {
      if (await cond()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it("Redis killed mid-run: put/get keep working with one warning, then Redis is used again and gets the outage's refs", async () => {
    const p = prefix();
    const lines: string[] = [];
    const s = redis({ url: own.url, keyPrefix: p, log: (l) => lines.push(l) });
    const other = redis({ url: own.url, keyPrefix: p, log: () => {} });
    mine.push(s, other);
    await s.put(entry(1, "before the outage"));
    expect((await other.get(testRef(1)))?.original).toBe("before the outage");
    expect(s.connected).toBe(true);

    await own.kill();
    for (let i = 0; i < 30; i++) await s.put(entry(10 + i, `during the outage ${i}`));
    for (let i = 0; i < 30; i++) expect((await s.get(testRef(10 + i)))?.original).toBe(`during the outage ${i}`);
    expect((await s.get(testRef(1)))?.original).toBe("before the outage"); // the local copy (write-through)
    expect(await other.get(testRef(10))).toBeUndefined(); // not in Redis, and not other's to know
    expect(s.connected).toBe(false);
    expect(lines.filter((l) => /unreachable/.test(l))).toHaveLength(1);

    await own.start();
    await waitFor(() => s.connected, "the store to reconnect");
    expect(lines.filter((l) => /reachable again/.test(l))).toHaveLength(1);
    // The refs written during the outage are copied up, so the other store now finds them.
    await waitFor(async () => (await other.get(testRef(39)))?.original === "during the outage 29", "the outage's refs to reach Redis");
    for (let i = 0; i < 30; i++) expect((await other.get(testRef(10 + i)))?.original).toBe(`during the outage ${i}`);
    await s.put(entry(2, "after the outage"));
    expect((await other.get(testRef(2)))?.original).toBe("after the outage");
    expect(lines.filter((l) => /unreachable/.test(l))).toHaveLength(1);
  });

  it("a hung Redis (SIGSTOP) times out into the fallback, and is used again once it answers", async () => {
    const p = prefix();
    const lines: string[] = [];
    const s = redis({ url: own.url, keyPrefix: p, commandTimeoutMs: 200, retryMs: 100, log: (l) => lines.push(l) });
    mine.push(s);
    await s.put(entry(1, "before"));
    own.pause();
    try {
      await s.put(entry(2, "while hung"));
      await s.put(entry(3, "while hung too"));
      expect((await s.get(testRef(2)))?.original).toBe("while hung");
      expect(s.connected).toBe(false);
      expect(lines.filter((l) => /unreachable/.test(l))).toHaveLength(1);
    } finally {
      own.resume();
    }
    await waitFor(() => s.connected, "the probe to see Redis again");
    const fresh = redis({ url: own.url, keyPrefix: p });
    mine.push(fresh);
    await waitFor(async () => (await fresh.get(testRef(3)))?.original === "while hung too", "the hung-time refs to reach Redis");
  });
});
