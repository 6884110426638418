/**
 * The Node memory backend: one SQLite file (better-sqlite3) with an FTS5 index, shared by every
 * process of the user, so a fact added by one agent is found by the next.
 *
 * | table            | holds                                                                   |
 * |------------------|-------------------------------------------------------------------------|
 * | `facts`          | one row per fact; `band0..3` are the SimHash's 16-bit bands (prefilter)  |
 * |                  | `embedding` (BLOB, float32 LE) + `embedding_model`, when embeddings are on |
 * | `facts_fts`      | FTS5 over `text` and `subject` (porter stemmer), kept in step by triggers |
 * | `shared_context` | SharedContext: key → compressed text + ref of the original               |
 *
 * `add` runs in a `BEGIN IMMEDIATE` transaction: two processes adding at the same moment are
 * serialised, so neither misses the other's duplicate or supersession. Node builtins and
 * better-sqlite3 are imported on first use only.
 * @module
 */
import { createError, importLib, openPrivateFile } from "../../store/driver.js";
import { simhashBands } from "../fingerprint.js";
import type { Fact, MemoryBackend, SharedRecord } from "../types.js";

/** The driver's name. */
export const NAME = "memory-sqlite";

/** Libraries this driver loads. */
export const DEPENDENCIES = Object.freeze({ "better-sqlite3": "^12" });

interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  pragma(source: string): unknown;
  exec(source: string): unknown;
  prepare(source: string): Statement;
  transaction<F extends (...args: never[]) => unknown>(fn: F): F & { immediate: F };
  close(): unknown;
}
type Lib = new (filename: string, options?: { timeout?: number }) => Database;

/** Options of the SQLite memory backend. */
export interface SqliteMemoryOptions {
  /** Database file; default `$TOKENFOLD_HOME/memory.db`, else `~/.tokenfold/memory.db`. `:memory:` works too. */
  path?: string;
  /** The better-sqlite3 module, for bundlers; default `import("better-sqlite3")`. */
  lib?: Lib | { default: Lib };
}

