/** Counts of one MCP server's session (what `tokenfold_stats` reports besides the stored history). @module */

/** Per-tool counters of one server instance. */
export interface SessionCounts {
  /** When the server was created (epoch ms). */
  startedAt: number;
  compressCalls: number;
  retrieveCalls: number;
  statsCalls: number;
  /** Calls that returned an error result. */
  errors: number;
  /** Tokens of the content handed to `tokenfold_compress`, summed. */
  tokensBefore: number;
  /** Tokens of what `tokenfold_compress` gave back, summed. */
  tokensAfter: number;
  /** tokensBefore − tokensAfter. */
  saved: number;
  /** Refs handed out by `tokenfold_compress`. */
  refs: number;
  /** Tokens returned by `tokenfold_retrieve` (what retrievals cost back). */
  retrievedTokens: number;
}

/**
 * Fresh counters.
 * @example
 * const s = newSession(); s.compressCalls++;
 */
export function newSession(now = Date.now()): SessionCounts {
  return { startedAt: now, compressCalls: 0, retrieveCalls: 0, statsCalls: 0, errors: 0, tokensBefore: 0, tokensAfter: 0, saved: 0, refs: 0, retrievedTokens: 0 };
}
