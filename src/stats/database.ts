/**
 * The stats file: one SQLite database (better-sqlite3, opened synchronously so `record` can stay
 * synchronous), in WAL mode so several processes write and read it at once.
 *
 * | table           | one row per                         | columns                                                         |
 * |-----------------|-------------------------------------|-----------------------------------------------------------------|
 * | `requests`      | recorded request                    | `at`, `surface`, `route`, `format`, `model`, `tokens_before`, `tokens_after`, `latency_ms`, `status` |
 * | `request_types` | compressor used in a request        | `request_id`, `at` (copied so range queries need no join), `type`, `before`, `after`, `count` |
 * @module
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import * as path from "node:path";
import { join, resolve } from "node:path";
import { openPrivateFile } from "../store/driver.js";
import { WAL_AUTOCHECKPOINT_PAGES } from "../store/sqlite.js";

/** The part of a better-sqlite3 statement the stats use. */
export interface StatsStatement {
  run(...params: unknown[]): { lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** The part of a better-sqlite3 database the stats use. */
export interface StatsDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
  prepare(source: string): StatsStatement;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): unknown;
}

/** The better-sqlite3 `Database` class. */
export type StatsDatabaseClass = new (filename: string, options?: { timeout?: number }) => StatsDatabase;

// Writes are a few rows; another process holding the lock releases it within microseconds, so a
// long wait would only mean a stuck peer, and `record` runs on the request path.
const BUSY_TIMEOUT_MS = 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  surface TEXT NOT NULL,
  route TEXT NOT NULL,
  format TEXT,
  model TEXT,
  tokens_before INTEGER NOT NULL,
  tokens_after INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  status INTEGER
);
CREATE INDEX IF NOT EXISTS requests_at ON requests (at);
CREATE TABLE IF NOT EXISTS request_types (
  request_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  before INTEGER NOT NULL,
  after INTEGER NOT NULL,
  count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS request_types_at ON request_types (at);`;

/**
 * The file used when no path is given: `$TOKENFOLD_HOME/stats.db`, else `~/.tokenfold/stats.db`.
 * @returns an absolute path (nothing is created)
 */
export function defaultStatsPath(): string {
  return resolve(process.env.TOKENFOLD_HOME || join(homedir(), ".tokenfold"), "stats.db");
}

/**
 * Opens (creating if need be) the stats database: directory 0700, file and its `-wal`/`-shm` 0600,
 * WAL with `synchronous = NORMAL` (no fsync per insert; a power cut may lose the last few stats, never
 * corrupt the file).
 * @param file - a path, or `:memory:`
 * @param Database - the better-sqlite3 class; default `require("better-sqlite3")`
 * @throws when the file cannot be opened (the caller decides whether that is fatal)
 */
export function openStatsDatabase(file: string, Database?: StatsDatabaseClass): StatsDatabase {
  const Db = Database ?? (createRequire(import.meta.url)("better-sqlite3") as StatsDatabaseClass);
  return openPrivateFile(fs, path, file, () => {
    const db = new Db(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`); // short checkpoints, as the store's
      db.exec(SCHEMA);
    } catch (e) {
      db.close();
      throw e;
    }
    return db;
  });
}
