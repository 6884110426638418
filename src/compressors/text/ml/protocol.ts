/**
 * The worker's wire format: one request per compression, answered by one response with the same
 * id. Plain data only (structured clone), so the same messages serve Node `worker_threads` and
 * browser Web Workers without comlink.
 * @module
 */
import type { EngineSetup } from "./engine.js";
import type { MlCompressOptions, MlResult } from "./run.js";

/** Compress `text` with the model of `setup`. */
export interface WorkerRequest {
  id: number;
  setup: EngineSetup;
  text: string;
  opts: MlCompressOptions;
  maxWords?: number;
}

/** The answer to request `id` (a failure is an `{ error }` result, never an exception). */
export interface WorkerResponse {
  id: number;
  result: MlResult;
}

/** A running worker as the main thread sees it; Node and browser launchers both return one. */
export interface WorkerEndpoint {
  post(request: WorkerRequest): void;
  /** Called for every response. */
  onResponse(listener: (response: WorkerResponse) => void): void;
  /** Called once if the worker dies (crash, failed start, exit); pending requests then fail. */
  onFailure(listener: (error: string) => void): void;
  /** Node: keep the process alive only while requests are pending. */
  setBusy?(busy: boolean): void;
  terminate(): Promise<void>;
}

/** A one-shot failure signal: the first `fail` reaches every listener; later ones and `stop` are ignored. */
export function failureLatch(): { fail(error: string): void; stop(): void; onFailure(listener: (error: string) => void): void } {
  let done = false;
  const listeners: ((error: string) => void)[] = [];
  return {
    fail(error) {
      if (done) return;
      done = true;
      for (const f of listeners) f(error);
    },
    stop: () => void (done = true),
    onFailure: (listener) => void listeners.push(listener),
  };
}
