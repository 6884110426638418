/**
 * The memory's seams: what a fact is, what `createMemory` returns, and the small backend
 * interface each storage (SQLite, IndexedDB, in-process) implements. No runtime imports.
 * @module
 */

/** How widely a fact applies. */
export type ScopeKind = "user" | "project" | "agent" | "session";

/** Where a fact applies: a kind plus a key (the project path, the agent name, the session id; "" for user). */
export interface Scope {
  kind: ScopeKind;
  key: string;
}

/** A filter on scopes: a kind, and optionally one key of that kind (any key when left out). */
export interface ScopeFilter {
  kind: ScopeKind;
  key?: string;
}

/** Who wrote a fact, when, and from what. */
export interface Provenance {
  /** The agent or tool that added it: `claude`, `codex`, `gemini`, `cli`, `mcp:<client>` … */
  agent: string;
  /** Epoch milliseconds. */
  at: number;
  /** Where it came from: a session id, a file, a URL, `learn` … */
  source?: string;
}

/** One remembered fact. */
export interface Fact {
  /** `mem_` + 16 hex digits. */
  id: string;
  text: string;
  /** What the fact is about (normalised: lower case, single spaces). A newer fact on the same subject and scope supersedes the older. */
  subject?: string;
  scope: Scope;
  provenance: Provenance;
  /** The fact this one replaced. */
  supersedes?: string;
  /** Set once a newer fact on the same subject replaced this one; such facts are left out of search by default. */
  supersededBy?: string;
  /** XXH64 of the normalised text (exact duplicates), 16 hex. */
  hash: string;
  /** SimHash64 of the text over word shingles (near duplicates), 16 hex. */
  simhash: string;
  /**
   * Unit-length sentence embedding (only with `createMemory({ embeddings })`). Stored with the fact,
   * but read paths (get, list, search, export) leave it out: it is bulky, not JSON-friendly and
   * can be computed again. Present on the fact `add` stores and on the candidates `plan` sees.
   */
  embedding?: Float32Array;
  /** The model `embedding` came from; vectors of different models are never compared. */
  embeddingModel?: string;
}

/** What `add` takes. */
export interface FactInput {
  text: string;
  subject?: string;
  /** A scope, or a kind with the memory's default key for it. Default: the memory's default scope. */
  scope?: Scope | ScopeKind;
  agent?: string;
  source?: string;
  /** Epoch ms; default now. */
  at?: number;
}

/** What `add` did. */
export interface AddResult {
  /** `added`; `duplicate` (same text already active in the scope); `near-duplicate` (SimHash within the threshold). */
  status: "added" | "duplicate" | "near-duplicate";
  /** The stored fact: the new one, or the existing one it duplicates. */
  fact: Fact;
  /** Ids of the facts the new one superseded. */
  superseded: string[];
  /** For `near-duplicate`: the Hamming distance of the SimHashes. */
  distance?: number;
  /** For duplicates: which check matched — `hash` (same text), `simhash`, or `embedding`. */
  check?: "hash" | "simhash" | "embedding";
  /** For an `embedding` near duplicate: the cosine similarity of the two facts. */
  cosine?: number;
  /** For duplicates: a sentence saying which check matched, for people and agents. */
  reason?: string;
}

/** A search hit. */
export interface SearchHit {
  fact: Fact;
  /** Higher is better; comparable within one result list only. */
  score: number;
}

/** Options of `search`. */
export interface SearchOptions {
  /** At most this many hits (default 10). */
  limit?: number;
  /** Only facts in these scopes (default: all). */
  scopes?: ScopeFilter[];
  /** Include superseded facts (default false). */
  includeSuperseded?: boolean;
}

/** Options of `list` and `export`. */
export interface ListOptions {
  scopes?: ScopeFilter[];
  includeSuperseded?: boolean;
  /** Only facts on this subject. */
  subject?: string;
  /** At most this many, newest first (default: all). */
  limit?: number;
}

/** The memory API. */
export interface Memory {
  /** Adds a fact: exact and near duplicates are not stored again; the same subject in the same scope supersedes. */
  add(input: FactInput): Promise<AddResult>;
  /** Facts matching the words of `query`, best first. */
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** Facts, newest first. */
  list(options?: ListOptions): Promise<Fact[]>;
  /** One fact by id. */
  get(id: string): Promise<Fact | undefined>;
  /** Deletes a fact; a fact it had superseded becomes active again. False when the id is unknown. */
  forget(id: string): Promise<boolean>;
  /** Every fact (superseded ones too by default), oldest first: a JSON-ready backup. */
  export(options?: ListOptions): Promise<Fact[]>;
  /** The backend, for SharedContext and tests. */
  readonly backend: MemoryBackend;
  close(): Promise<void>;
}

/** Active facts of the new fact's scope that may collide with it, as the backend found them. */
export interface AddCandidates {
  /**
   * Same scope, active, and the same subject, the same hash, or (cheap prefilter) a similar SimHash;
   * when the new fact has an embedding, also every such fact with an embedding of the same model.
   */
  facts: Fact[];
}

/** The decision `add` makes inside the backend's transaction. */
export type AddPlan =
  | { kind: "insert"; supersede: string[] }
  | { kind: "duplicate"; of: Fact; near: boolean; distance: number; by?: "hash" | "simhash" | "embedding"; cosine?: number };

/** A stored SharedContext entry. */
export interface SharedRecord {
  key: string;
  /** The compressed text (or the original when compressing did not help). */
  text: string;
  /** Ref of the original in the Store. */
  ref: string;
  tokensBefore: number;
  tokensAfter: number;
  at: number;
  agent?: string;
}

/** Storage behind a Memory. Every method is async; `insert` runs `plan` atomically with its writes. */
export interface MemoryBackend {
  readonly name: string;
  /**
   * Finds the candidates for `fact` (see {@link AddCandidates}), calls `plan` synchronously, and
   * applies it in one transaction: on `insert`, stores `fact` and marks `supersede` as replaced by it.
   * @param nearBits the SimHash threshold; lets a backend prefilter by bands when it is ≤ 3
   */
  insert(fact: Fact, nearBits: number, plan: (c: AddCandidates) => AddPlan): Promise<AddPlan>;
  /** Facts whose text or subject share words with `query` (each backend tokenises it its own way), best first. */
  search(query: string, options: Required<Pick<SearchOptions, "limit" | "includeSuperseded">> & { scopes?: ScopeFilter[] }): Promise<SearchHit[]>;
  /** Facts, newest first (or oldest first with `oldestFirst`). */
  list(options: ListOptions & { oldestFirst?: boolean }): Promise<Fact[]>;
  get(id: string): Promise<Fact | undefined>;
  /** Deletes `id` and re-activates what it superseded. */
  remove(id: string): Promise<boolean>;
  /** Saves a SharedContext record (replaces the one under the same key). */
  putShared(record: SharedRecord): Promise<void>;
  getShared(key: string): Promise<SharedRecord | undefined>;
  close(): Promise<void>;
}
