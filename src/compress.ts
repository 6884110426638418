/**
 * `compress(text, options)`: route, compress, store the original when anything was dropped.
 * Deterministic: the same text and options give the same bytes in every process.
 * @module
 */
import type { CoreBackend } from "./core/backend.js";
import { formatRef } from "./core/ref.js";
import { parseQuery } from "./core/query.js";
import { createEstimator, createTokenizer, EXACT_LIMIT, type TokenizerName } from "./core/tokens.js";
import type { Compressor, Reason, Store, TextModelOptions, Tokenizer } from "./core/types.js";
import { byteSpansToUtf16 } from "./core/utf8.js";
import { createTwinBackend } from "./core/wasm/twin-backend.js";
import { createWasmBackend } from "./core/wasm/wasm-backend.js";
import { COMPRESSORS, type ContentType } from "./compressors/index.js";
import { route } from "./router.js";
// the memory driver alone: the store barrel also names the SQLite driver, which browser bundles must not pull in
import memoryStore from "./store/memory.js";

/** Options of `compress`. */
export interface CompressOptions {
  /** The question the output must still answer; drives what is kept. */
  query?: string;
  /** Force a content type instead of detecting it. */
  type?: "auto" | ContentType;
  /** The file name or path the text came from (`src/app.py`): a hint for the router and code language. */
  fileName?: string;
  /**
   * Share of tokens to save that counts as enough, 0–1 (default 0.8). A lossless form that saves
   * at least this much is used as is; otherwise the lossy path runs. `ratio` in the result is
   * measured the same way: saved / before.
   */
  targetRatio?: number;
  /** `wasm` (default) or `js` (the TS twin). Both give identical output. */
  engine?: "wasm" | "js";
  /** Token counter: `o200k` (default), `cl100k`, or the documented estimates `claude`, `gemini`. */
  tokenizer?: TokenizerName;
  /**
   * Count every token with the real tokenizer (default false: an input over 4 KiB and its output
   * get the documented estimate, because exact counting runs at ~0.4 M tokens/s and building the
   * encoder takes ~1 s, which would dominate large calls).
   */
  exactTokens?: boolean;
  /** Only lossless transforms: nothing dropped, no refs, nothing stored. */
  lossless?: boolean;
  /**
   * A local token-classification model for prose (LLMLingua-2 style, transformers.js). Without
   * it prose is compressed extractively; the result's reasons say which path ran.
   */
  model?: TextModelOptions;
  /** Where originals go (default: one in-memory LRU store per process). */
  store?: Store;
  /** Inputs larger than this many UTF-8 bytes pass through (default 64 MiB). */
  maxInputBytes?: number;
}

/** What `compress` returns. */
export interface CompressResult {
  text: string;
  tokensBefore: number;
  tokensAfter: number;
  /** tokensBefore − tokensAfter. */
  saved: number;
  /** saved / tokensBefore (0 when nothing was saved). */
  ratio: number;
  /** What the input was routed as. */
  type: string;
  /** Refs that retrieve the originals of anything dropped. */
  refs: string[];
  reasons: Reason[];
}

const DEFAULTS = Object.freeze({ exactTokens: false, targetRatio: 0.8, engine: "wasm" as const, tokenizer: "o200k" as const, lossless: false, maxInputBytes: 64 * 1024 * 1024 });

let defaultStore: Store | undefined;
/** The process-wide default store (in-memory LRU). */
export function getDefaultStore(): Store {
  return (defaultStore ??= memoryStore());
}

let wasmBackend: CoreBackend | undefined;
function backendFor(engine: "wasm" | "js", reasons: Reason[]): CoreBackend {
  if (engine === "js") return createTwinBackend();
  try {
    return (wasmBackend ??= createWasmBackend());
  } catch (e) {
    reasons.push({ code: "engine.fallback", detail: `WASM unavailable (${(e as Error).message}); used the TS twin` });
    return createTwinBackend();
  }
}

/**
 * Compresses one text.
 * @example
 * const r = await compress(jsonText, { query: "which job failed?" });
 * r.text; r.refs; // retrieve(r.refs[0]) gives the original back
 */
