/**
 * A store shared by many processes (several proxies behind a load balancer): originals in Redis
 * (ioredis), one hash per ref, with a TTL; a local store (memory by default) in front of it.
 *
 * | hash field | value                                                                       |
 * |------------|-----------------------------------------------------------------------------|
 * | `o`        | the original (UTF-8)                                                        |
 * | `t`        | its type                                                                    |
 * | `k`        | units kind: empty = none, `f` = flat `Uint32Array`, `p` = `[start, end)` pairs |
 * | `u`        | units: `f` as raw little-endian uint32s (4 bytes each), `p` as JSON          |
 *
 * Redis never fails a request. Every command has a short timeout, and while Redis is unreachable
 * (refused, killed, hung) `put` and `get` use the local store alone: one warning when that
 * starts, none per request. ioredis keeps reconnecting in the background; once Redis answers
 * again it is used again, and the refs written meanwhile are copied up to it.
 *
 * ioredis is imported on first use only, so loading this module touches no Node API.
 * @module
 */
import type { Store, StoreEntry } from "../core/types.js";
import { checkCount, createError, importLib, withDefaults } from "./driver.js";
import memory from "./memory.js";

/** The driver's name, as `Store.name` and in error messages. */
export const NAME = "redis";

/** Libraries this driver loads, with the version range it is written against. */
export const DEPENDENCIES = Object.freeze({ ioredis: "^6" });

/** The part of an ioredis client this driver uses (an ioredis `Redis` instance fits). */
export interface RedisClient {
  readonly status: string;
  connect(): Promise<void>;
  eval(script: string, numkeys: number, ...args: Array<string | Uint8Array | number>): Promise<unknown>;
  hgetallBuffer(key: string): Promise<Record<string, Uint8Array>>;
  ping(): Promise<string>;
  quit(): Promise<unknown>;
  disconnect(reconnect?: boolean): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** The ioredis module (its `Redis` class). */
export type RedisLib = new (url: string, options: Record<string, unknown>) => RedisClient;

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /** `redis://[user:pass@]host:port[/db]`; default `$TOKENFOLD_REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string;
  /** An ioredis client to use instead of making one (it is not closed by `close()`). */
  client?: RedisClient;
  /** Milliseconds an entry lives in Redis after its last `put`; `0` keeps entries forever. Default 7 days. */
  ttlMs?: number;
  /** The local store: written too (see `writeThrough`), and used alone while Redis is unreachable. Default a memory store. Closed by `close()`. */
  fallback?: Store;
  /** Also keep every entry in `fallback`, so refs made here survive a Redis that lost its data. Default true. */
  writeThrough?: boolean;
  /** Prefix of every key; default `tokenfold:ref:`. */
  keyPrefix?: string;
  /** Time allowed to connect, ms. Default 500. */
  connectTimeoutMs?: number;
  /** Time allowed for one command, ms; past it Redis counts as unreachable. Default 500. */
  commandTimeoutMs?: number;
  /** How often a Redis that stopped answering on an open connection is probed again, ms. Default 1000. */
  retryMs?: number;
  /** Where the outage warning goes; default `console.warn`. */
  log?: (line: string) => void;
  /** The ioredis module (or its `Redis` class), for bundlers; default `import("ioredis")`. */
  lib?: RedisLib | { default: RedisLib } | { Redis: RedisLib };
}

/** A Redis store, with the client as an escape hatch. */
export interface RedisStore extends Store {
  /** Quits the client (if this store made it) and closes the fallback. */
  close(): Promise<void>;
  /** The ioredis client (made now if need be). */
  getInstance(): Promise<RedisClient>;
  /** True while Redis is in use, false while the fallback stands in for it. */
  readonly connected: boolean;
}

type Required_ = Required<Omit<RedisStoreOptions, "client" | "fallback" | "lib" | "log" | "url">>;

const DEFAULTS = Object.freeze({
  ttlMs: 7 * 24 * 60 * 60 * 1000,
  writeThrough: true,
  keyPrefix: "tokenfold:ref:",
  connectTimeoutMs: 500,
  commandTimeoutMs: 500,
  retryMs: 1000,
} satisfies Required_);

// A second outage warning within this time is left out: a flapping Redis must not flood the log.
const WARN_EVERY_MS = 60_000;
// Refs written while Redis was away, copied up when it is back; past this many the oldest are not.
const MAX_PENDING = 10_000;

