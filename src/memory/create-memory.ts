/**
 * `createMemory(options)`: facts shared across agents and sessions, with scopes, provenance,
 * supersession and duplicate detection (exact hash plus SimHash from the core).
 * @module
 */
import { createError } from "../store/driver.js";
import { fingerprint, normaliseSubject, normaliseText } from "./fingerprint.js";
import { planAdd } from "./plan.js";
import type { AddResult, Fact, FactInput, ListOptions, Memory, MemoryBackend, Scope, ScopeKind, SearchHit, SearchOptions } from "./types.js";
import { inProcessBackend } from "./backends/in-process.js";
import { sqliteMemoryBackend } from "./backends/sqlite.js";
import { indexedDbBackend } from "./backends/indexeddb.js";

/** Options of `createMemory`. */
export interface MemoryOptions {
  /**
   * Where facts live: `sqlite` (Node default; `$TOKENFOLD_HOME/memory.db`), `indexeddb` (browser
   * default), `memory` (this process only), or a backend object.
   */
  backend?: "sqlite" | "indexeddb" | "memory" | MemoryBackend;
  /** SQLite file (backend `sqlite`). */
  path?: string;
  /** IndexedDB database name (backend `indexeddb`); default `tokenfold-memory`. */
  dbName?: string;
  /** Scope of facts added without one; default `{ kind: "user", key: "" }`. */
  scope?: Scope;
  /** Default keys per scope kind, used when `add` gets a bare kind (`"project"` → this project's path). */
  scopeKeys?: Partial<Record<ScopeKind, string>>;
  /** Agent recorded in provenance when `add` names none; default `unknown`. */
  agent?: string;
  /** SimHash distance (bits of 64) that still counts as a near duplicate; 0 turns it off. Default 3. */
  nearDuplicateBits?: number;
  /** `wasm` (default) or `js`: which core computes the hashes (identical results). */
  engine?: "wasm" | "js";
  /** Clock, for tests and replays; default `Date.now`. */
  now?: () => number;
}

const KINDS: readonly ScopeKind[] = ["user", "project", "agent", "session"];

function newId(): string {
  const b = new Uint8Array(8);
  globalThis.crypto.getRandomValues(b);
  return "mem_" + Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function pickBackend(o: MemoryOptions): MemoryBackend {
  const b = o.backend ?? (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string" ? "sqlite" : "indexeddb");
  if (typeof b === "object") return b;
  if (b === "sqlite") return sqliteMemoryBackend({ path: o.path });
  if (b === "indexeddb") return indexedDbBackend({ dbName: o.dbName });
  if (b === "memory") return inProcessBackend();
  throw createError("memory", `unknown backend ${JSON.stringify(b)}; use sqlite, indexeddb, memory or a MemoryBackend`);
}

/**
 * Opens a memory. Nothing is read until the first call.
 * @example
 * const memory = createMemory({ scopeKeys: { project: process.cwd() }, agent: "claude" });
 * await memory.add({ text: "Run the tests with `npm test -- --run`", subject: "test command", scope: "project" });
 * const hits = await memory.search("how do I run the tests?");
 */
export function createMemory(options: MemoryOptions = {}): Memory {
  const nearBits = options.nearDuplicateBits ?? 3;
  if (!Number.isInteger(nearBits) || nearBits < 0 || nearBits > 64) throw createError("memory", "`nearDuplicateBits` must be an integer within 0–64");
  const backend = pickBackend(options);
  const now = options.now ?? Date.now;
  const engine = options.engine ?? "wasm";
  const defaultScope = options.scope ?? { kind: "user", key: "" };

  const resolveScope = (s: FactInput["scope"]): Scope => {
    if (s === undefined) return defaultScope;
    if (typeof s === "string") {
      if (!KINDS.includes(s)) throw createError("memory", `unknown scope ${JSON.stringify(s)}; use ${KINDS.join(", ")}`);
      return { kind: s, key: options.scopeKeys?.[s] ?? (s === defaultScope.kind ? defaultScope.key : "") };
    }
    if (!KINDS.includes(s.kind) || typeof s.key !== "string") throw createError("memory", "a scope is { kind: user|project|agent|session, key: string }");
    return { kind: s.kind, key: s.key };
  };

  return {
    backend,
    async add(input: FactInput): Promise<AddResult> {
      if (typeof input?.text !== "string" || normaliseText(input.text) === "") throw createError("memory", "a fact needs non-empty `text`");
      const text = normaliseText(input.text);
      const subject = input.subject === undefined ? undefined : normaliseSubject(String(input.subject)) || undefined;
      const fact: Fact = {
        id: newId(),
        text,
        scope: resolveScope(input.scope),
        provenance: { agent: input.agent ?? options.agent ?? "unknown", at: input.at ?? now() },
        ...fingerprint(text, engine),
      };
      if (subject !== undefined) fact.subject = subject;
      if (input.source !== undefined) fact.provenance.source = input.source;
      const plan = await backend.insert(fact, nearBits, (c) => planAdd(fact, c, nearBits));
      if (plan.kind === "duplicate") {
        return { status: plan.near ? "near-duplicate" : "duplicate", fact: plan.of, superseded: [], ...(plan.near ? { distance: plan.distance } : {}) };
      }
      return { status: "added", fact, superseded: plan.supersede };
    },
    search(query: string, o: SearchOptions = {}): Promise<SearchHit[]> {
      return backend.search(String(query ?? ""), { limit: o.limit ?? 10, includeSuperseded: o.includeSuperseded ?? false, scopes: o.scopes });
    },
    list: (o: ListOptions = {}) => backend.list({ ...o, subject: o.subject === undefined ? undefined : normaliseSubject(o.subject) }),
    get: (id: string) => backend.get(id),
    forget: (id: string) => backend.remove(id),
    export: (o: ListOptions = {}) => backend.list({ includeSuperseded: true, ...o, oldestFirst: true }),
    close: () => backend.close(),
  };
}
