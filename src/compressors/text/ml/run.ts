/**
 * One ML compression, start to end: layout → model scores → selection → text. The same function
 * runs inline and inside the worker, so both give the same bytes. Never throws: failures come
 * back as `{ error }` for the caller to fall back on the extractive path.
 * @module
 */
import type { ParsedQuery } from "../../../core/query.js";
import { acquireEngine, message, releaseEngine, type Engine, type EngineSetup, type Scores } from "./engine.js";
import { layoutText, renderLayout } from "./layout.js";
import { selectWords } from "./select.js";

/** Per-call options. */
export interface MlCompressOptions {
  /** Share of tokens to save, 0..1 (0.5 keeps about half of the words' tokens). */
  targetRatio: number;
  /** The question: its words are always kept, and lines holding its identifiers whole. */
  query?: ParsedQuery;
  /**
   * 0-based indexes of lines to keep whole, chosen by the caller (say the lines that rank best
   * for the question): the model then thins only the rest.
   */
  keepLines?: number[];
}

/** A compressed text, or why there is none. */
export type MlResult =
  | {
      text: string;
      /** Words kept, of `total` words scored (fenced code, tables and blank lines are not counted). */
      kept: number;
      total: number;
      /** The model that ran (as given in the setup). */
      model: string;
      /** Model windows run (a long text needs several). */
      windows: number;
    }
  | { error: string };

/** Default cap on words per call: beyond it the ML path declines (`{ error }`) rather than stall. */
export const MAX_WORDS = 50_000;

const NO_QUERY: ParsedQuery = { words: [], identifiers: [] };

/**
 * Compresses with a given scorer (the engine's, or a stand-in in tests).
 * @example await compressWithScorer("the server failed", { targetRatio: 0.5 }, "m", score)
 */
export async function compressWithScorer(
  text: string,
  opts: MlCompressOptions,
  model: string,
  score: (words: string[]) => Promise<Scores>,
  maxWords = MAX_WORDS,
): Promise<MlResult> {
  try {
    const layout = layoutText(text, opts.query ?? NO_QUERY, opts.keepLines);
    const n = layout.words.length;
    if (n > maxWords) return { error: `text has ${n} words, over the ML path's limit of ${maxWords}` };
    if (n === 0) return { text, kept: 0, total: 0, model, windows: 0 };
    const scores = await score(layout.words.map((w) => w.text));
    const forced = Uint8Array.from(layout.words, (w) => (w.forced ? 1 : 0));
    const keep = selectWords(scores.probs, scores.costs, forced, opts.targetRatio);
    let kept = 0;
    for (let i = 0; i < n; i++) kept += keep[i];
    return { text: renderLayout(layout, keep), kept, total: n, model, windows: scores.windows };
  } catch (e) {
    return { error: message(e) };
  }
}

/** A lazily acquired, shared engine for one setup, held until `close()`. */
export interface EngineHolder {
  get(): Promise<Engine>;
  close(): Promise<void>;
}

/**
 * Holds one use of the setup's memoised engine: loaded on first `get()`, released on `close()`.
 * A failed load is not held, so a later call tries again (the model may have been put in place).
 */
export function holdEngine(setup: EngineSetup): EngineHolder {
  let held: Promise<Engine> | undefined;
  return {
    get() {
      if (!held) {
        const p = acquireEngine(setup);
        held = p;
        p.catch(() => held === p && (held = undefined));
      }
      return held;
    },
    async close() {
      if (!held) return;
      const p = held;
      held = undefined;
      if (await p.then(() => true, () => false)) await releaseEngine(setup);
    },
  };
}

/** Compresses with the holder's engine; a model that does not load is an `{ error }`. */
export async function compressWithEngine(holder: EngineHolder, model: string, text: string, opts: MlCompressOptions, maxWords?: number): Promise<MlResult> {
  let engine: Engine;
  try {
    engine = await holder.get();
  } catch (e) {
    return { error: `model "${model}" could not be loaded: ${message(e)}` };
  }
  return compressWithScorer(text, opts, model, (words) => engine.score(words), maxWords);
}