export async function compress(text: string, options: CompressOptions = {}): Promise<CompressResult> {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  if (!(o.targetRatio >= 0 && o.targetRatio <= 1)) throw new TypeError(`[tokenfold] [compress] targetRatio must be within 0–1, got ${o.targetRatio}`);
  if (typeof text !== "string") throw new TypeError("[tokenfold] [compress] text must be a string");
  // Exact counts need an encoder (~1 s to build once); large inputs are estimated before and after.
  const tokenizer = memoize(o.exactTokens || text.length <= EXACT_LIMIT ? await createTokenizer(o.tokenizer, o.exactTokens) : createEstimator(o.tokenizer));
  const reasons: Reason[] = [];
  // The original, unchanged; `earlier` are the reasons gathered before the final one.
  const pass = (code: string, detail: string, type = "text", earlier: Reason[] = reasons): CompressResult => {
    const t = tokenizer.count(text);
    return { text, tokensBefore: t, tokensAfter: t, saved: 0, ratio: 0, type, refs: [], reasons: [...earlier, { code, detail }] };
  };
  if (text.length === 0) return pass("pass.empty", "empty input");
  const isWellFormed = (text as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  if (isWellFormed && !isWellFormed.call(text)) return pass("pass.ill-formed", "lone UTF-16 surrogates; passed through so no byte changes");
  if (text.length > o.maxInputBytes) return pass("pass.too-large", `larger than maxInputBytes (${o.maxInputBytes})`);
  if (text.indexOf("\u0000") >= 0) return pass("pass.binary", "NUL characters: treated as binary and passed through");

  const type: ContentType = o.type === "auto" || !o.type ? route(text, o.fileName) : o.type;
  const compressor = COMPRESSORS[type] as Compressor | undefined;
  if (!compressor) return pass("pass.no-compressor", `no compressor for ${type} content yet`, type);
  const backend = backendFor(o.engine, reasons);
  if (backend.load(text) > o.maxInputBytes) return pass("pass.too-large", `larger than maxInputBytes (${o.maxInputBytes})`);
  const ref = formatRef(backend.hashInput(0), backend.hashInput(1));
  let out;
  try {
    out = await compressor.compress({ text, query: parseQuery(o.query), backend, ref, targetRatio: o.targetRatio, lossless: o.lossless, count: (s) => tokenizer.count(s), fileName: o.fileName, model: o.model });
  } catch (e) {
    return pass("pass.error", `compressor failed (${(e as Error).message}); original forwarded`, type);
  }
  const tokensBefore = tokenizer.count(text);
  const tokensAfter = out.text === text ? tokensBefore : tokenizer.count(out.text);
  if (tokensAfter >= tokensBefore) return pass("pass.no-gain", "output not smaller; original kept", type, [...reasons, ...out.reasons]);
  const refs: string[] = [];
  if (out.lossy && !o.lossless) {
    const store = o.store ?? getDefaultStore();
    const units = out.units && out.units.length > 0 ? byteSpansToUtf16(backend.bytes(), out.units, text.length) : undefined;
    await store.put({ ref, original: text, type, units });
    refs.push(ref);
  }
  const saved = tokensBefore - tokensAfter;
  return { text: out.text, tokensBefore, tokensAfter, saved, ratio: saved / tokensBefore, type, refs, reasons: [...reasons, ...out.reasons] };
}

/**
 * Stores a text whole and returns its ref (the same ref `compress` would give it): for callers
 * that replace a text by a stub, such as budget fitting.
 */
export async function storeOriginal(text: string, options: Pick<CompressOptions, "store" | "engine"> = {}): Promise<string> {
  const backend = backendFor(options.engine ?? "wasm", []);
  backend.load(text);
  const ref = formatRef(backend.hashInput(0), backend.hashInput(1));
  await (options.store ?? getDefaultStore()).put({ ref, original: text, type: "text" });
  return ref;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Remembers the last count: the input is counted by the router and by the compressor. */
function memoize(t: Tokenizer): Tokenizer {
  let last: string | undefined;
  let lastCount = 0;
  return {
    name: t.name,
    count(text: string) {
      if (text !== last) { lastCount = t.count(text); last = text; }
      return lastCount;
    },
  };
}