// Another process holding the write lock makes us wait this long before giving up.
const BUSY_TIMEOUT_MS = 5000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS facts (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  subject TEXT,
  scope_kind TEXT NOT NULL,
  scope_key TEXT NOT NULL,
  agent TEXT NOT NULL,
  at INTEGER NOT NULL,
  source TEXT,
  supersedes TEXT,
  superseded_by TEXT,
  hash TEXT NOT NULL,
  simhash TEXT NOT NULL,
  band0 TEXT NOT NULL, band1 TEXT NOT NULL, band2 TEXT NOT NULL, band3 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS facts_scope ON facts (scope_kind, scope_key, superseded_by);
CREATE INDEX IF NOT EXISTS facts_at ON facts (at);
CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5 (text, subject, content = 'facts', content_rowid = 'rowid', tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS facts_ai AFTER INSERT ON facts BEGIN
  INSERT INTO facts_fts (rowid, text, subject) VALUES (new.rowid, new.text, coalesce(new.subject, ''));
END;
CREATE TRIGGER IF NOT EXISTS facts_ad AFTER DELETE ON facts BEGIN
  INSERT INTO facts_fts (facts_fts, rowid, text, subject) VALUES ('delete', old.rowid, old.text, coalesce(old.subject, ''));
END;
CREATE TABLE IF NOT EXISTS shared_context (
  key TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  ref TEXT NOT NULL,
  tokens_before INTEGER NOT NULL,
  tokens_after INTEGER NOT NULL,
  at INTEGER NOT NULL,
  agent TEXT
);`;

// Columns added after the first release, with their types: opening an older file adds them
// (nullable, so old rows and old readers keep working).
const ADDED_COLUMNS: ReadonlyArray<[string, string]> = [
  ["embedding", "BLOB"],
  ["embedding_model", "TEXT"],
];

function migrate(d: Database): void {
  const have = new Set((d.prepare("SELECT name FROM pragma_table_info('facts')").all() as Array<{ name: string }>).map((r) => r.name));
  for (const [name, type] of ADDED_COLUMNS) {
    if (have.has(name)) continue;
    try {
      d.exec(`ALTER TABLE facts ADD COLUMN ${name} ${type}`);
    } catch (e) {
      // another process migrated the same file a moment ago
      if (!/duplicate column/i.test(e instanceof Error ? e.message : String(e))) throw e;
    }
  }
}

/** Float32 vector → BLOB bytes (little-endian, as typed arrays are on every supported platform). */
const toBlob = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
/** BLOB bytes → a Float32Array of its own (copied: the driver's buffer may be unaligned or reused). */
function fromBlob(b: Uint8Array): Float32Array {
  const out = new Float32Array(Math.floor(b.byteLength / 4));
  new Uint8Array(out.buffer).set(b.subarray(0, out.length * 4));
  return out;
}

interface Row {
  id: string;
  text: string;
  subject: string | null;
  scope_kind: Fact["scope"]["kind"];
  scope_key: string;
  agent: string;
  at: number;
  source: string | null;
  supersedes: string | null;
  superseded_by: string | null;
  hash: string;
  simhash: string;
}

const COLS = "id, text, subject, scope_kind, scope_key, agent, at, source, supersedes, superseded_by, hash, simhash";

function toFact(r: Row): Fact {
  const f: Fact = { id: r.id, text: r.text, scope: { kind: r.scope_kind, key: r.scope_key }, provenance: { agent: r.agent, at: r.at }, hash: r.hash, simhash: r.simhash };
  if (r.subject !== null) f.subject = r.subject;
  if (r.source !== null) f.provenance.source = r.source;
  if (r.supersedes !== null) f.supersedes = r.supersedes;
  if (r.superseded_by !== null) f.supersededBy = r.superseded_by;
  return f;
}

// FTS5 query words: raw words (the porter tokenizer stems them), quoted so that no word is read as an operator.
function ftsQuery(query: string): string {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [])].filter((w) => w.length > 1 || /\d/.test(w));
  return words.map((w) => `"${w}"`).join(" OR ");
}

// WHERE clause for scope filters, with its parameters.
function scopeWhere(scopes: ReadonlyArray<{ kind: string; key?: string }> | undefined): [string, unknown[]] {
  if (!scopes || scopes.length === 0) return ["1", []];
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const s of scopes) {
    if (s.key === undefined) {
      parts.push("f.scope_kind = ?");
      params.push(s.kind);
    } else {
      parts.push("(f.scope_kind = ? AND f.scope_key = ?)");
      params.push(s.kind, s.key);
    }
  }
  return [`(${parts.join(" OR ")})`, params];
}

/**
 * The file used when no `path` is given.
 * @returns `$TOKENFOLD_HOME/memory.db`, else `~/.tokenfold/memory.db` (nothing is created)
 */
export async function defaultMemoryPath(): Promise<string> {
  const [os, path] = await Promise.all([import("node:os"), import("node:path")]);
  const home = process.env.TOKENFOLD_HOME || path.join(os.homedir(), ".tokenfold");
  return path.resolve(home, "memory.db");
}

/**
 * Creates the SQLite memory backend. Nothing is opened until first use; then the directory
 * (0700) and file (0600) are made and WAL is switched on.
 * @example
 * const memory = createMemory({ backend: sqliteMemoryBackend({ path: "/tmp/m.db" }) });
 */
export function sqliteMemoryBackend(options: SqliteMemoryOptions = {}): MemoryBackend {
  if (options.path !== undefined && typeof options.path !== "string") throw createError(NAME, "`path` must be a string");
  let db: Promise<Database> | undefined;
  const open = () =>
    (db ??= (async () => {
      const Database = await importLib<Lib>(NAME, "better-sqlite3", options.lib, () => import("better-sqlite3" as string));
      const [fs, path] = await Promise.all([import("node:fs"), import("node:path")]);
      const file = options.path || (await defaultMemoryPath());
      try {
        return openPrivateFile(fs, path, file, () => {
          const d = new Database(file, { timeout: BUSY_TIMEOUT_MS });
          d.pragma("journal_mode = WAL");
          d.exec(SCHEMA);
          migrate(d);
          return d;
        });
      } catch (cause) {
        throw createError(NAME, `cannot open the memory at ${file}`, cause);
      }
    })().catch((e: unknown) => {
      db = undefined;
      throw e;
    }));

  return {
    name: NAME,
    async insert(fact, nearBits, plan) {
      const d = await open();
      const bands = simhashBands(fact.simhash);
      // ≤ 3 differing bits leave one of the four 16-bit bands intact (pigeonhole); beyond that, scan the scope.
      const near = nearBits <= 3 ? "band0 = ? OR band1 = ? OR band2 = ? OR band3 = ?" : "1";
      const find = d.prepare(
        `SELECT ${COLS} FROM facts WHERE scope_kind = ? AND scope_key = ? AND superseded_by IS NULL AND (hash = ? OR subject = ? OR ${near})`,
      );
      const ins = d.prepare(
        `INSERT INTO facts (${COLS}, band0, band1, band2, band3, embedding, embedding_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      // no vector index: with an embedding, every embedded active fact of the scope is a candidate
      const similar = d.prepare(
        `SELECT ${COLS}, embedding FROM facts WHERE scope_kind = ? AND scope_key = ? AND superseded_by IS NULL AND embedding IS NOT NULL AND embedding_model = ?`,
      );
      const mark = d.prepare("UPDATE facts SET superseded_by = ? WHERE id = ?");
      const run = d.transaction(() => {
        const rows = find.all(fact.scope.kind, fact.scope.key, fact.hash, fact.subject ?? null, ...(nearBits <= 3 ? bands : [])) as Row[];
        const byId = new Map(rows.map((r) => [r.id, toFact(r)]));
        if (fact.embedding) {
          for (const r of similar.all(fact.scope.kind, fact.scope.key, fact.embeddingModel ?? "") as Array<Row & { embedding: Uint8Array }>) {
            byId.set(r.id, { ...toFact(r), embedding: fromBlob(r.embedding), embeddingModel: fact.embeddingModel });
          }
        }
        const p = plan({ facts: [...byId.values()] });
        if (p.kind === "insert") {
          const vector = fact.embedding ? toBlob(fact.embedding) : null;
          ins.run(fact.id, fact.text, fact.subject ?? null, fact.scope.kind, fact.scope.key, fact.provenance.agent, fact.provenance.at, fact.provenance.source ?? null, p.supersede[0] ?? null, fact.hash, fact.simhash, ...bands, vector, vector ? (fact.embeddingModel ?? null) : null);
          for (const id of p.supersede) mark.run(fact.id, id);
        }
        return p;
      });
      const p = run.immediate();
      if (p.kind === "insert" && p.supersede.length > 0) fact.supersedes = p.supersede[0];
      return p;
    },
    async search(query, o) {
      const q = ftsQuery(query);
      if (q === "") return [];
      const d = await open();
      const [where, params] = scopeWhere(o.scopes);
      const rows = d
        .prepare(
          `SELECT ${COLS.split(", ").map((c) => `f.${c}`).join(", ")}, bm25(facts_fts, 1.0, 2.0) AS rank FROM facts_fts JOIN facts f ON f.rowid = facts_fts.rowid ` +
            `WHERE facts_fts MATCH ? AND ${where} ${o.includeSuperseded ? "" : "AND f.superseded_by IS NULL"} ORDER BY rank, f.at DESC, f.id LIMIT ?`,
        )
        .all(q, ...params, o.limit) as Array<Row & { rank: number }>;
      // bm25() is lower-is-better and negative; flip it so higher is better, as everywhere else
      return rows.map((r) => ({ fact: toFact(r), score: -r.rank }));
    },
    async list(o) {
      const d = await open();
      const [where, params] = scopeWhere(o.scopes);
      const sub = o.subject !== undefined ? "AND f.subject = ?" : "";
      const rows = d
        .prepare(
          `SELECT ${COLS.split(", ").map((c) => `f.${c}`).join(", ")} FROM facts f WHERE ${where} ${o.includeSuperseded ? "" : "AND f.superseded_by IS NULL"} ${sub} ` +
            `ORDER BY f.at ${o.oldestFirst ? "ASC" : "DESC"}, f.id ${o.limit ? "LIMIT ?" : ""}`,
        )
        .all(...params, ...(o.subject !== undefined ? [o.subject] : []), ...(o.limit ? [o.limit] : [])) as Row[];
      return rows.map(toFact);
    },
    async get(id) {
      const d = await open();
      const r = d.prepare(`SELECT ${COLS} FROM facts WHERE id = ?`).get(id) as Row | undefined;
      return r ? toFact(r) : undefined;
    },
    async remove(id) {
      const d = await open();
      const del = d.prepare("DELETE FROM facts WHERE id = ?");
      const revive = d.prepare("UPDATE facts SET superseded_by = NULL WHERE superseded_by = ?");
      return d
        .transaction(() => {
          if (del.run(id).changes === 0) return false;
          revive.run(id);
          return true;
        })
        .immediate();
    },
    async putShared(r: SharedRecord) {
      const d = await open();
      d.prepare(
        "INSERT INTO shared_context (key, text, ref, tokens_before, tokens_after, at, agent) VALUES (?, ?, ?, ?, ?, ?, ?) " +
          "ON CONFLICT (key) DO UPDATE SET text = excluded.text, ref = excluded.ref, tokens_before = excluded.tokens_before, tokens_after = excluded.tokens_after, at = excluded.at, agent = excluded.agent",
      ).run(r.key, r.text, r.ref, r.tokensBefore, r.tokensAfter, r.at, r.agent ?? null);
    },
    async getShared(key) {
      const d = await open();
      const r = d.prepare("SELECT key, text, ref, tokens_before, tokens_after, at, agent FROM shared_context WHERE key = ?").get(key) as
        | { key: string; text: string; ref: string; tokens_before: number; tokens_after: number; at: number; agent: string | null }
        | undefined;
      if (!r) return undefined;
      const out: SharedRecord = { key: r.key, text: r.text, ref: r.ref, tokensBefore: r.tokens_before, tokensAfter: r.tokens_after, at: r.at };
      if (r.agent !== null) out.agent = r.agent;
      return out;
    },
    async close() {
      const c = db;
      db = undefined;
      if (c) (await c.catch(() => undefined))?.close();
    },
  };
}
