/**
 * Where the proxy's worker threads find their code, and how they start. A worker runs compiled
 * JavaScript: beside this file when running from `dist/`; from the sources (tests run them) the
 * built copy in `dist/`, which `npm test` builds first.
 * @module
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The compiled module `name` (e.g. `compress-thread.js`), or undefined when it is not built. */
export function threadModule(name: string): URL | undefined {
  for (const url of [new URL(`./${name}`, import.meta.url), new URL(`../../../dist/surfaces/proxy/${name}`, import.meta.url)]) {
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/**
 * The worker's entry (`new Worker(THREAD_BOOTSTRAP, { eval: true, workerData: { url } })`): imports
 * the module at `workerData.url` and wires its `createHandler` to the port (messages sent before
 * that wait in the port).
 */
export const THREAD_BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.url).then((m) => parentPort.on("message", m.createHandler((msg, t) => parentPort.postMessage(msg, t))));
`;
