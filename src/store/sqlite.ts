/**
 * The CLI's default store: originals in one SQLite file (better-sqlite3), shared by every process
 * of the user (CLI runs, the proxy, the MCP server), readable by that user only.
 *
 * | column       | value                                                        |
 * |--------------|--------------------------------------------------------------|
 * | `ref`        | primary key, `tf_` + 24 hex                                  |
 * | `type`       | what the content was routed as                               |
 * | `original`   | the whole input (TEXT, so UTF-8)                             |
 * | `units`      | JSON array of `[start, end)` spans (or flat numbers), or NULL |
 * | `created_at` | ms since the epoch of the latest `put`; drives the TTL       |
 *
 * Node builtins and better-sqlite3 are imported on first use only, so loading this module (say,
 * through the store barrel in a browser bundle) touches no Node API.
 * @module
 */
import type { Store, StoreEntry } from "../core/types.js";
import { checkCount, createError, importLib, openPrivateFile, withDefaults } from "./driver.js";

/** The driver's name, as `Store.name` and in error messages. */
export const NAME = "sqlite";

/** Libraries this driver loads, with the version range it is written against. */
export const DEPENDENCIES = Object.freeze({ "better-sqlite3": "^12" });

/** The part of a better-sqlite3 statement this driver uses. */
export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
}

/** The part of a better-sqlite3 database this driver uses. */
export interface SqliteDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
  prepare(source: string): SqliteStatement;
  close(): unknown;
}

/** The better-sqlite3 module (its default export, the `Database` class). */
export type SqliteLib = new (filename: string, options?: { timeout?: number }) => SqliteDatabase;

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Database file; default `$TOKENFOLD_HOME/store.db`, else `~/.tokenfold/store.db`. `:memory:` works too. */
  path?: string;
  /** Milliseconds an entry lives after its last `put`; `0` keeps entries forever. Default 7 days. */
  ttlMs?: number;
  /** The better-sqlite3 module (or its `Database` class), for bundlers; default `import("better-sqlite3")`. */
  lib?: SqliteLib | { default: SqliteLib };
}

/** A SQLite store; `close()` is always there, and the database is reachable as an escape hatch. */
export interface SqliteStore extends Store {
  /** Closes the database; a later `put` or `get` opens it again. */
  close(): Promise<void>;
  /** The open better-sqlite3 database (opened now if need be). */
  getInstance(): Promise<SqliteDatabase>;
}

const DEFAULTS = Object.freeze({ path: "", ttlMs: 7 * 24 * 60 * 60 * 1000 } satisfies Omit<
  Required<SqliteStoreOptions>,
  "lib"
>);

// SQLite takes the busy lock for writes; another process writing at the same moment waits this long.
const BUSY_TIMEOUT_MS = 5000;

