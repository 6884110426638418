/**
 * The worker side. `createHandler` answers requests one at a time (a model session is not
 * shared by concurrent runs) with the same code the inline path runs. Loaded as a module Web
 * Worker it installs itself on `self`; in Node the launcher (`node-worker.ts`) imports it inside
 * a `worker_threads` Worker and wires `parentPort`.
 * @module
 */
import { message } from "./engine.js";
import type { WorkerRequest, WorkerResponse } from "./protocol.js";
import { compressWithEngine, holdEngine, type EngineHolder } from "./run.js";

/**
 * A request handler that posts each response through `post`.
 * @example const handle = createHandler((r) => port.postMessage(r)); port.on("message", handle);
 */
export function createHandler(post: (response: WorkerResponse) => void): (request: WorkerRequest) => void {
  const holders = new Map<string, EngineHolder>();
  let queue: Promise<void> = Promise.resolve();
  return (request) => {
    queue = queue.then(async () => {
      let result;
      try {
        const key = JSON.stringify(request.setup);
        let holder = holders.get(key);
        if (!holder) holders.set(key, (holder = holdEngine(request.setup)));
        result = await compressWithEngine(holder, request.setup.model, request.text, request.opts, request.maxWords);
      } catch (e) {
        result = { error: message(e) };
      }
      post({ id: request.id, result });
    });
  };
}

// A module Web Worker: answer on `self`. (Node has no WorkerGlobalScope, so this is skipped there.)
declare const WorkerGlobalScope: (new () => unknown) | undefined;
if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  const scope = globalThis as unknown as {
    postMessage(message: unknown): void;
    addEventListener(type: "message", listener: (event: { data: WorkerRequest }) => void): void;
  };
  const handle = createHandler((response) => scope.postMessage(response));
  scope.addEventListener("message", (event) => handle(event.data));
}
