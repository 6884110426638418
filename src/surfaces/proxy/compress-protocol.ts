/**
 * Messages between the proxy's event loop and its compression thread. Plain data only
 * (structured clone). The thread compresses a request body; the store stays on the main thread
 * (it may be an object the caller passed in, or a Redis connection), so the thread reaches it
 * through `store` calls answered by the main thread.
 * @module
 */
import type { StoreEntry } from "../../core/types.js";
import type { CachedOutput } from "./compress-cache.js";
import type { MessagesOptions } from "../../messages/compress-messages.js";
import type { MessageFormat } from "../../messages/types.js";

/**
 * Main → thread: compress `body` (the client's bytes). `cached`: the main thread's cache entries
 * for the outputs it has seen before, so the thread compresses only the new ones.
 */
export interface CompressRequest {
  kind: "compress";
  id: number;
  format: MessageFormat;
  body: Uint8Array;
  cached: Array<[string, CachedOutput]>;
}

/** Main → thread, once, before any request: the options every request is compressed with. */
export interface SetupRequest {
  kind: "setup";
  options: Omit<MessagesOptions, "store">;
  /**
   * The thread opens the default SQLite store itself (its own connection to the same file) rather
   * than calling the main thread for every ref: set when the proxy uses that store.
   */
  ownSqlite: boolean;
}

/** Main → thread: the answer to a store call. */
export interface StoreReply {
  kind: "store";
  id: number;
  entry?: StoreEntry;
  error?: string;
}

export type ToThread = CompressRequest | SetupRequest | StoreReply;

/** What stats need of a compression (its perMessage without refs or reasons). */
export interface CompressionSummary {
  format: string;
  tokensBefore: number;
  tokensAfter: number;
  perMessage: Array<{ type: string; tokensBefore: number; tokensAfter: number }>;
}

/** Thread → main: the result of request `id`. `body` is absent when the request is unchanged. */
export interface CompressReply {
  kind: "compressed";
  id: number;
  summary?: CompressionSummary;
  body?: Uint8Array;
  /** Whether the body sent upstream declares `tokenfold_retrieve`. */
  hasRetrieveTool?: boolean;
  /** Cache entries of the outputs compressed now (the main thread keeps them for later turns). */
  learned?: Array<[string, CachedOutput]>;
  error?: string;
}

/** Thread → main: a call on the main thread's store. */
export interface StoreCall {
  kind: "store";
  id: number;
  op: "get" | "put";
  ref?: string;
  entry?: StoreEntry;
}

export type FromThread = CompressReply | StoreCall;
