/**
 * `openStats()`: the write side (`record`, a prepared insert) and the read side (`summary`,
 * `series`) over one stats file, opened lazily on first use.
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
// Routes, models and type names are labels, not payloads; cap them so a hostile path cannot bloat the file.
const MAX_LABEL = 256;

interface Writer {
  db: StatsDatabase;
  insert: (s: RequestStat) => void;
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
  const insert = db.transaction((s: RequestStat) => {
    const at = Number.isFinite(s.at) ? Math.round(s.at) : Date.now();
    const latency = typeof s.latencyMs === "number" && Number.isFinite(s.latencyMs) && s.latencyMs > 0 ? s.latencyMs : 0;
    const status = typeof s.status === "number" && Number.isInteger(s.status) ? s.status : null;
    const id = request.run(at, label(s.surface) ?? "library", label(s.route) ?? "", label(s.format), label(s.model), count(s.tokensBefore), count(s.tokensAfter), latency, status).lastInsertRowid;
    if (s.byType !== null && typeof s.byType === "object") {
      for (const [name, t] of Object.entries(s.byType)) {
        if (t !== null && typeof t === "object") type.run(id, at, label(name), count(t.before), count(t.after), count(t.count));
      }
    }
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

  return {
    record(s) {
      try {
        const w = open();
        if (w === undefined || s === null || typeof s !== "object") return;
        w.insert(s);
        if (++sincePurge >= PURGE_EVERY) {
          sincePurge = 0;
          w.purge();
        }
      } catch (e) {
        warnOnce("write", e);
        return;
      }
      for (const l of listeners) {
        try {
          l(s);
        } catch {
          /* a listener's bug must not reach the request */
        }
      }
    },
    summary(o): StatsSummary {
      const w = open();
      return w === undefined ? emptySummary() : w.queries.summary(since(o));
    },
    series(bucketMs, o): SeriesPoint[] {
      const w = open();
      const size = Number.isFinite(bucketMs) && bucketMs >= 1 ? Math.floor(bucketMs) : 1;
      return w === undefined ? [] : w.queries.series(size, since(o));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      const w = writer;
      writer = undefined;
      failedOpen = false;
      w?.db.close();
    },
  };
}
