/**
 * The ML path of the text compressor: LLMLingua-2-style token classification with
 * transformers.js. Each word gets a keep-probability from a local token-classification model (or
 * a hub model, only when remote models are allowed); the most likely words are kept to meet the
 * target, and numbers, paths, URLs, identifiers, the question's terms and markdown structure are
 * always kept; newlines are kept. Inference runs in a worker (Node `worker_threads`, browser Web
 * Worker) unless `worker: false`. Without transformers.js or the model, calls answer `{ error }`
 * quickly, so the caller can fall back on the extractive path.
 * @module
 */
import type { ParsedQuery } from "../../../core/query.js";
import { message, type EngineSetup } from "./engine.js";
import type { WorkerEndpoint, WorkerResponse } from "./protocol.js";
import { compressWithEngine, holdEngine, MAX_WORDS, type MlResult } from "./run.js";

export type { MlResult } from "./run.js";
export type { WorkerEndpoint, WorkerRequest, WorkerResponse } from "./protocol.js";

/** How to build a token-classifier compressor. */
export interface TokenClassifierOptions {
  /**
   * A local model folder (absolute, or `./`/`../` relative: `/models/llmlingua-2-bert`) holding
   * `config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx`; or a hub id
   * (`org/name`), loaded only when `allowRemote` is true.
   */
  model: string;
  /** Allow downloading a hub model. Default false: nothing but local files is ever read. */
  allowRemote?: boolean;
  /** The label that means keep; default a label named keep/preserve/LABEL_1, else index 1 of 2. */
  keepLabel?: string;
  /** Run inference in a worker (default true); `false` runs inline (tests, or when already in a worker). */
  worker?: boolean;
  /** URL of the compiled `worker.js` (default: the one beside this module). */
  workerUrl?: string | URL;
  /** Starts a worker yourself (bundlers, custom runtimes); wins over `workerUrl`. */
  spawnWorker?: () => WorkerEndpoint | Promise<WorkerEndpoint>;
  /** ONNX weights variant; default `"fp32"` (`onnx/model.onnx`). */
  dtype?: string;
  /** Tokens per model window, special tokens included; default from the model (e.g. 512). */
  maxLength?: number;
  /** Windows per inference call; default 4. */
  batchSize?: number;
  /** Browser: where onnxruntime-web's wasm files are served (e.g. `"/ort/"`), instead of a CDN. */
  wasmPaths?: string;
  /** Words per call above which the ML path declines with `{ error }`; default 50,000. */
  maxWords?: number;
}

/** Per-call options. */
export interface TokenClassifierCallOptions {
  /** Share of tokens to save, 0..1 (`CompressOptions.targetRatio`). */
  targetRatio: number;
  /** The parsed question: its words are always kept, and lines holding its identifiers whole. */
  query?: ParsedQuery;
  /** 0-based indexes of lines to keep whole (the caller's own choice, e.g. top BM25 lines). */
  keepLines?: number[];
}

/** A token-classifier compressor. */
export interface TokenClassifierCompressor {
  /** The model as given. */
  readonly model: string;
  /** Compresses one text. Never throws: a missing model or runtime gives `{ error }`. */
  compressText(text: string, opts: TokenClassifierCallOptions): Promise<MlResult>;
  /** Frees the model (inline) or stops the worker. Calls after close start afresh. */
  close(): Promise<void>;
}

/**
 * Builds the ML compressor. The model loads on the first call and is reused.
 * @example
 * const ml = createTokenClassifierCompressor({ model: "/models/llmlingua-2-bert" });
 * const r = await ml.compressText(prose, { targetRatio: 0.5, query: parseQuery("why did the deploy fail?") });
 * if ("error" in r) useExtractive(); else console.log(r.text, `${r.kept}/${r.total} words`);
 * await ml.close();
 */
export function createTokenClassifierCompressor(options: TokenClassifierOptions): TokenClassifierCompressor {
  const setup: EngineSetup = {
    model: options.model,
    allowRemote: options.allowRemote ?? false,
    keepLabel: options.keepLabel,
    dtype: options.dtype,
    maxLength: options.maxLength,
    batchSize: options.batchSize,
    wasmPaths: options.wasmPaths,
  };
  const maxWords = options.maxWords ?? MAX_WORDS;
  const plain = (opts: TokenClassifierCallOptions) => ({
    targetRatio: opts.targetRatio,
    query: opts.query ? { words: [...opts.query.words], identifiers: [...opts.query.identifiers] } : undefined,
    keepLines: opts.keepLines ? [...opts.keepLines] : undefined,
  });

  if (options.worker === false) {
    const holder = holdEngine(setup);
    return {
      model: options.model,
      compressText: (text, opts) => compressWithEngine(holder, options.model, text, plain(opts), maxWords),
      close: () => holder.close(),
    };
  }

  let endpoint: Promise<WorkerEndpoint> | undefined;
  let current: WorkerEndpoint | undefined;
  const pending = new Map<number, (result: MlResult) => void>();
  let nextId = 1;
  const settleAll = (error: string) => {
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve({ error });
  };
  const start = async (): Promise<WorkerEndpoint> => {
    const ep = await (options.spawnWorker ? options.spawnWorker() : spawnDefault(options.workerUrl));
    ep.onResponse((response: WorkerResponse) => {
      const resolve = pending.get(response.id);
      if (!resolve) return;
      pending.delete(response.id);
      if (pending.size === 0) ep.setBusy?.(false);
      resolve(response.result);
    });
    ep.onFailure((error) => {
      if (endpoint && current === ep) endpoint = undefined; // the next call starts a new worker
      settleAll(error);
    });
    current = ep;
    return ep;
  };

  return {
    model: options.model,
    async compressText(text, opts) {
      let ep: WorkerEndpoint;
      try {
        ep = await (endpoint ??= start());
      } catch (e) {
        endpoint = undefined;
        return { error: `ML worker could not start: ${message(e)}` };
      }
      const id = nextId++;
      return new Promise<MlResult>((resolve) => {
        pending.set(id, resolve);
        ep.setBusy?.(true);
        try {
          ep.post({ id, setup, text, opts: plain(opts), maxWords });
        } catch (e) {
          pending.delete(id);
          if (pending.size === 0) ep.setBusy?.(false);
          resolve({ error: `ML worker rejected the request: ${message(e)}` });
        }
      });
    },
    async close() {
      const ep = endpoint;
      endpoint = undefined;
      current = undefined;
      settleAll("ML compressor closed");
      if (ep) await ep.then((w) => w.terminate(), () => undefined);
    },
  };
}

const isNode = () => typeof process !== "undefined" && typeof process.versions?.node === "string";

async function spawnDefault(workerUrl?: string | URL): Promise<WorkerEndpoint> {
  if (isNode()) {
    const { spawnNodeWorker } = await import("./node-worker.js");
    return spawnNodeWorker(workerUrl ?? new URL("./worker.js", import.meta.url));
  }
  if (typeof Worker === "undefined") throw new Error("no worker support here; pass worker: false or spawnWorker");
  const { webEndpoint } = await import("./web-worker.js");
  // Written out literally so that bundlers (Vite, webpack 5) find and emit the worker.
  const worker = workerUrl
    ? new Worker(workerUrl, { type: "module" })
    : new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  return webEndpoint(worker);
}
