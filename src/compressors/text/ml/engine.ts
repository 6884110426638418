/**
 * The model side: loads a token classifier with transformers.js (imported lazily; a missing
 * package means "no ML"), offline unless remote models are allowed, memoised per model, and
 * scores words in windows that fit the model's maximum length, so every word gets a
 * keep-probability however long the text is.
 * @module
 */
import { keepIndex } from "./labels.js";

/** What it takes to load a model; plain data, so it crosses into a worker as is. */
export interface EngineSetup {
  /** A local model folder (`/models/llmlingua-2`, `./fixtures/tiny`) or a hub id (`org/name`). */
  model: string;
  /** Fetch from the hub when the model is not a local folder. Default false: local files only. */
  allowRemote?: boolean;
  /** Label name that means keep; default: a label named keep/preserve/LABEL_1, else index 1 of 2. */
  keepLabel?: string;
  /** ONNX weights variant; default `"fp32"` (`onnx/model.onnx`), e.g. `"q8"` for `model_quantized.onnx`. */
  dtype?: string;
  /** Tokens per window including special tokens; default from the tokenizer/config, else 512. */
  maxLength?: number;
  /** Windows per inference call; default 4. */
  batchSize?: number;
  /** Browser only: where the onnxruntime-web `.wasm`/`.mjs` files are served (default is a CDN). */
  wasmPaths?: string;
}

/** Per-word results of one scoring pass. */
export interface Scores {
  /** Mean keep-probability over the word's subword tokens (NaN for a word with no token). */
  probs: Float64Array;
  /** Subword tokens per word (at least 1). */
  costs: Uint32Array;
  /** Model windows run. */
  windows: number;
}

/** A loaded model, ready to score. */
export interface Engine {
  readonly model: string;
  score(words: string[]): Promise<Scores>;
  dispose(): Promise<void>;
}

// The slice of the transformers.js API used here (typed locally: the package is optional).
interface Tokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  readonly model_max_length: number;
  pad_token_id: number | null;
}
interface LogitsTensor {
  data: Float32Array;
  dims: number[];
}
interface TokenModel {
  (inputs: Record<string, unknown>): Promise<{ logits: LogitsTensor }>;
  config: { id2label?: Record<string, string>; max_position_embeddings?: number; model_type?: string };
  dispose(): Promise<unknown>;
}
interface Transformers {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    localModelPath: string;
    useFSCache: boolean;
    backends: { onnx: { wasm?: { wasmPaths?: unknown } } };
  };
  AutoConfig: { from_pretrained(id: string, options: object): Promise<object> };
  AutoTokenizer: { from_pretrained(id: string, options: object): Promise<Tokenizer> };
  AutoModelForTokenClassification: { from_pretrained(id: string, options: object): Promise<TokenModel> };
  Tensor: new (type: "int64", data: BigInt64Array, dims: number[]) => unknown;
}

/** Where a model lives: a local folder (split into parent dir + folder name) or a hub id. */
export function locateModel(model: string): { local: boolean; dir: string; id: string } {
  const local = /^(\/|\.{1,2}([\\/]|$)|[A-Za-z]:[\\/]|\\\\)/.test(model);
  if (!local) return { local, dir: "", id: model };
  const path = model.replace(/[\\/]+$/, "") || model;
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (cut < 0) return { local, dir: "./", id: path }; // "." or ".."
  return { local, dir: path.slice(0, cut + 1), id: path.slice(cut + 1) };
}

// transformers.js keeps its settings in one global `env`: loads are serialised so that two
// models in different folders never see each other's settings half-way.
let loadChain: Promise<unknown> = Promise.resolve();
const engines = new Map<string, { engine: Promise<Engine>; users: number }>();

const keyOf = (s: EngineSetup) =>
  JSON.stringify([s.model, !!s.allowRemote, s.keepLabel ?? null, s.dtype ?? "fp32", s.maxLength ?? null, s.batchSize ?? null]);

/**
 * The engine for a setup, loaded once and shared (reference-counted: pair with `releaseEngine`).
 * Rejects with a readable message when transformers.js or the model is missing.
 * @example const engine = await acquireEngine({ model: "/models/llmlingua-2" });
 */
