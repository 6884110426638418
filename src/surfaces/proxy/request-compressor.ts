/**
 * Compresses a chat request for the proxy. A request whose new tool outputs (those not in the
 * output cache) are small is compressed on the event loop: about a millisecond, less than a
 * hand-off to a thread costs. One with 64 Ki characters or more of new output goes to the
 * compression thread (compress-thread.ts), where its milliseconds to seconds of CPU do not hold
 * back the chunks of every other stream; the entries it makes come back into the cache, so the
 * next turn of that conversation is cheap on the loop again. Everything runs on the event loop
 * when the thread is turned off, the messages options hold functions (hooks cannot cross
 * threads), or the thread cannot start or dies (a request in flight then is compressed on the
 * loop). The bytes sent upstream are the same either way.
 * @module
 */
import { Worker } from "node:worker_threads";
import type { Store } from "../../core/types.js";
import type { MessagesOptions } from "../../messages/compress-messages.js";
import type { MessageFormat } from "../../messages/types.js";
import { compressCached, createOutputCache, pendingWork } from "./compress-cache.js";
import type { CompressionSummary, CompressReply, FromThread, ToThread } from "./compress-protocol.js";
import { decodeUtf8 } from "./body.js";
import { ADAPTERS, declaresRetrieveTool } from "./formats.js";
import { THREAD_BOOTSTRAP, threadModule } from "./thread-module.js";

/** A request after compression. */
export interface Compressed {
  /**
   * For stats, read after the request has gone (token counts are lazy); undefined when
   * compression failed (the original is sent). A method, not a getter: see messages/lazy-counts.ts.
   */
  summary?: () => CompressionSummary;
  /** Why compression failed, when it did. */
  error?: string;
  /** True when `bytes` differ from the client's. */
  changed: boolean;
  /** The bytes to send upstream. */
  bytes: Uint8Array;
  /** The body to send upstream, parsed on first use (only hooks and the retrieval loop need it). */
  body(): unknown;
  /** Whether that body declares `tokenfold_retrieve`. */
  hasRetrieveTool: boolean;
}

export interface RequestCompressor {
  /** `text`: the bytes already decoded, when the caller has them (stats count it rather than decode the bytes again). */
  compress(parsed: Record<string, unknown>, bytes: Uint8Array, format: MessageFormat, text?: string): Promise<Compressed>;
  /** False once large bodies can no longer go to the thread (turned off, hooks, failed to start, died, closed). */
  readonly threaded: boolean;
  close(): Promise<void>;
}

export interface RequestCompressorOptions {
  store: Store;
  /** `store` is the default SQLite store: the thread opens its own connection to it. */
  defaultSqliteStore?: boolean;
  messages: MessagesOptions;
  /** Compress requests with much new output in a worker thread (default true). */
  thread?: boolean;
  /** Requests with at least this many characters of new tool output go to the thread (default {@link THREAD_ABOVE_CHARS}). */
  threadAbove?: number;
  log?: (line: string) => void;
}

/** Default amount of new tool output from which a request is compressed in the thread: 64 Ki characters (~5 ms of compression and up). */
export const THREAD_ABOVE_CHARS = 64 * 1024;

