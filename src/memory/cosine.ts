/**
 * Cosine similarity of two embedding vectors, for the memory's embedding near-duplicate check.
 * @module
 */

/**
 * Cosine similarity of `a` and `b`; 0 when their lengths differ or either is all zeros.
 * @example
 * cosine(Float32Array.of(1, 0), Float32Array.of(1, 1)); // ≈ 0.7071
 */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
