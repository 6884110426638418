/**
 * The proxy's compression thread (a `worker_threads` worker). Compressing a large tool output
 * takes milliseconds to seconds of CPU; on the event loop that relays every stream, it would hold
 * back the chunks of all other streams for that long. Here it runs beside the relay. The main
 * thread's output cache stays the only one: each request brings the entries it has, and the reply
 * brings back the entries made, so the next turn of the conversation is served from the loop.
 * Refs go to the main thread's store, or to the thread's own connection to the default SQLite file
 * (see compress-protocol.ts).
 * @module
 */
import type { Store, StoreEntry } from "../../core/types.js";
import type { MessagesOptions } from "../../messages/compress-messages.js";
import { createStore } from "../../store/index.js";
import { parseJsonObject } from "./body.js";
import { compressCached, createOutputCache } from "./compress-cache.js";
import type { CompressReply, CompressRequest, FromThread, StoreReply, ToThread } from "./compress-protocol.js";
import { ADAPTERS, declaresRetrieveTool } from "./formats.js";

/**
 * The thread's message handler; `post` sends to the main thread (transferring `transfer`).
 * @example parentPort.on("message", createHandler((m, t) => parentPort.postMessage(m, t)))
 */
export function createHandler(post: (message: FromThread, transfer?: ArrayBuffer[]) => void): (message: ToThread) => void {
  let options: Omit<MessagesOptions, "store"> = {};
  let sqlite: Store | undefined;
  const pending = new Map<number, { ok(e: StoreEntry | undefined): void; fail(e: Error): void }>();
  let next = 0;
  const call = (op: "get" | "put", ref?: string, entry?: StoreEntry) =>
    new Promise<StoreEntry | undefined>((ok, fail) => {
      const id = next++;
      pending.set(id, { ok, fail });
      post({ kind: "store", id, op, ref, entry });
    });
  const remote: Store = {
    name: "proxy-main",
    put: async (entry) => void (await call("put", undefined, entry)),
    get: (ref) => call("get", ref),
  };

  const compress = async (r: CompressRequest): Promise<void> => {
    let reply: CompressReply;
    const transfer: ArrayBuffer[] = [];
    try {
      const parsed = parseJsonObject(r.body);
      if (!parsed) throw new Error("not a JSON object");
      const adapter = ADAPTERS[r.format];
      const cache = createOutputCache();
      for (const [key, entry] of r.cached) cache.set(key, entry);
      const result = await compressCached<unknown>(parsed, adapter, { ...options, format: r.format, store: sqlite ?? remote }, cache, { clientText: () => new TextDecoder().decode(r.body) });
      const known = new Set(r.cached.map(([key]) => key));
      const learned = [...cache.entries()].filter(([key]) => !known.has(key));
      const sent = result.request ?? parsed;
      reply = {
        kind: "compressed",
        id: r.id,
        summary: { format: result.format, tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter, perMessage: result.perMessage.map((m) => ({ type: m.type, tokensBefore: m.tokensBefore, tokensAfter: m.tokensAfter })) },
        hasRetrieveTool: declaresRetrieveTool(adapter, sent),
        learned,
      };
      if (sent !== parsed) {
        const bytes = new TextEncoder().encode(JSON.stringify(sent));
        reply.body = bytes;
        transfer.push(bytes.buffer as ArrayBuffer);
      }
    } catch (e) {
      reply = { kind: "compressed", id: r.id, error: (e as Error).message.split("\n")[0] };
    }
    post(reply, transfer);
  };

  return (m: ToThread) => {
    if (m.kind === "setup") {
      options = m.options;
      if (m.ownSqlite) sqlite = createStore("sqlite");
    }
    else if (m.kind === "compress") void compress(m);
    else settle(pending, m);
  };
}

function settle(pending: Map<number, { ok(e: StoreEntry | undefined): void; fail(e: Error): void }>, m: StoreReply): void {
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  if (m.error !== undefined) p.fail(new Error(m.error));
  else p.ok(m.entry);
}
