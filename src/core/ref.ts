/**
 * The reference format. A ref names the original input by its content, so the same input always
 * gets the same ref, in every process (prompt caches depend on it):
 *
 * | part   | value                                                                 |
 * |--------|-----------------------------------------------------------------------|
 * | prefix | `tf_`                                                                 |
 * | 16 hex | XXH64(utf8(original), seed 0)                                         |
 * | 8 hex  | high 32 bits of XXH64(utf8(original), seed 1)                         |
 *
 * 96 bits in all: a collision needs ~2^48 distinct stored inputs.
 * @module
 */

/** Matches a well-formed ref anywhere in a text. */
export const REF_PATTERN = /\btf_[0-9a-f]{24}\b/g;

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

/** Builds a ref from the two hashes, each given as `[lo, hi]` 32-bit halves. */
export function formatRef(seed0: readonly [number, number], seed1: readonly [number, number]): string {
  return `tf_${hex8(seed0[1])}${hex8(seed0[0])}${hex8(seed1[1])}`;
}

/** True when `s` is exactly one well-formed ref. */
export function isRef(s: string): boolean {
  return /^tf_[0-9a-f]{24}$/.test(s);
}
