/**
 * Starts the ML worker in Node with `worker_threads`. Loaded only through a dynamic import when
 * running in Node, so `src/compressors` has no static `node:*` import and browser bundles never
 * pull it in. The thread runs a small bootstrap that imports the compiled `worker.js` and wires its
 * handler to `parentPort` (messages sent before that are queued by the port).
 * @module
 */
import { failureLatch, type WorkerEndpoint } from "./protocol.js";

const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.url).then(
  (m) => parentPort.on("message", m.createHandler((r) => parentPort.postMessage(r))),
  (e) => { throw e; },
);
`;

/**
 * Spawns a worker thread running `worker.js` from `url` (a file URL or path).
 * @example const endpoint = await spawnNodeWorker(new URL("./worker.js", import.meta.url));
 */
export async function spawnNodeWorker(url: string | URL): Promise<WorkerEndpoint> {
  const [{ Worker }, { pathToFileURL }] = await Promise.all([import("node:worker_threads"), import("node:url")]);
  const href = url instanceof URL ? url.href : /^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[A-Za-z]:[\\/]/.test(url) ? url : pathToFileURL(url).href;
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { url: href } });
  worker.unref(); // idle workers never keep the process alive
  const { fail, stop, onFailure } = failureLatch();
  worker.on("error", (e) => fail(`ML worker failed: ${e instanceof Error ? e.message : String(e)}`));
  worker.on("exit", (code) => fail(`ML worker exited (code ${code})`));
  return {
    post: (request) => worker.postMessage(request),
    onResponse: (listener) => void worker.on("message", listener),
    onFailure,
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: async () => {
      stop(); // a requested stop is not a failure
      await worker.terminate();
    },
  };
}