// First write wins (content-addressed); a later put only makes the entry fresh again, as in SQLite.
const PUT_SCRIPT = `
local ttl = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'o', ARGV[2], 't', ARGV[3], 'k', ARGV[4], 'u', ARGV[5])
end
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
return 1`;

const utf8 = new TextDecoder();

/** Units as the `k` and `u` fields (see the table above). */
function encodeUnits(units: StoreEntry["units"], toBuffer: (u: Uint8Array) => Uint8Array): [string, Uint8Array | string] {
  if (units === undefined) return ["", ""];
  if (!(units instanceof Uint32Array)) return ["p", JSON.stringify(units)];
  const bytes = new Uint8Array(units.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < units.length; i++) view.setUint32(i * 4, units[i]!, true);
  return ["f", toBuffer(bytes)];
}

function decodeEntry(ref: string, h: Record<string, Uint8Array>): StoreEntry | undefined {
  if (h.o === undefined || h.t === undefined) return undefined;
  const entry: StoreEntry = { ref, original: utf8.decode(h.o), type: utf8.decode(h.t) };
  const kind = h.k === undefined ? "" : utf8.decode(h.k);
  const u = h.u ?? new Uint8Array(0);
  if (kind === "p") entry.units = JSON.parse(utf8.decode(u)) as Array<[number, number]>;
  else if (kind === "f") {
    const view = new DataView(u.buffer, u.byteOffset, u.byteLength);
    const flat = new Uint32Array(u.byteLength >>> 2);
    for (let i = 0; i < flat.length; i++) flat[i] = view.getUint32(i * 4, true);
    entry.units = flat;
  }
  return entry;
}

/** Rejects after `ms` (the timer does not keep the process alive). */
function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const envUrl = () => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TOKENFOLD_REDIS_URL;

/** The URL without its password, for messages. */
const safeUrl = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");

/**
 * Creates a Redis store. Nothing connects until the first `put` or `get`.
 * @param options - see {@link RedisStoreOptions}
 * @returns a Store; call `close()` when done
 * @example
 * const store = redis({ url: "redis://10.0.0.5:6379", ttlMs: 24 * 60 * 60 * 1000 });
 */
