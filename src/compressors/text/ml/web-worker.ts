/**
 * Starts the ML worker as a module Web Worker in browsers. `worker.js` installs its own handler
 * on `self`, so this side only adapts the `Worker` object to a `WorkerEndpoint`.
 * @module
 */
import { failureLatch, type WorkerEndpoint, type WorkerResponse } from "./protocol.js";

/**
 * Wraps a started Web Worker.
 * @example webEndpoint(new Worker(new URL("./worker.js", import.meta.url), { type: "module" }))
 */
export function webEndpoint(worker: Worker): WorkerEndpoint {
  const { fail, stop, onFailure } = failureLatch();
  worker.addEventListener("error", (e) => fail(`ML worker failed: ${e.message || "could not start"}`));
  worker.addEventListener("messageerror", () => fail("ML worker sent a message that could not be read"));
  return {
    post: (request) => worker.postMessage(request),
    onResponse: (listener) => worker.addEventListener("message", (e: MessageEvent<WorkerResponse>) => listener(e.data)),
    onFailure,
    terminate: async () => {
      stop();
      worker.terminate();
    },
  };
}