/** WAL pages (4 KB each) after which a write checkpoints; SQLite's default is 1000. */
export const WAL_AUTOCHECKPOINT_PAGES = 100;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  ref TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  original TEXT NOT NULL,
  units TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_created_at ON entries (created_at);`;

interface Row {
  type: string;
  original: string;
  units: string | null;
  created_at: number;
}

interface Connection {
  db: SqliteDatabase;
  put: SqliteStatement;
  get: SqliteStatement;
  has: SqliteStatement;
  drop: SqliteStatement;
}

const loadNode = async () => {
  const [fs, os, path] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  return { fs, os, path };
};

/**
 * The file used when no `path` is given: `$TOKENFOLD_HOME/store.db`, else `~/.tokenfold/store.db`.
 * @returns an absolute path (nothing is created)
 */
export async function defaultStorePath(): Promise<string> {
  const { os, path } = await loadNode();
  const home = process.env.TOKENFOLD_HOME || path.join(os.homedir(), ".tokenfold");
  return path.resolve(home, "store.db");
}

/**
 * Creates a SQLite store. Nothing is opened until the first `put` or `get`; then the directory
 * (mode 0700) and the file (mode 0600, and its `-wal`/`-shm`) are made, WAL is switched on and
 * expired rows are purged.
 * @param options - see {@link SqliteStoreOptions}
 * @returns a Store; call `close()` when done
 * @example
 * const store = sqlite({ ttlMs: 24 * 60 * 60 * 1000 });
 */
const sqlite = (options?: SqliteStoreOptions): SqliteStore => {
  const o = withDefaults<Omit<Required<SqliteStoreOptions>, "lib">>(DEFAULTS, options);
  checkCount(NAME, "ttlMs", o.ttlMs);
  if (typeof o.path !== "string") throw createError(NAME, "`path` must be a string");
  const lib = options?.lib;

  // An entry written at `created_at` has expired once more than `ttlMs` have passed (as lru-cache).
  const cutoff = () => (o.ttlMs > 0 ? Date.now() - o.ttlMs : -Infinity);

  const connect = async (): Promise<Connection> => {
    const Database = await importLib<SqliteLib>(NAME, "better-sqlite3", lib, () => import("better-sqlite3" as string));
    const { fs, path } = await loadNode();
    const file = o.path || (await defaultStorePath());
    let db: SqliteDatabase;
    try {
      db = openPrivateFile(fs, path, file, () => {
        const d = new Database(file, { timeout: BUSY_TIMEOUT_MS });
        d.pragma("journal_mode = WAL");
        // No fsync per write (the proxy writes on its event loop): with WAL a crash of the
        // process loses nothing; a power cut can lose the last writes, never corrupt the file.
        d.pragma("synchronous = NORMAL");
        // Checkpoint every ~400 KB of WAL instead of SQLite's ~4 MB. A checkpoint runs inside the
        // write that crosses the mark, with two fsyncs: measured with 7 KB entries, the slowest
        // 0.1 % of puts took 2-8 ms instead of 11-15 ms, a stall every stream of the proxy's event
        // loop shares. The price: more fsyncs, +0.03-0.08 ms per put on average. (A checkpoint
        // thread with its own connection was tried: it made rare puts wait 50-100 ms on SQLite's
        // WAL locks.)
        d.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
        d.exec(SCHEMA);
        return d;
      });
    } catch (cause) {
      throw createError(NAME, `cannot open the store at ${file}`, cause);
    }
    const conn: Connection = {
      db,
      // Content-addressed: the first write wins; a later one only makes the entry fresh again.
      put: db.prepare(
        "INSERT INTO entries (ref, type, original, units, created_at) VALUES (?, ?, ?, ?, ?) " +
          "ON CONFLICT (ref) DO UPDATE SET created_at = excluded.created_at",
      ),
      get: db.prepare("SELECT type, original, units, created_at FROM entries WHERE ref = ?"),
      has: db.prepare("SELECT created_at FROM entries WHERE ref = ?"),
      // The created_at check keeps a row that another process refreshed in the meantime.
      drop: db.prepare("DELETE FROM entries WHERE ref = ? AND created_at = ?"),
    };
    // Cheap thanks to the created_at index; keeps a long-lived file from growing without bound.
    if (o.ttlMs > 0) db.prepare("DELETE FROM entries WHERE created_at < ?").run(cutoff());
    return conn;
  };

  let conn: Promise<Connection> | undefined;
  const open = () =>
    (conn ??= connect().catch((e: unknown) => {
      conn = undefined; // let a later call try again (say, after the directory was fixed)
      throw e;
    }));

  return {
    name: NAME,
    async put(entry: StoreEntry) {
      const c = await open();
      const units = entry.units === undefined ? null : JSON.stringify(entry.units instanceof Uint32Array ? Array.from(entry.units) : entry.units);
      c.put.run(entry.ref, entry.type, entry.original, units, Date.now());
    },
    async get(ref: string) {
      const c = await open();
      const row = c.get.get(ref) as Row | undefined;
      if (row === undefined) return undefined;
      if (row.created_at < cutoff()) {
        c.drop.run(ref, row.created_at);
        return undefined;
      }
      const entry: StoreEntry = { ref, original: row.original, type: row.type };
      if (row.units !== null) {
        // flat spans were stored as a plain number array; pairs as arrays of two
        const parsed = JSON.parse(row.units) as Array<[number, number]> | number[];
        entry.units = parsed.length > 0 && typeof parsed[0] === "number" ? Uint32Array.from(parsed as number[]) : (parsed as Array<[number, number]>);
      }
      return entry;
    },
    async has(ref: string) {
      const c = await open();
      const row = c.has.get(ref) as Pick<Row, "created_at"> | undefined;
      return row !== undefined && row.created_at >= cutoff();
    },
    async close() {
      const c = conn;
      conn = undefined;
      if (c !== undefined) (await c.catch(() => undefined))?.db.close();
    },
    getInstance: async () => (await open()).db,
  };
};

export default sqlite;
