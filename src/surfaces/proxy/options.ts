/**
 * What `startProxy` takes and gives back. Options belong to each proxy; defaults are frozen here.
 * @module
 */
import type { Store } from "../../core/types.js";
import type { MessagesOptions } from "../../messages/compress-messages.js";
import type { MessageFormat } from "../../messages/types.js";
import type { Stats } from "../../stats/types.js";

/** The providers the proxy forwards to. */
export type UpstreamName = "openai" | "anthropic" | "gemini";

/** Options of {@link startProxy}. */
export interface ProxyOptions {
  /** Port to listen on; 0 picks a free one (the CLI defaults to 8787). */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Base URLs of the providers (an origin, optionally with a path prefix). */
  upstreams?: Partial<Record<UpstreamName, string>>;
  /** Where refs go (default: the SQLite store under `$TOKENFOLD_HOME`). */
  store?: Store;
  /** Where each compressed request is recorded (default `openStats()`); `false` records nothing. */
  stats?: Stats | false;
  /** Options of the messages pipeline, for every compressed request. */
  messages?: MessagesOptions;
  /**
   * Compress requests bringing 64 Ki characters or more of new tool output in a worker thread
   * (default true), so a large output never holds back the chunks of other streams. Off, or with
   * function-valued `messages` options, all compression runs on the event loop.
   */
  compressThread?: boolean;
  /** How many `tokenfold_retrieve` rounds the proxy answers itself per request (default 3; 0 = none). */
  retrievalRounds?: number;
  /** Serve `/v1/compress`, `/v1/retrieve` and the stats pages beyond loopback; needs `token` too. */
  allowRemote?: boolean;
  /** The Bearer token remote callers of the local routes must send. */
  token?: string;
  /** Called with each (compressed) body just before it goes upstream; may return a new body (memory injection). */
  beforeUpstream?: (body: unknown, format: MessageFormat) => unknown | Promise<unknown>;
  /** One line per event worth telling (never headers, keys or bodies); default: silent. */
  log?: (line: string) => void;
}

/** A proxy that is listening. */
export interface RunningProxy {
  /** `http://host:port`, no trailing slash. OpenAI clients use `url + "/v1"`, Anthropic clients `url`. */
  url: string;
  host: string;
  port: number;
  /** Stops listening, ends open connections and upstream pools, closes the store and stats it opened. */
  close(): Promise<void>;
}

/** Provider base URLs used when none is given. */
export const DEFAULT_UPSTREAMS = Object.freeze({
  openai: "https://api.openai.com",
  anthropic: "https://api.anthropic.com",
  gemini: "https://generativelanguage.googleapis.com",
} satisfies Record<UpstreamName, string>);

/** Defaults of the proxy's own knobs. */
export const PROXY_DEFAULTS = Object.freeze({
  host: "127.0.0.1",
  retrievalRounds: 3,
  /** Request bodies above this are forwarded without being read into memory for compression. */
  maxBodyBytes: 64 * 1024 * 1024,
  /** Upstream time to first header / between body chunks; LLMs can think for minutes. */
  headersTimeoutMs: 10 * 60_000,
  bodyTimeoutMs: 10 * 60_000,
  keepAliveTimeoutMs: 60_000,
});
