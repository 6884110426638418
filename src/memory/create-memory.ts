/**
 * `createMemory(options)`: facts shared across agents and sessions, with scopes, provenance,
 * supersession and duplicate detection (exact hash plus SimHash from the core, plus sentence
 * embeddings when a local model is configured).
 * @module
 */
import { createError } from "../store/driver.js";
import { fingerprint, normaliseSubject, normaliseText } from "./fingerprint.js";
import { planAdd } from "./plan.js";
import { loadEmbedder, type Embedder, type EmbeddingOptions } from "./embedder.js";
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
  /**
   * Near duplicates by meaning too: each added fact is embedded with a local transformers.js
   * `feature-extraction` model (mean pooling, normalised), and a fact whose cosine with an active
   * fact of its scope reaches `threshold` (default 0.92) is refused as a near duplicate. When the
   * model cannot be loaded, one warning is printed and the memory works as without this option.
   */
  embeddings?: EmbeddingOptions;
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
  const minCosine = options.embeddings?.threshold ?? 0.92;
  if (options.embeddings && (typeof options.embeddings.model !== "string" || !(minCosine > 0 && minCosine <= 1))) {
    throw createError("memory", "`embeddings` needs a `model` folder and a `threshold` within (0, 1]");
  }
  // Loaded on the first add; a failure is reported once and leaves embeddings off for this memory.
  let embedder: Promise<Embedder | undefined> | undefined;
  let warned = false;
  const warnOnce = (what: string, e: unknown) => {
    if (warned) return;
    warned = true;
    console.warn(`tokenfold memory: ${what}; near duplicates are found by SimHash only (${e instanceof Error ? e.message : String(e)})`);
  };
  const getEmbedder = () =>
    (embedder ??= options.embeddings
      ? loadEmbedder(options.embeddings).catch((e: unknown) => {
          warnOnce(`cannot load the embedding model ${JSON.stringify(options.embeddings!.model)}`, e);
          return undefined;
        })
      : Promise.resolve(undefined));
  const embed = async (text: string): Promise<{ embedding: Float32Array; embeddingModel: string } | undefined> => {
    const e = await getEmbedder();
    if (!e) return undefined;
    try {
      return { embedding: await e.embed(text), embeddingModel: e.model };
    } catch (err) {
      warnOnce("embedding a fact failed", err);
      return undefined;
    }
  };

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
      const vector = await embed(text);
      if (vector) Object.assign(fact, vector);
      const plan = await backend.insert(fact, nearBits, (c) => planAdd(fact, c, nearBits, minCosine));
      if (plan.kind === "duplicate") {
        const { embedding: _e, embeddingModel: _m, ...of } = plan.of;
        const check = plan.by ?? (plan.near ? "simhash" : "hash");
        const reason =
          check === "hash"
            ? `same text as ${of.id}`
            : check === "simhash"
              ? `near duplicate of ${of.id} by SimHash (${plan.distance} of 64 bits differ, threshold ${nearBits})`
              : `near duplicate of ${of.id} by embedding (cosine ${plan.cosine!.toFixed(3)} ≥ ${minCosine})`;
        return {
          status: plan.near ? "near-duplicate" : "duplicate",
          fact: of,
          superseded: [],
          ...(plan.near ? { distance: plan.distance } : {}),
          check,
          ...(plan.cosine !== undefined ? { cosine: plan.cosine } : {}),
          reason,
        };
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
    async close() {
      const e = await embedder;
      embedder = undefined;
      await e?.dispose().catch(() => undefined);
      await backend.close();
    },
  };
}
