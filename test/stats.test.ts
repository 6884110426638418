// openStats on a SQLite file in a tmp dir: what is recorded comes back in summary and series,
// from one process and from several writing at once; bad input and a broken file never throw.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openStats, type RequestStat, type Stats } from "../src/stats/index.js";
import { FLUSH_MS } from "../src/stats/open-stats.js";
import { openStatsDatabase } from "../src/stats/database.js";
import { WAL_AUTOCHECKPOINT_PAGES } from "../src/store/sqlite.js";

const root = mkdtempSync(join(tmpdir(), "tokenfold-stats-"));
let n = 0;
const fresh = () => join(root, `d${++n}`, "stats.db");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1); // a round hour, so buckets are easy to check

/** Nearest-rank percentile, computed here independently of the SQL. */
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.max(0, Math.ceil(p * s.length) - 1)]!;
};

/** A varied but reproducible set of stats over 5 hours. */
function sample(count: number): RequestStat[] {
  const out: RequestStat[] = [];
  for (let i = 0; i < count; i++) {
    const before = 500 + ((i * 7919) % 3000);
    const after = Math.floor(before * (0.2 + ((i * 31) % 60) / 100));
    out.push({
      at: T0 + ((i * 104729) % (5 * HOUR)),
      surface: (["proxy", "mcp", "cli", "library"] as const)[i % 4]!,
      route: i % 2 ? "/v1/messages" : "/v1/chat/completions",
      format: i % 2 ? "anthropic" : "openai-chat",
      tokensBefore: before,
      tokensAfter: after,
      latencyMs: ((i * 37) % 200) / 10,
      status: 200,
      byType: i % 5 === 0 ? undefined : { json: { before: before - 100, after: after - 50, count: 1 + (i % 3) }, ...(i % 3 === 0 ? { log: { before: 100, after: 50, count: 1 } } : {}) },
    });
  }
  return out;
}

/** What summary must say about `rows`, computed with plain array code. */
function expected(rows: RequestStat[]) {
  const sum = (f: (r: RequestStat) => number, rs = rows) => rs.reduce((a, r) => a + f(r), 0);
  const before = sum((r) => r.tokensBefore);
  const after = sum((r) => r.tokensAfter);
  const types = new Map<string, { before: number; after: number; count: number }>();
  for (const r of rows) for (const [k, v] of Object.entries(r.byType ?? {})) {
    const t = types.get(k) ?? { before: 0, after: 0, count: 0 };
    types.set(k, { before: t.before + v.before, after: t.after + v.after, count: t.count + v.count });
  }
  const surfaces = [...new Set(rows.map((r) => r.surface))].map((surface) => {
    const rs = rows.filter((r) => r.surface === surface);
    const b = sum((r) => r.tokensBefore, rs);
    const a = sum((r) => r.tokensAfter, rs);
    const lat = rs.map((r) => r.latencyMs);
    return { surface, requests: rs.length, saved: b - a, tokensBefore: b, tokensAfter: a, ratio: b > 0 ? (b - a) / b : 0, latencyMs: { p50: percentile(lat, 0.5), p99: percentile(lat, 0.99) } };
  });
  const lat = rows.map((r) => r.latencyMs);
  return {
    requests: rows.length,
    tokensBefore: before,
    tokensAfter: after,
    saved: before - after,
    ratio: before > 0 ? (before - after) / before : 0,
    latencyMs: { p50: percentile(lat, 0.5), p99: percentile(lat, 0.99) },
    byType: [...types].map(([type, t]) => ({ type, ...t })).sort((x, y) => y.before - y.after - (x.before - x.after) || x.type.localeCompare(y.type)),
    bySurface: surfaces.sort((x, y) => y.saved - x.saved || x.surface.localeCompare(y.surface)),
  };
}

function expectedSeries(rows: RequestStat[], bucket: number) {
  const m = new Map<number, { at: number; requests: number; tokensBefore: number; tokensAfter: number }>();
  for (const r of rows) {
    const at = Math.floor(r.at / bucket) * bucket;
    const p = m.get(at) ?? { at, requests: 0, tokensBefore: 0, tokensAfter: 0 };
    m.set(at, { at, requests: p.requests + 1, tokensBefore: p.tokensBefore + r.tokensBefore, tokensAfter: p.tokensAfter + r.tokensAfter });
  }
  return [...m.values()].sort((a, b) => a.at - b.at);
}

