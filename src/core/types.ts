/**
 * The seams of tokenfold, declared once. Every backend, store and compressor implements one of
 * these; nothing here imports a runtime (no `node:*`), so the same code runs in a browser.
 * @module
 */

/** A result of core code: bad input is a value, never an exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: string; detail: string };

/** A stored original, kept so that a lossy output can be undone byte-for-byte. */
export interface StoreEntry {
  /** `tf_` + 24 hex digits (96 bits) of the content hash of `original`. */
  ref: string;
  /** The whole original input, exactly as it was given. */
  original: string;
  /** What the content was routed as (`json`, `jsonl`, `text`, …); guides query retrieval. */
  type: string;
  /**
   * Optional spans `[start, end)` (UTF-16 offsets into `original`) of the units a query can
   * return on its own: the items of a JSON collection, say. Without them a query works on lines.
   * Either pairs, or flat `start, end, start, end, …` in a `Uint32Array` (compact for 50k items).
   */
  units?: Array<[number, number]> | Uint32Array;
}

/** Where originals live. All methods are async so that SQLite, Redis and IndexedDB fit one shape. */
export interface Store {
  readonly name: string;
  /** Saves an entry. Saving the same ref twice is harmless (content-addressed). */
  put(entry: StoreEntry): Promise<void>;
  /** The entry, or `undefined` when the ref is unknown or has expired. */
  get(ref: string): Promise<StoreEntry | undefined>;
  /** Optional: whether `get` would find the ref, without reading the entry (callers fall back to `get`). */
  has?(ref: string): Promise<boolean>;
  /** Releases files or connections. */
  close?(): Promise<void>;
}

/** Counts (or estimates) tokens of a text for one model family. */
export interface Tokenizer {
  readonly name: string;
  /** Exact count where the tokenizer is exact for that family; see `tokens.ts` for estimates. */
  count(text: string): number;
}

/** Why a compressor did what it did; every decision carries one. */
export interface Reason {
  /** Stable machine code, e.g. `json.lossy`, `pass.malformed-json`, `pass.no-gain`. */
  code: string;
  /** One human sentence. */
  detail: string;
}

/** What a compressor is handed: the text (already loaded into `backend`), the question, the core. */
export interface CompressorInput {
  text: string;
  query: import("./query.js").ParsedQuery;
  backend: import("./backend.js").CoreBackend;
  /** The ref the original is (or would be) stored under. */
  ref: string;
  /** Share of tokens to save that counts as enough (see `CompressOptions.targetRatio`). */
  targetRatio: number;
  /** Only lossless transforms: no refs, nothing dropped. */
  lossless: boolean;
  /** Token counter used for decisions (an estimate on large texts). */
  count: (text: string) => number;
  /** A file name or path the caller gave (`--file src/app.py`): a hint for language detection. */
  fileName?: string;
  /** A token-classification model for prose (the ML path); without one, prose is extractive. */
  model?: TextModelOptions;
}

/** Where the prose model comes from (see `compressors/text/ml`). */
export interface TextModelOptions {
  /** A local model folder (`./models/llmlingua-2`), or a hub id when `allowRemote` is true. */
  path: string;
  /** Let transformers.js download from the Hugging Face hub (default false: local files only). */
  allowRemote?: boolean;
  /** The label that means "keep" (default: a label named keep, else LABEL_1). */
  keepLabel?: string;
  /** Run inference in a worker thread / Web Worker (default true). */
  worker?: boolean;
}

/** What a compressor returns. It never throws for bad input: it passes through with a reason. */
export interface CompressorOutput {
  text: string;
  /** True when something was dropped (the original must be stored under the ref). */
  lossy: boolean;
  reasons: Reason[];
  /** Byte spans of retrievable units of the original, flat `start, end, …`, for query retrieval. */
  units?: Uint32Array;
}

/** Every compressor has this shape: detect, then compress. */
export interface Compressor {
  readonly name: string;
  /**
   * 0 = not this kind, 1 = certainly this kind. Cheap: samples the text (a prefix, some lines).
   * `fileName`, when the caller gave one, is a hint (`app.py`, `build.log`, `x.diff`).
   */
  detect(text: string, fileName?: string): number;
  /** Sync for the byte-level compressors; async where a grammar or model loads lazily. */
  compress(input: CompressorInput): CompressorOutput | Promise<CompressorOutput>;
}
