/**
 * Undoes a compression: the original behind a ref, whole and byte-for-byte, or only the units a
 * question needs.
 * @module
 */
import { isRef } from "../core/ref.js";
import type { Result, Store } from "../core/types.js";
import { selectMatching } from "./select.js";

/** Options of {@link retrieve}. */
export interface RetrieveOptions {
  /** A question; when given (and not blank), only the matching units come back. */
  query?: string;
}

/** What {@link retrieve} gives back. */
export interface Retrieved {
  /** The ref asked for. */
  ref: string;
  /** The whole original, or the matching units joined with `"\n"` when a query was given. */
  text: string;
  /** What the content was routed as (`json`, `text`, …). */
  type: string;
  /** With a query: units that matched. */
  matched?: number;
  /** With a query: units in the original. */
  total?: number;
}

// A malformed ref may be anything an agent typed; quote only the start of it.
const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * Looks a ref up in a store. Bad or unknown refs are results, not exceptions; a failing store
 * (a file that cannot be opened, say) rejects.
 * @param store - where the originals live
 * @param ref - `tf_` + 24 hex digits
 * @param options - see {@link RetrieveOptions}
 * @returns the original, or `ref.malformed` / `ref.unknown`
 * @example
 * const r = await retrieve(store, "tf_0123456789abcdef01234567", { query: "`deploy-prod` errors" });
 * if (r.ok) console.log(r.value.text);
 */
export async function retrieve(store: Store, ref: string, options?: RetrieveOptions): Promise<Result<Retrieved>> {
  if (typeof ref !== "string" || !isRef(ref)) {
    return {
      ok: false,
      code: "ref.malformed",
      detail: `malformed ref ${quote(String(ref))} (a ref is tf_ followed by 24 lowercase hex digits)`,
    };
  }
  const entry = await store.get(ref);
  if (entry === undefined) {
    return {
      ok: false,
      code: "ref.unknown",
      detail: `unknown or expired ref ${ref} (refs expire after the store's TTL; re-run the tool to get the full output)`,
    };
  }
  const query = options?.query;
  if (query === undefined || query.trim() === "") {
    return { ok: true, value: { ref, text: entry.original, type: entry.type } };
  }
  const { text, matched, total } = selectMatching(entry, query);
  return { ok: true, value: { ref, text, type: entry.type, matched, total } };
}
