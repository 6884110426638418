/**
 * Answering `tokenfold_retrieve` calls from the proxy's store. When the client declared the tool
 * itself (it may answer from a store of its own), the proxy answers only refs it holds; when the
 * proxy added the tool, it answers every call (an unknown ref gets a one-line explanation).
 * @module
 */
import type { Store } from "../../core/types.js";
import { handleRetrieval } from "../../messages/retrieval.js";

/** The result text of each call, in order; undefined when the client should get the calls instead. */
export type { Answerer } from "../../messages/follow-up.js";
import type { Answerer } from "../../messages/follow-up.js";

/** An answerer over `store`. */
export function createAnswerer(store: Store, proxyAddedTool: boolean): Answerer {
  return async (calls) => {
    if (!proxyAddedTool) {
      const known = await Promise.all(calls.map(async (c) => {
        const ref = refOf(c);
        return ref !== undefined && (await store.get(ref).catch(() => undefined)) !== undefined;
      }));
      if (!known.every(Boolean)) return undefined;
    }
    return Promise.all(calls.map((c) => handleRetrieval(c, { store })));
  };
}

/** The `ref` argument of a call in any format's shape. */
function refOf(call: unknown): string | undefined {
  const c = call as { function?: { arguments?: unknown }; functionCall?: { args?: unknown }; arguments?: unknown; input?: unknown; args?: unknown };
  let args = c.function?.arguments ?? c.functionCall?.args ?? c.arguments ?? c.input ?? c.args;
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      return undefined;
    }
  }
  const ref = (args as { ref?: unknown } | undefined)?.ref;
  return typeof ref === "string" ? ref : undefined;
}
