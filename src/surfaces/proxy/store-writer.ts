/**
 * The proxy's default store (SQLite under `$TOKENFOLD_HOME`) with its writes on a worker thread
 * (store-writer-thread.ts). better-sqlite3 is synchronous: on the event loop, each write took
 * ~0.1–0.4 ms before the request could leave, one per ~400 KB written ran a WAL checkpoint with
 * two fsyncs (2–8 ms), a stall for every stream, and a file locked by another process would hold
 * the loop for up to the busy timeout (5 s). Here `put` hands the entry to the thread and returns;
 * until the thread has written it, `get` and `has` answer from memory, so a ref is retrievable the
 * moment its request goes upstream. Reads stay on the loop (WAL readers do not wait for the
 * writer).
 *
 * If the thread cannot start or dies, writes go back to the loop (the entries it had not written
 * are written there). A write the thread reports failed is kept in memory for the life of the
 * process, so the ref the model was sent still retrieves its original here.
 * @module
 */
import { Worker } from "node:worker_threads";
import type { Store, StoreEntry } from "../../core/types.js";
import type { SqliteStore } from "../../store/index.js";
import type { WriteReply, WriteRequest } from "./store-writer-thread.js";
import { THREAD_BOOTSTRAP, threadModule } from "./thread-module.js";

/** A store whose writes may still be on their way to disk. */
export interface StoreWithWriter extends Store {
  /** True while writes go to the thread. */
  readonly threaded: boolean;
  /** Resolves once every write handed to the thread so far has been written (or has failed). */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wraps `store` (the default SQLite store, read on the loop) with a writer thread of its own
 * connection to the same file. `threadUrl`: the thread's module (tests pass another).
 */
export function withStoreWriter(store: SqliteStore, log: (line: string) => void = () => {}, threadUrl = threadModule("store-writer-thread.js")): StoreWithWriter {
  /** Entries handed to the thread and not yet written, with how many writes of each are out. */
  const inFlight = new Map<string, { entry: StoreEntry; out: number }>();
  /** Entries whose write failed: kept for the life of the process. */
  const held = new Map<string, StoreEntry>();
  let waiting: Array<() => void> = [];
  /** The writes a stopped thread handed back, under way on the loop. */
  let rewriting: Promise<unknown> = Promise.resolve();
  // undefined: not started yet (it starts with the first write); false: writes run on the loop
  let worker: Worker | false | undefined;

  const settleWaiting = () => {
    if (inFlight.size > 0) return;
    const w = waiting;
    waiting = [];
    for (const done of w) done();
  };
  const stop = (why: string | undefined): Worker | undefined => {
    if (!worker) {
      worker = false;
      return undefined;
    }
    const w = worker;
    worker = false;
    if (why) log(`store writer thread stopped (${why}); writing on the event loop from now on`);
    const left = [...inFlight.values()].map((f) => f.entry);
    inFlight.clear();
    rewriting = Promise.all(left.map(writeOnLoop));
    settleWaiting();
    return w;
  };
  const hold = (entry: StoreEntry, why: string) => {
    held.set(entry.ref, entry);
    log(`a ref could not be written to the store (${why}); kept in memory while the proxy runs`);
  };
  const writeOnLoop = (entry: StoreEntry): Promise<void> => store.put(entry).catch((e: Error) => hold(entry, e.message.split("\n")[0]!));
  const start = (): Worker | false => {
    if (!threadUrl) {
      log("store-writer-thread.js not found (build first); writing the store on the event loop");
      return false;
    }
    const w = new Worker(THREAD_BOOTSTRAP, { eval: true, workerData: { url: threadUrl.href } });
    w.unref(); // an idle writer never keeps the process alive
    w.on("message", (m: WriteReply) => {
      const f = inFlight.get(m.ref);
      if (!f) return;
      if (m.error !== undefined) hold(f.entry, m.error);
      if (--f.out === 0) inFlight.delete(m.ref);
      if (inFlight.size === 0) w.unref();
      settleWaiting();
    });
    w.on("error", (e) => stop(e.message));
    w.on("exit", (code) => stop(`exit code ${code}`));
    return w;
  };

  const flushed = async (): Promise<void> => {
    if (inFlight.size > 0) await new Promise<void>((done) => waiting.push(done));
    await rewriting;
  };

  return {
    name: store.name,
    get threaded() {
      return worker !== false;
    },
    async put(entry) {
      const w = (worker ??= start());
      if (!w) return writeOnLoop(entry);
      const f = inFlight.get(entry.ref);
      if (f) f.out++;
      else inFlight.set(entry.ref, { entry, out: 1 });
      w.ref(); // a write on its way keeps the process up
      w.postMessage({ kind: "put", entry } satisfies WriteRequest);
    },
    async get(ref) {
      return inFlight.get(ref)?.entry ?? held.get(ref) ?? store.get(ref);
    },
    async has(ref) {
      if (inFlight.has(ref) || held.has(ref)) return true;
      return store.has ? store.has(ref) : (await store.get(ref)) !== undefined;
    },
    flushed,
    async close() {
      if (worker) await flushed();
      const w = stop(undefined);
      if (w) await w.terminate();
      await store.close();
    },
  };
}
