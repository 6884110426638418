/**
 * The thread side of the proxy's store writer (store-writer.ts): it writes the default SQLite store
 * for the event loop, over a connection of its own, so each write, and the WAL checkpoint with its
 * fsyncs that follows every ~400 KB written, happens here instead of on the loop that relays every
 * stream. (The compression thread, when it runs, writes its refs over its own connection too.)
 * @module
 */
import type { StoreEntry } from "../../core/types.js";
import { createStore } from "../../store/index.js";

/** Main → thread: write `entry`. */
export interface WriteRequest {
  kind: "put";
  entry: StoreEntry;
}

/** Thread → main: `ref` is written (or failed with `error`). */
export interface WriteReply {
  kind: "written";
  ref: string;
  error?: string;
}

/**
 * The thread's message handler; `post` sends to the main thread. Writes run one after another,
 * in the order they came.
 * @example parentPort.on("message", createHandler((m) => parentPort.postMessage(m)))
 */
export function createHandler(post: (message: WriteReply) => void): (message: WriteRequest) => void {
  const store = createStore("sqlite"); // the default file: $TOKENFOLD_HOME is the main thread's
  let last: Promise<void> = Promise.resolve();
  return (m) => {
    last = last.then(() =>
      store.put(m.entry).then(
        () => post({ kind: "written", ref: m.entry.ref }),
        (e: Error) => post({ kind: "written", ref: m.entry.ref, error: e.message.split("\n")[0] }),
      ),
    );
  };
}
