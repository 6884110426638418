/**
 * `retrieve(ref, { query, store })`: the original behind a ref, whole (byte-for-byte) or only the
 * stored items or lines that match a query.
 * @module
 */
import { getDefaultStore } from "./compress.js";
import type { Result, Store } from "./core/types.js";
import { retrieve as retrieveFrom, type Retrieved } from "./store/retrieve.js";

/** Options of `retrieve`. */
export interface RetrieveOptions {
  /** Return only the items or lines that match this question. */
  query?: string;
  /** The store the ref was saved to (default: the process-wide in-memory store). */
  store?: Store;
}

/**
 * Looks a ref up.
 * @example
 * const r = await retrieve("tf_0123456789abcdef01234567");
 * if (r.ok) console.log(r.value.text);
 */
export function retrieve(ref: string, options: RetrieveOptions = {}): Promise<Result<Retrieved>> {
  return retrieveFrom(options.store ?? getDefaultStore(), ref, { query: options.query });
}