const redis = (options?: RedisStoreOptions): RedisStore => {
  const o = withDefaults<Required_>(DEFAULTS, options);
  for (const f of ["ttlMs", "connectTimeoutMs", "commandTimeoutMs", "retryMs"] as const) checkCount(NAME, f, o[f]);
  if (typeof o.keyPrefix !== "string") throw createError(NAME, "`keyPrefix` must be a string");
  const url = options?.url ?? envUrl() ?? "redis://127.0.0.1:6379";
  if (typeof url !== "string" || !/^rediss?:\/\//.test(url)) throw createError(NAME, "`url` must start with redis:// or rediss://");
  const local = options?.fallback ?? memory();
  const log = options?.log ?? ((line: string) => console.warn(`tokenfold: ${line}`));
  const owned = options?.client === undefined;

  let client: Promise<RedisClient> | undefined;
  let live: RedisClient | undefined;
  let toBuffer: (u: Uint8Array) => Uint8Array = (u) => u;
  let down = false; // set by a failed command; cleared by 'ready' or a good probe
  let lastWarn = -Infinity;
  let probe: ReturnType<typeof setInterval> | undefined;
  const pending = new Set<string>();

  const markUp = () => {
    if (!down) return;
    down = false;
    if (probe !== undefined) clearInterval(probe);
    probe = undefined;
    log(`Redis at ${safeUrl(url)} is reachable again; refs go to Redis again`);
    void flushPending();
  };

  const markDown = (why: unknown) => {
    if (down) return;
    down = true;
    const now = Date.now();
    if (now - lastWarn >= WARN_EVERY_MS) {
      lastWarn = now;
      log(`Redis at ${safeUrl(url)} is unreachable (${(why as Error)?.message ?? String(why)}); using the local ${local.name} store until it is back`);
    }
    // A hung server keeps its socket open, so no 'ready' comes; ask it now and then.
    probe ??= setInterval(() => {
      const c = live;
      if (c?.status === "ready") withTimeout(c.ping(), o.commandTimeoutMs, "PING").then(markUp, () => {});
    }, o.retryMs);
    (probe as { unref?: () => void }).unref?.();
  };

  let lastError: unknown;
  const onReady = () => markUp();
  const onClose = () => markDown(lastError ?? new Error("connection closed"));
  // ioredis reports every failed reconnect here; the one warning (markDown) says it all.
  const onError = (e: unknown) => void (lastError = e);

  const connect = async (): Promise<RedisClient> => {
    let c = options?.client;
    if (c === undefined) {
      const Redis = await importLib<RedisLib | { Redis: RedisLib }>(NAME, "ioredis", options?.lib, () => import("ioredis" as string));
      const Ctor = typeof Redis === "function" ? Redis : Redis.Redis;
      c = new Ctor(url, {
        lazyConnect: true,
        // Fail at once while disconnected instead of queueing: the fallback answers right away.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: o.connectTimeoutMs,
        commandTimeout: o.commandTimeoutMs,
        retryStrategy: (times: number) => Math.min(100 * times, 2000),
      });
    }
    // Buffer (a Uint8Array) is what ioredis sends as raw bytes; a plain Uint8Array would be stringified.
    const B = (globalThis as { Buffer?: { from(a: ArrayBuffer, o: number, l: number): Uint8Array } }).Buffer;
    if (B !== undefined) toBuffer = (u) => B.from(u.buffer as ArrayBuffer, u.byteOffset, u.byteLength);
    c.on("error", onError);
    c.on("ready", onReady);
    c.on("close", onClose);
    live = c;
    if (c.status === "wait") c.connect().catch(() => {}); // failure shows as status and 'close'
    if (c.status !== "ready") {
      const ready = new Promise<void>((resolve, reject) => {
        const ok = () => {
          c!.off("ready", ok);
          c!.off("close", fail);
          resolve();
        };
        const fail = () => {
          c!.off("ready", ok);
          c!.off("close", fail);
          reject(lastError ?? new Error("connection closed"));
        };
        c!.on("ready", ok);
        c!.on("close", fail);
      });
      await withTimeout(ready, o.connectTimeoutMs, "connecting").catch(markDown);
    }
    return c;
  };

  /** The client if Redis can be used now, else undefined (never waits past the first connect). */
  const usable = async (): Promise<RedisClient | undefined> => {
    const c = await (client ??= connect());
    return !down && c.status === "ready" ? c : undefined;
  };

  const redisPut = (c: RedisClient, e: StoreEntry) => {
    const [kind, units] = encodeUnits(e.units, toBuffer);
    return withTimeout(c.eval(PUT_SCRIPT, 1, o.keyPrefix + e.ref, String(o.ttlMs), e.original, e.type, kind, units), o.commandTimeoutMs, "PUT");
  };

  // Refs written while Redis was away: copy them up so the other processes see them too.
  async function flushPending(): Promise<void> {
    for (const ref of [...pending]) {
      const c = live;
      if (down || c?.status !== "ready") return;
      pending.delete(ref);
      const e = await local.get(ref).catch(() => undefined);
      if (e !== undefined) await redisPut(c, e).catch(markDown);
    }
  }

  const remember = (ref: string) => {
    if (pending.size >= MAX_PENDING) pending.delete(pending.values().next().value as string);
    pending.add(ref);
  };

  return {
    name: NAME,
    get connected() {
      return !down && live?.status === "ready";
    },
    async put(entry) {
      const c = await usable();
      let inRedis = false;
      if (c !== undefined) {
        try {
          await redisPut(c, entry);
          inRedis = true;
        } catch (e) {
          markDown(e);
        }
      }
      if (!inRedis) remember(entry.ref);
      if (!inRedis || o.writeThrough) await local.put(entry);
    },
    async get(ref) {
      // Content-addressed: a local copy is the same bytes as Redis's, and needs no round trip.
      const mine = await local.get(ref);
      if (mine !== undefined) return mine;
      const c = await usable();
      if (c === undefined) return undefined;
      try {
        const e = decodeEntry(ref, await withTimeout(c.hgetallBuffer(o.keyPrefix + ref), o.commandTimeoutMs, "GET"));
        if (e !== undefined && o.writeThrough) await local.put(e);
        return e;
      } catch (e) {
        markDown(e);
        return undefined;
      }
    },
    async close() {
      if (probe !== undefined) clearInterval(probe);
      probe = undefined;
      const c = await client?.catch(() => undefined);
      client = undefined;
      live = undefined;
      if (c !== undefined) {
        c.off("ready", onReady);
        c.off("close", onClose);
        if (owned) {
          if (c.status === "ready") await withTimeout(c.quit(), o.commandTimeoutMs, "QUIT").catch(() => c.disconnect());
          else c.disconnect();
        }
        // An owned client keeps the no-op error listener: a closing socket may still report one.
        if (!owned) c.off("error", onError);
      }
      down = false;
      await local.close?.();
    },
    getInstance: () => (client ??= connect()),
  };
};

export default redis;