/** Creates the compressor; the thread starts with the first large body. */
export function createRequestCompressor(o: RequestCompressorOptions): RequestCompressor {
  const log = o.log ?? (() => {});
  const cache = createOutputCache();
  /** `keys`: the outputs' cache keys when already worked out; `text`: the bytes decoded, when the caller has them. */
  const onLoop = async (parsed: Record<string, unknown>, bytes: Uint8Array, format: MessageFormat, { keys, text }: { keys?: Array<string | undefined>; text?: string } = {}): Promise<Compressed> => {
    const adapter = ADAPTERS[format];
    const clientText = () => text ?? decodeUtf8(bytes);
    try {
      const result = await compressCached<unknown>(parsed, adapter, { ...o.messages, format, store: o.store }, cache, { keys, clientText });
      const sent = result.request ?? parsed;
      const changed = sent !== parsed;
      return {
        summary: () => ({ format: result.format, tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter, perMessage: result.perMessage }),
        changed,
        bytes: changed ? Buffer.from(JSON.stringify(sent)) : bytes,
        body: () => sent,
        hasRetrieveTool: declaresRetrieveTool(adapter, sent),
      };
    } catch (e) {
      return failed(parsed, bytes, adapter, (e as Error).message.split("\n")[0]!);
    }
  };

  const threadAbove = o.threadAbove ?? THREAD_ABOVE_CHARS;
  const pending = new Map<number, { parsed: Record<string, unknown>; bytes: Uint8Array; format: MessageFormat; done(c: Promise<Compressed>): void }>();
  let next = 0;
  // undefined: not started yet (it starts with the first large body); false: not available
  let thread: Worker | false | undefined = o.thread === false ? false : undefined;
  const stop = (why: string | undefined) => {
    if (!thread) return;
    const w = thread;
    thread = false;
    if (why) log(`compression thread stopped (${why}); compressing on the event loop from now on`);
    for (const p of pending.values()) p.done(onLoop(p.parsed, p.bytes, p.format));
    pending.clear();
    return w;
  };
  const start = (): Worker | false => {
    const w = startThread(o, log);
    if (!w) return false;
    w.on("message", (m: FromThread) => {
      if (m.kind === "store") {
        answerStore(o.store, m.op, m.ref, m.entry).then(
          (entry) => w.postMessage({ kind: "store", id: m.id, entry } satisfies ToThread),
          (e: Error) => w.postMessage({ kind: "store", id: m.id, error: e.message } satisfies ToThread),
        );
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      for (const [key, entry] of m.learned ?? []) cache.set(key, entry);
      p.done(Promise.resolve(fromThread(m, p.parsed, p.bytes, p.format)));
    });
    w.on("error", (e) => stop(e.message));
    w.on("exit", (code) => stop(`exit code ${code}`));
    return w;
  };

  return {
    get threaded() {
      return thread !== false;
    },
    compress(parsed, bytes, format, text) {
      if (thread === false || bytes.byteLength < threadAbove) return onLoop(parsed, bytes, format, { text });
      let work: ReturnType<typeof pendingWork>;
      try {
        work = pendingWork(parsed, ADAPTERS[format], o.messages, cache);
      } catch {
        return onLoop(parsed, bytes, format, { text }); // an odd body: the loop reports its error
      }
      if (work.newChars < threadAbove) return onLoop(parsed, bytes, format, { keys: work.keys, text });
      const w = (thread ??= start());
      if (!w) return onLoop(parsed, bytes, format, { text });
      return new Promise<Compressed>((ok) => {
        const id = next++;
        pending.set(id, { parsed, bytes, format, done: (c) => void c.then(ok) });
        w.ref(); // a request in flight keeps the process up
        w.postMessage({ kind: "compress", id, format, body: bytes, cached: work.hits } satisfies ToThread);
      });
    },
    async close() {
      const w = stop(undefined);
      if (w) await w.terminate();
    },
  };
}

function startThread(o: RequestCompressorOptions, log: (line: string) => void): Worker | undefined {
  const { store: _store, ...options } = o.messages;
  try {
    structuredClone(options);
  } catch {
    log("the messages options hold functions (hooks); compressing on the event loop");
    return undefined;
  }
  const url = threadModule("compress-thread.js");
  if (!url) {
    log("compress-thread.js not found (build first); compressing on the event loop");
    return undefined;
  }
  const worker = new Worker(THREAD_BOOTSTRAP, { eval: true, workerData: { url: url.href } });
  worker.unref(); // an idle thread never keeps the process alive
  worker.postMessage({ kind: "setup", options, ownSqlite: o.defaultSqliteStore === true } satisfies ToThread);
  return worker;
}

async function answerStore(store: Store, op: "get" | "put", ref: string | undefined, entry: Parameters<Store["put"]>[0] | undefined) {
  if (op === "put") {
    await store.put(entry!);
    return undefined;
  }
  return store.get(ref!);
}

function fromThread(m: CompressReply, parsed: Record<string, unknown>, bytes: Uint8Array, format: MessageFormat): Compressed {
  const adapter = ADAPTERS[format];
  if (m.error !== undefined || !m.summary) return failed(parsed, bytes, adapter, m.error ?? "no result");
  const summary = m.summary;
  if (!m.body) return { summary: () => summary, changed: false, bytes, body: () => parsed, hasRetrieveTool: m.hasRetrieveTool === true };
  const sent = m.body;
  let body: unknown;
  return {
    summary: () => summary,
    changed: true,
    bytes: sent,
    body: () => (body ??= JSON.parse(decodeUtf8(sent))),
    hasRetrieveTool: m.hasRetrieveTool === true,
  };
}

function failed(parsed: Record<string, unknown>, bytes: Uint8Array, adapter: (typeof ADAPTERS)[MessageFormat], error: string): Compressed {
  return { error, changed: false, bytes, body: () => parsed, hasRetrieveTool: declaresRetrieveTool(adapter, parsed) };
}