export function acquireEngine(setup: EngineSetup): Promise<Engine> {
  const key = keyOf(setup);
  let slot = engines.get(key);
  if (!slot) {
    const engine = loadEngine(setup);
    slot = { engine, users: 0 };
    engines.set(key, slot);
    // A failed load is not remembered: the model may be put in place later.
    engine.catch(() => engines.get(key)?.engine === engine && engines.delete(key));
  }
  slot.users++;
  return slot.engine;
}

/** Drops one use of a setup's engine; the last use frees the model's session. */
export async function releaseEngine(setup: EngineSetup): Promise<void> {
  const key = keyOf(setup);
  const slot = engines.get(key);
  if (!slot || --slot.users > 0) return;
  engines.delete(key);
  const engine = await slot.engine.catch(() => undefined);
  await engine?.dispose();
}

function loadEngine(setup: EngineSetup): Promise<Engine> {
  return withModelEnv(setup.model, setup.allowRemote, (tf, where, remote) => load(tf as Transformers, where, remote, setup), setup.wasmPaths);
}

/**
 * Runs `use` with transformers.js imported and its global `env` set for one model (a local folder
 * read in place, or a hub id when remote models are allowed). Every model load in the process (the
 * prose model, the memory's embedder) goes through this one queue, since `env` is shared.
 */
export function withModelEnv<T>(
  model: string,
  allowRemote: boolean | undefined,
  use: (tf: unknown, where: { local: boolean; dir: string; id: string }, remote: boolean) => Promise<T>,
  wasmPaths?: string,
): Promise<T> {
  const run = loadChain.then(async () => {
    let tf: Transformers;
    try {
      tf = (await import("@huggingface/transformers" as string)) as Transformers;
    } catch (e) {
      throw new Error(`transformers.js is not available (${message(e)})`);
    }
    const where = locateModel(model);
    const remote = !where.local && !!allowRemote;
    tf.env.allowRemoteModels = remote;
    tf.env.useFSCache = remote; // a local folder is read in place, never copied into a cache
    if (where.local) {
      tf.env.allowLocalModels = true;
      tf.env.localModelPath = where.dir;
    }
    const wasm = tf.env.backends.onnx.wasm;
    if (wasmPaths && wasm) wasm.wasmPaths = wasmPaths;
    return use(tf, where, remote);
  });
  loadChain = run.catch(() => undefined);
  return run;
}

async function load(tf: Transformers, where: { local: boolean; dir: string; id: string }, remote: boolean, setup: EngineSetup): Promise<Engine> {
  const options = { local_files_only: !remote, dtype: setup.dtype ?? "fp32" };
  try {
    // The config first: a missing folder then fails with transformers.js's plain "not found locally".
    const config = await tf.AutoConfig.from_pretrained(where.id, options);
    const model = await tf.AutoModelForTokenClassification.from_pretrained(where.id, { ...options, config });
    let tokenizer: Tokenizer;
    try {
      tokenizer = await tf.AutoTokenizer.from_pretrained(where.id, options);
    } catch (e) {
      await model.dispose();
      throw new Error(`tokenizer.json / tokenizer_config.json missing or unreadable (${message(e)})`);
    }
    return makeEngine(tf, tokenizer, model, setup);
  } catch (e) {
    if (!where.local && !remote) throw new Error(`remote models are off (allowRemote: false): ${message(e)}`);
    throw e;
  }
}

