/**
 * The tokenfold Web Worker (a module worker). It listens at once and loads the engine on the
 * first call: a worker that awaits anything before `expose` loses comlink's first messages
 * (see the comlink note in deps.md), and a page that never compresses never pays for the engine.
 * @module
 */
import * as Comlink from "comlink";
import type { TokenfoldWorkerApi } from "./protocol.js";

let engine: Promise<TokenfoldWorkerApi> | undefined;
const load = () => (engine ??= import("./engine.js").then((m) => m.workerApi));

const api: TokenfoldWorkerApi = {
  configure: async (config) => (await load()).configure(config),
  compress: async (input, options) => (await load()).compress(input, options),
  retrieve: async (ref, options) => (await load()).retrieve(ref, options),
  info: async () => (await load()).info(),
};

Comlink.expose(api);
