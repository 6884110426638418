/**
 * `openStats()`: the write side (`record`) and the read side (`summary`, `series`) over one stats
 * file, opened lazily on first use.
 *
 * `record` only queues the row; the queue is written by prepared inserts in one transaction every
 * {@link FLUSH_MS} ms (or at {@link FLUSH_ROWS} rows), so a request pays a push, not a commit, and
 * the WAL checkpoint (which fsyncs, ~10 ms on a busy disk) comes once per thousands of rows
 * instead of once per few hundred. Reads and `close()` write the queue first, so a process always
 * sees its own records; other processes see them within {@link FLUSH_MS}.
 * @module
 */
import { defaultStatsPath, openStatsDatabase, type StatsDatabase, type StatsDatabaseClass } from "./database.js";
import { emptySummary, prepareQueries, type StatsQueries } from "./queries.js";
import type { RequestStat, SeriesPoint, Stats, StatsListener, StatsSummary } from "./types.js";

/** Options of {@link openStats}. */
export interface StatsOptions {
  /** Database file; default `$TOKENFOLD_HOME/stats.db`, else `~/.tokenfold/stats.db`. `:memory:` works too. */
  path?: string;
  /** Rows older than this many ms are deleted when the file is opened; `0` keeps everything. Default 90 days. */
  retentionMs?: number;
  /** Where the one warning about a broken database goes; default stderr. */
  log?: (line: string) => void;
  /** The better-sqlite3 `Database` class, for bundlers; default `require("better-sqlite3")`. */
  lib?: StatsDatabaseClass;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RETENTION_MS = 90 * DAY_MS;
// Long-lived processes purge old rows again after this many records (the purge is one indexed DELETE).
const PURGE_EVERY = 10_000;
/** How long a recorded row may wait in memory before it is written. */
export const FLUSH_MS = 200;
/** A queue this long is written at once. */
export const FLUSH_ROWS = 1000;
// Beyond this many queued rows (a stuck disk), new records are dropped rather than held in memory.
const MAX_QUEUE = 100_000;
// Routes, models and type names are labels, not payloads; cap them so a hostile path cannot bloat the file.
const MAX_LABEL = 256;

interface Writer {
  db: StatsDatabase;
  insert: (batch: RequestStat[]) => void;
  purge: () => void;
  queries: StatsQueries;
}

const count = (x: unknown) => (typeof x === "number" && Number.isFinite(x) && x > 0 ? Math.round(x) : 0);
const label = (x: unknown) => (typeof x === "string" ? x.slice(0, MAX_LABEL) : x === undefined || x === null ? null : String(x).slice(0, MAX_LABEL));
const since = (o?: { sinceMs?: number }) => (typeof o?.sinceMs === "number" && Number.isFinite(o.sinceMs) ? o.sinceMs : Number.MIN_SAFE_INTEGER);

function prepareWriter(db: StatsDatabase, retentionMs: number): Writer {
  const request = db.prepare(
    "INSERT INTO requests (at, surface, route, format, model, tokens_before, tokens_after, latency_ms, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const type = db.prepare("INSERT INTO request_types (request_id, at, type, before, after, count) VALUES (?, ?, ?, ?, ?, ?)");
  const purgeRequests = db.prepare("DELETE FROM requests WHERE at < ?");
  const purgeTypes = db.prepare("DELETE FROM request_types WHERE at < ?");
  const insertOne = (s: RequestStat) => {
    const at = Number.isFinite(s.at) ? Math.round(s.at) : Date.now();
    const latency = typeof s.latencyMs === "number" && Number.isFinite(s.latencyMs) && s.latencyMs > 0 ? s.latencyMs : 0;
    const status = typeof s.status === "number" && Number.isInteger(s.status) ? s.status : null;
    const id = request.run(at, label(s.surface) ?? "library", label(s.route) ?? "", label(s.format), label(s.model), count(s.tokensBefore), count(s.tokensAfter), latency, status).lastInsertRowid;
    if (s.byType !== null && typeof s.byType === "object") {
      for (const [name, t] of Object.entries(s.byType)) {
        if (t !== null && typeof t === "object") type.run(id, at, label(name), count(t.before), count(t.after), count(t.count));
      }
    }
  };
  const insert = db.transaction((batch: RequestStat[]) => {
    for (const s of batch) insertOne(s);
  });
  const purge = db.transaction(() => {
    if (retentionMs <= 0) return;
    const cutoff = Date.now() - retentionMs;
    purgeRequests.run(cutoff);
    purgeTypes.run(cutoff);
  });
  purge();
  return { db, insert, purge, queries: prepareQueries(db) };
}

/**
 * Opens the stats database (lazily: nothing touches the disk until the first call). Several
 * processes can share one file. `record` never throws: if the file cannot be opened or written,
 * one line is logged and later failures stay quiet (stats are never worth failing a request).
 * @param options - see {@link StatsOptions}
 * @returns a {@link Stats}; call `close()` when done
 * @example
 * const stats = openStats();
 * stats.record({ at: Date.now(), surface: "proxy", route: "/v1/messages", tokensBefore: 1200, tokensAfter: 300, latencyMs: 2.1 });
 * console.log(stats.summary().saved); // 900
 */
export function openStats(options?: StatsOptions): Stats {
  const retentionMs = options?.retentionMs ?? DEFAULT_RETENTION_MS;
  const log = options?.log ?? ((line: string) => process.stderr.write(`tokenfold: ${line}\n`));
  const listeners = new Set<StatsListener>();
  let writer: Writer | undefined;
  let failedOpen = false;
  let warned = false;
  let sincePurge = 0;

  const warnOnce = (what: string, e: unknown) => {
    if (warned) return;
    warned = true;
    log(`stats ${what} failed, requests go on without stats (${(e as Error)?.message ?? String(e)})`);
  };

  const open = (): Writer | undefined => {
    if (writer !== undefined || failedOpen) return writer;
    const file = options?.path || defaultStatsPath();
    let db: StatsDatabase | undefined;
    try {
      db = openStatsDatabase(file, options?.lib);
      writer = prepareWriter(db, retentionMs);
    } catch (e) {
      // Not retried on every request: a missing permission does not fix itself; close() resets.
      failedOpen = true;
      try {
        db?.close();
      } catch {
        /* already broken */
      }
      warnOnce(`database ${file}`, e);
    }
    return writer;
  };

  let queue: RequestStat[] = [];
  // Not unref'd: a process that ends without close() still writes its last rows (at most FLUSH_MS later).
  let scheduled: ReturnType<typeof setTimeout> | undefined;

  /** Writes the queued rows (one transaction); never throws. */
  const flush = () => {
    if (scheduled !== undefined) clearTimeout(scheduled);
    scheduled = undefined;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      const w = open();
      if (w === undefined) return;
      w.insert(batch);
      sincePurge += batch.length;
      if (sincePurge >= PURGE_EVERY) {
        sincePurge = 0;
        w.purge();
      }
    } catch (e) {
      warnOnce("write", e);
    }
  };

  return {
    record(s) {
      if (s === null || typeof s !== "object") return;
      for (const l of listeners) {
        try {
          l(s);
        } catch {
          /* a listener's bug must not reach the request */
        }
      }
      // Opened here (once), so a broken file is reported by the first record, not a later tick.
      if (open() === undefined || queue.length >= MAX_QUEUE) return;
      // A copy: the caller may reuse or change its object before the queue is written.
      queue.push({ ...s, byType: s.byType && typeof s.byType === "object" ? { ...s.byType } : undefined });
      if (queue.length >= FLUSH_ROWS) flush();
      else scheduled ??= setTimeout(flush, FLUSH_MS);
    },
    summary(o): StatsSummary {
      flush();
      const w = open();
      return w === undefined ? emptySummary() : w.queries.summary(since(o));
    },
    series(bucketMs, o): SeriesPoint[] {
      flush();
      const w = open();
      const size = Number.isFinite(bucketMs) && bucketMs >= 1 ? Math.floor(bucketMs) : 1;
      return w === undefined ? [] : w.queries.series(size, since(o));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      flush();
      const w = writer;
      writer = undefined;
      failedOpen = false;
      w?.db.close();
    },
  };
}