function makeEngine(tf: Transformers, tokenizer: Tokenizer, model: TokenModel, setup: EngineSetup): Engine {
  const maxLength = windowLength(tokenizer, model, setup.maxLength);
  const [prefix, suffix] = specialTokens(tokenizer);
  const room = maxLength - prefix.length - suffix.length;
  if (room < 1) throw new Error(`model window of ${maxLength} tokens has no room for text`);
  const pad = tokenizer.pad_token_id ?? 0;
  const batchSize = Math.max(1, Math.floor(setup.batchSize ?? 4));
  let keep: number | undefined;

  async function score(words: string[]): Promise<Scores> {
    const n = words.length;
    const probs = new Float64Array(n).fill(NaN);
    const costs = new Uint32Array(n);
    const sums = new Float64Array(n);
    const counts = new Uint32Array(n);
    // Windows of whole words: token ids plus, per position, the word it belongs to.
    const windows: { ids: number[]; owner: number[] }[] = [];
    let cur = { ids: [] as number[], owner: [] as number[] };
    const cache = new Map<string, number[]>();
    const maxPerWord = Math.min(room, 64); // a longer word is scored on its first pieces
    for (let i = 0; i < n; i++) {
      let ids = cache.get(words[i]);
      if (!ids) {
        ids = tokenizer.encode(words[i], { add_special_tokens: false });
        cache.set(words[i], ids);
      }
      costs[i] = Math.max(1, ids.length);
      if (ids.length === 0) continue;
      const take = ids.length > maxPerWord ? ids.slice(0, maxPerWord) : ids;
      if (cur.ids.length + take.length > room) {
        windows.push(cur);
        cur = { ids: [], owner: [] };
      }
      for (const id of take) {
        cur.ids.push(id);
        cur.owner.push(i);
      }
    }
    if (cur.ids.length) windows.push(cur);

    for (let b = 0; b < windows.length; b += batchSize) {
      const batch = windows.slice(b, b + batchSize);
      const width = prefix.length + suffix.length + Math.max(...batch.map((w) => w.ids.length));
      const ids = new BigInt64Array(batch.length * width).fill(BigInt(pad));
      const mask = new BigInt64Array(batch.length * width);
      batch.forEach((w, r) => {
        const row = [...prefix, ...w.ids, ...suffix];
        for (let t = 0; t < row.length; t++) {
          ids[r * width + t] = BigInt(row[t]);
          mask[r * width + t] = 1n;
        }
      });
      const dims = [batch.length, width];
      const out = await model({
        input_ids: new tf.Tensor("int64", ids, dims),
        attention_mask: new tf.Tensor("int64", mask, dims),
        token_type_ids: new tf.Tensor("int64", new BigInt64Array(ids.length), dims),
      });
      const { data, dims: ld } = out.logits;
      const labels = ld[2];
      if (keep === undefined) {
        const k = keepIndex(model.config.id2label, labels, setup.keepLabel);
        if (typeof k === "string") throw new Error(k);
        keep = k;
      }
      batch.forEach((w, r) => {
        for (let t = 0; t < w.ids.length; t++) {
          const at = (r * ld[1] + prefix.length + t) * labels;
          const word = w.owner[t];
          sums[word] += softmaxAt(data, at, labels, keep!);
          counts[word]++;
        }
      });
    }
    for (let i = 0; i < n; i++) if (counts[i]) probs[i] = sums[i] / counts[i];
    return { probs, costs, windows: windows.length };
  }

  return { model: setup.model, score, dispose: async () => void (await model.dispose()) };
}

/** Softmax probability of label `k` among `labels` logits starting at `at` (stable form). */
function softmaxAt(data: Float32Array, at: number, labels: number, k: number): number {
  let max = -Infinity;
  for (let j = 0; j < labels; j++) max = Math.max(max, data[at + j]);
  let sum = 0;
  for (let j = 0; j < labels; j++) sum += Math.exp(data[at + j] - max);
  return Math.exp(data[at + k] - max) / sum;
}

// RoBERTa-style models offset positions by pad + 1, so two position slots are not usable.
const OFFSET_POSITIONS = new Set(["roberta", "xlm-roberta", "camembert", "longformer"]);

function windowLength(tokenizer: Tokenizer, model: TokenModel, override?: number): number {
  if (override && override > 2) return Math.floor(override);
  const limits: number[] = [];
  const fromTokenizer = Number(tokenizer.model_max_length);
  if (Number.isFinite(fromTokenizer) && fromTokenizer > 2 && fromTokenizer <= 1e6) limits.push(fromTokenizer);
  const positions = Number(model.config.max_position_embeddings);
  if (Number.isFinite(positions) && positions > 2) {
    limits.push(OFFSET_POSITIONS.has(model.config.model_type ?? "") ? positions - 2 : positions);
  }
  return limits.length ? Math.min(...limits) : 512;
}

// The special tokens the tokenizer wraps a text in ([CLS] … [SEP], <s> … </s>), found by
// encoding one word with and without them.
function specialTokens(tokenizer: Tokenizer): [number[], number[]] {
  const full = tokenizer.encode("a", { add_special_tokens: true });
  const bare = tokenizer.encode("a", { add_special_tokens: false });
  for (let at = 0; bare.length && at + bare.length <= full.length; at++) {
    if (bare.every((id, j) => full[at + j] === id)) return [full.slice(0, at), full.slice(at + bare.length)];
  }
  return [[], []];
}

/** An error's message, for `{ error }` results. */
export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
