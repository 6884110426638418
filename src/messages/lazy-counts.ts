/**
 * Token counts read lazily: a messages result counts its request only when someone reads
 * `tokensBefore` (the proxy sends first and counts for its stats after).
 *
 * Why not getters in an object literal: a literal makes new getter closures on every call, and V8
 * records accessors in hidden classes, which live in the old generation. Building each result
 * left such short-lived metadata behind (V8's object stats showed thousands of dead hidden
 * classes, descriptor arrays and IC handlers per full GC), pointing at that call's getters, their
 * closure and all it holds: the whole request. Young-generation GCs count old objects as live
 * until a full GC runs, so they copied and then promoted each request's text and parsed tree.
 * In the proxy that was ~60 KB per request and 3–4 ms young GCs; with getters that are the same
 * functions for every result, ~19 KB (README, Benchmarks). Hence: no object-literal getters on
 * anything made per request.
 * @module
 */

/** What the counts are derived from: the tokens of the whole request and those saved. */
export interface CountSource {
  tokensBefore: number;
  saved: number;
}

/** The lazy fields {@link withLazyCounts} adds. */
export interface LazyCounts {
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly saved: number;
  readonly ratio: number;
}

const COUNT = Symbol("tokenfold.count");
type Counted = { [COUNT]: () => CountSource };

// Shared accessors: own and enumerable (JSON and spreads see them), the same functions every time.
const COUNTS: PropertyDescriptorMap = {
  tokensBefore: { enumerable: true, get(this: Counted) { return this[COUNT]().tokensBefore; } },
  tokensAfter: { enumerable: true, get(this: Counted) { const c = this[COUNT](); return Math.max(0, c.tokensBefore - c.saved); } },
  ratio: { enumerable: true, get(this: Counted) { const c = this[COUNT](); return c.tokensBefore > 0 ? c.saved / c.tokensBefore : 0; } },
};
const SAVED: PropertyDescriptorMap = { saved: { enumerable: true, get(this: Counted) { return this[COUNT]().saved; } } };

/**
 * Adds `tokensBefore`, `tokensAfter` and `ratio` to `target` (and `saved`, unless it has a
 * `saved` of its own already), computed from `count` on first read, once.
 * @example
 * const r = withLazyCounts({ refs: [] }, () => ({ tokensBefore: 100, saved: 60 }));
 * r.tokensAfter; // 40 (count runs now, and only once)
 */
export function withLazyCounts<T extends object>(target: T, count: () => CountSource): T & LazyCounts {
  let counted: CountSource | undefined;
  Object.defineProperty(target, COUNT, { value: () => (counted ??= count()) });
  if (!("saved" in target)) Object.defineProperties(target, SAVED);
  return Object.defineProperties(target, COUNTS) as T & LazyCounts;
}
