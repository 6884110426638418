/**
 * The numbers a fact is compared by: an exact hash of its normalised text and a SimHash of its
 * words, both computed by the core (WASM, or the TS twin where WASM is unavailable).
 * @module
 */
import type { CoreBackend } from "../core/backend.js";
import { hashToHex } from "../core/simhash.js";
import { createTwinBackend } from "../core/wasm/twin-backend.js";
import { createWasmBackend } from "../core/wasm/wasm-backend.js";

/**
 * Words per SimHash shingle. Pairs, not single words: with single words "use npm, not pnpm" and
 * "use pnpm, not npm" hash the same. Measured on 8–20-word facts (400 pairs each): a one-word
 * edit moves 6/10/15 bits (p10/p50/p90), unrelated facts ≥ 22 bits (p1); case and punctuation 0.
 */
export const SHINGLE = 2;

let backend: CoreBackend | undefined;
function core(engine: "wasm" | "js"): CoreBackend {
  if (engine === "js") return createTwinBackend();
  try {
    return (backend ??= createWasmBackend());
  } catch {
    return (backend = createTwinBackend());
  }
}

/** Trims and collapses whitespace: "same text" for the exact hash ignores layout only. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Lower case, single spaces, no surrounding punctuation: the form subjects are compared in. */
export function normaliseSubject(subject: string): string {
  return subject.toLowerCase().replace(/\s+/g, " ").trim().replace(/^[\s.:;,!?-]+|[\s.:;,!?-]+$/g, "");
}

/**
 * Exact hash and SimHash of a fact text, as 16 hex each.
 * @example
 * fingerprint("Use pnpm, not npm"); // { hash: "…", simhash: "…" }
 */
export function fingerprint(text: string, engine: "wasm" | "js" = "wasm", shingle = SHINGLE): { hash: string; simhash: string } {
  const be = core(engine);
  be.load(normaliseText(text));
  const hash = hashToHex(be.hashInput(0));
  const simhash = hashToHex(be.simhash(shingle));
  return { hash, simhash };
}

/** The four 16-bit bands of a SimHash (hex), for a prefilter: two hashes within 3 bits share at least one band. */
export function simhashBands(simhash: string): [string, string, string, string] {
  return [simhash.slice(0, 4), simhash.slice(4, 8), simhash.slice(8, 12), simhash.slice(12, 16)];
}
