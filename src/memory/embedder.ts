/**
 * Sentence embeddings for the memory's near-duplicate check: a transformers.js `feature-extraction`
 * pipeline (mean pooling, L2-normalised) loaded from a local model folder, offline unless remote
 * models are allowed. transformers.js is an optional dependency, imported on first use; a missing
 * package or model makes `loadEmbedder` reject, and the memory then works without embeddings.
 * Follows the loading conventions of the text compressor's model engine (`locateModel`).
 * @module
 */
import { message, withModelEnv } from "../compressors/text/ml/engine.js";

/** Embeddings setup of `createMemory`. */
export interface EmbeddingOptions {
  /** A local model folder (`/models/all-MiniLM-L6-v2`) — or a hub id when `allowRemote` is set. */
  model: string;
  /** Fetch from the hub when `model` is not a local folder. Default false: local files only. */
  allowRemote?: boolean;
  /** Cosine similarity at or above which a new fact counts as a near duplicate. Default 0.92. */
  threshold?: number;
  /** ONNX weights variant; default `"fp32"` (`onnx/model.onnx`). */
  dtype?: string;
}

/** A loaded embedding model. */
export interface Embedder {
  /** What vectors are tagged with: only vectors of the same model are compared. */
  readonly model: string;
  /** Unit-length vector of `text`. */
  embed(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

// The slice of the transformers.js API used here (typed locally: the package is optional).
interface Pipe {
  (texts: string | string[], options: { pooling: "mean"; normalize: boolean }): Promise<{ data: Float32Array; dims: number[] }>;
  dispose(): Promise<unknown>;
}
interface Transformers {
  pipeline(task: "feature-extraction", model: string, options: object): Promise<Pipe>;
}

// transformers.js keeps its settings in one global `env`: loads go through the process-wide queue
// of `withModelEnv`, shared with the prose model, so no load sees another's settings half-way.

/**
 * Loads the embedding model of `options`.
 * @example
 * const embedder = await loadEmbedder({ model: "/models/all-MiniLM-L6-v2" });
 * const v = await embedder.embed("Run the tests with pnpm"); // Float32Array, |v| = 1
 */
export function loadEmbedder(options: EmbeddingOptions): Promise<Embedder> {
  return withModelEnv(options.model, options.allowRemote, (tf, where, remote) => load(tf as Transformers, where, remote, options));
}

async function load(tf: Transformers, where: { local: boolean; id: string }, remote: boolean, options: EmbeddingOptions): Promise<Embedder> {
  let pipe: Pipe;
  try {
    pipe = await tf.pipeline("feature-extraction", where.id, { local_files_only: !remote, dtype: options.dtype ?? "fp32" });
  } catch (e) {
    if (!where.local && !remote) throw new Error(`remote models are off (allowRemote: false): ${message(e)}`);
    throw e;
  }
  // One text at a time: batching would pad, and padding must not change a fact's vector.
  let queue: Promise<unknown> = Promise.resolve();
  const embed = (text: string): Promise<Float32Array> => {
    const run = queue.then(async () => {
      const out = await pipe(text, { pooling: "mean", normalize: true });
      if (out.dims.length !== 2 || out.dims[0] !== 1 || !(out.dims[1]! > 0)) throw new Error(`unexpected embedding shape [${out.dims.join(", ")}]`);
      return Float32Array.from(out.data);
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return { model: options.model, embed, dispose: async () => void (await pipe.dispose()) };
}