const withStats = async (fn: (s: Stats, path: string) => Promise<void> | void, opts?: Parameters<typeof openStats>[0]) => {
  const path = fresh();
  const s = openStats({ path, retentionMs: 0, ...opts });
  try {
    await fn(s, path);
  } finally {
    s.close();
  }
};

describe("openStats", () => {
  it("summary and series give back what was recorded", () =>
    withStats((s) => {
      const rows = sample(400);
      for (const r of rows) s.record(r);
      expect(s.summary()).toEqual(expected(rows));
      expect(s.series(HOUR)).toEqual(expectedSeries(rows, HOUR));
      expect(s.series(HOUR)).toHaveLength(5);
      expect(s.series(7 * 60_000)).toEqual(expectedSeries(rows, 7 * 60_000));
    }));

  it("sinceMs keeps only the requests from then on", () =>
    withStats((s) => {
      const rows = sample(300);
      for (const r of rows) s.record(r);
      const since = T0 + 2.5 * HOUR;
      const later = rows.filter((r) => r.at >= since);
      expect(later.length).toBeGreaterThan(0);
      expect(later.length).toBeLessThan(rows.length);
      expect(s.summary({ sinceMs: since })).toEqual(expected(later));
      expect(s.series(HOUR, { sinceMs: since })).toEqual(expectedSeries(later, HOUR));
    }));

  it("an empty database answers zeros", () =>
    withStats((s) => {
      expect(s.summary()).toEqual({ requests: 0, tokensBefore: 0, tokensAfter: 0, saved: 0, ratio: 0, latencyMs: { p50: 0, p99: 0 }, byType: [], bySurface: [] });
      expect(s.series(HOUR)).toEqual([]);
    }));

  it("creates nothing before first use, then a 0600 file in a 0700 directory", () =>
    withStats((s, path) => {
      expect(() => statSync(path)).toThrow();
      s.record(sample(1)[0]!);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(path, "..")).mode & 0o777).toBe(0o700);
    }));

  it("opens the file in WAL mode with the store's short checkpoints", () => {
    const db = openStatsDatabase(join(root, "pragmas", "stats.db"));
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    } finally {
      db.close();
    }
  });

  it("record never throws on bad input, and keeps what it can", () =>
    withStats((s) => {
      const bad = [
        null,
        undefined,
        42,
        { at: Number.NaN, surface: "proxy", route: "/x", tokensBefore: Number.NaN, tokensAfter: -5, latencyMs: Infinity },
        { at: T0, surface: "mcp", route: 7, tokensBefore: "12", tokensAfter: null, latencyMs: "x", byType: { json: null, log: 3, ok: { before: 10, after: 4, count: 1 } } },
        { at: T0, surface: "cli", route: "r".repeat(100_000), tokensBefore: 10, tokensAfter: 4, latencyMs: 1, byType: "nope" },
      ] as unknown as RequestStat[];
      for (const b of bad) expect(() => s.record(b)).not.toThrow();
      const sum = s.summary();
      expect(sum.requests).toBe(3);
      expect(sum.tokensBefore).toBe(10); // NaN and "12" count as 0
      expect(sum.byType).toEqual([{ type: "ok", before: 10, after: 4, count: 1 }]);
    }));

  it("a database that cannot be opened logs once, never throws, and answers zeros", () => {
    const dir = join(root, `blocked${++n}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "stats.db"), "this is not a SQLite file, it is a plain text file that is long enough to be read as a header\n".repeat(20));
    const lines: string[] = [];
    const s = openStats({ path: join(dir, "stats.db"), log: (l) => lines.push(l) });
    for (const r of sample(20)) expect(() => s.record(r)).not.toThrow();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/stats .*failed/);
    expect(s.summary().requests).toBe(0);
    expect(s.series(HOUR)).toEqual([]);
    s.close();
  });

  it("a directory it may not write logs once and never throws", () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; the corrupt-file case above covers the path
    const dir = join(root, `ro${++n}`);
    mkdirSync(dir, { mode: 0o500 });
    const lines: string[] = [];
    const s = openStats({ path: join(dir, "sub", "stats.db"), log: (l) => lines.push(l) });
    for (const r of sample(5)) s.record(r);
    expect(lines).toHaveLength(1);
    s.close();
    chmodSync(dir, 0o700);
  });

  it("listeners see each recorded stat; a throwing listener does not reach record", () =>
    withStats((s) => {
      const seen: number[] = [];
      const stop = s.subscribe!((r) => seen.push(r.tokensBefore));
      s.subscribe!(() => {
        throw new Error("listener bug");
      });
      const rows = sample(3);
      for (const r of rows) expect(() => s.record(r)).not.toThrow();
      stop();
      s.record(sample(4)[3]!);
      expect(seen).toEqual(rows.map((r) => r.tokensBefore));
    }));

  it("queued records reach the file without a read or close, for other connections to see", () =>
    withStats(async (s, path) => {
      const rows = sample(50);
      for (const r of rows) s.record(r);
      await new Promise((r) => setTimeout(r, FLUSH_MS + 50));
      const other = openStats({ path, retentionMs: 0 });
      expect(other.summary()).toEqual(expected(rows));
      other.close();
    }));

  it("close writes what is still queued", () => {
    const path = fresh();
    const a = openStats({ path, retentionMs: 0 });
    const rows = sample(30);
    for (const r of rows) a.record(r);
    a.close();
    const b = openStats({ path, retentionMs: 0 });
    expect(b.summary()).toEqual(expected(rows));
    b.close();
  });

  it("listeners still see stats when the database is broken", () => {
    const dir = join(root, `broken${++n}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "stats.db"), "not a database at all, just text, long enough to be read as a header\n".repeat(20));
    const s = openStats({ path: join(dir, "stats.db"), log: () => {} });
    const seen: number[] = [];
    s.subscribe!((r) => seen.push(r.tokensAfter));
    for (const r of sample(3)) s.record(r);
    expect(seen).toEqual(sample(3).map((r) => r.tokensAfter));
    s.close();
  });

  it("retention deletes rows older than retentionMs when the file is opened", () => {
    const path = fresh();
    const a = openStats({ path, retentionMs: 0 });
    const now = Date.now();
    for (const [i, age] of [10, 20, 40 * 24, 100 * 24].entries()) a.record({ ...sample(i + 1)[i]!, at: now - age * HOUR });
    expect(a.summary().requests).toBe(4);
    a.close();
    const b = openStats({ path, retentionMs: 30 * 24 * HOUR });
    expect(b.summary().requests).toBe(2);
    b.close();
  });

  it("two processes write one file at once; both see all rows", async () => {
    const path = fresh();
    const dist = pathToFileURL(join(import.meta.dirname, "..", "dist", "stats", "index.js")).href;
    // Each child records 300 stats of its own surface while the other does the same.
    const child = (surface: string) =>
      new Promise<string>((resolve, reject) => {
        const script = `const { openStats } = await import(${JSON.stringify(dist)});
          const s = openStats({ path: ${JSON.stringify(path)}, retentionMs: 0, log: (l) => { console.error(l); process.exit(3); } });
          for (let i = 0; i < 300; i++) s.record({ at: ${T0} + i * 1000, surface: ${JSON.stringify(surface)}, route: "/v1/messages", tokensBefore: 100 + i, tokensAfter: 40, latencyMs: i % 10, byType: { json: { before: 100 + i, after: 40, count: 1 } } });
          process.stdout.write(JSON.stringify(s.summary()));
          s.close();`;
        const p = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: join(import.meta.dirname, "..") });
        let out = "";
        let err = "";
        p.stdout.on("data", (d: Buffer) => (out += d));
        p.stderr.on("data", (d: Buffer) => (err += d));
        p.on("error", reject);
        p.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
      });
    await Promise.all([child("proxy"), child("mcp")]);
    const s = openStats({ path, retentionMs: 0 });
    const sum = s.summary();
    s.close();
    const perChild = Array.from({ length: 300 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
    expect(sum.requests).toBe(600);
    expect(sum.tokensBefore).toBe(2 * perChild);
    expect(sum.tokensAfter).toBe(600 * 40);
    expect(sum.bySurface.map((x) => [x.surface, x.requests]).sort()).toEqual([["mcp", 300], ["proxy", 300]]);
    expect(sum.byType).toEqual([{ type: "json", before: 2 * perChild, after: 600 * 40, count: 600 }]);
  });
});
