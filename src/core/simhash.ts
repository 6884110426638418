/**
 * TS twin of assembly/simhash.ts: SimHash64 over word shingles, identical results bit for bit.
 * Words are runs of ASCII letters and digits or UTF-8 bytes ≥ 0x80 (ASCII lowered); shingles are
 * k consecutive words joined by one space, each weighted by its XXH64; see the table in the
 * assembly file. Also the small helpers near-duplicate checks need: distance and hex form.
 * @module
 */
import { xxh64 } from "./wasm/twin/xxhash64.js";

const SPACE = 0x20;

// Same test as the assembly file's unsigned `c - 0x30 < 10 || (c | 0x20) - 0x61 < 26`.
const isWordByte = (c: number) => c >= 0x80 || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);

/**
 * SimHash64 of `bytes[0, len)` over shingles of `shingle` words (0 counts as 1).
 * @param bytes UTF-8 input
 * @param len number of bytes to read
 * @param shingle words per shingle
 * @param out receives the hash as (lo, hi) at index 0 and 1
 * @returns the number of shingles hashed (0 when there are no words; the hash is then 0)
 * @example
 * const out = new Uint32Array(2);
 * simhash64(new TextEncoder().encode("Use pnpm, not npm"), 17, 2, out);
 */
export function simhash64(bytes: Uint8Array, len: number, shingle: number, out: Uint32Array): number {
  const k = shingle === 0 ? 1 : shingle >>> 0;
  const text = new Uint8Array(len);
  let q = 0;
  let words = 0;
  let p = 0;
  while (p < len) {
    while (p < len && !isWordByte(bytes[p]!)) p++;
    if (p >= len) break;
    if (words > 0) text[q++] = SPACE;
    while (p < len) {
      let c = bytes[p]!;
      if (!isWordByte(c)) break;
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      text[q++] = c;
      p++;
    }
    words++;
  }
  out[0] = 0;
  out[1] = 0;
  if (words === 0) return 0;
  const sums = new Int32Array(64);
  const h = new Uint32Array(2);
  const add = (start: number, end: number) => {
    xxh64(text, start, end - start, 0, h, 0);
    for (let b = 0; b < 32; b++) sums[b]! += (h[0]! >>> b) & 1 ? 1 : -1;
    for (let b = 0; b < 32; b++) sums[b + 32]! += (h[1]! >>> b) & 1 ? 1 : -1;
  };
  let n = 0;
  if (words <= k) {
    add(0, q);
    n = 1;
  } else {
    let win = 0;
    let s = 0;
    let j = 0;
    while (s < q) {
      let e = s;
      while (e < q && text[e] !== SPACE) e++;
      if (j + 1 >= k) {
        add(win, e);
        n++;
        while (win < q && text[win] !== SPACE) win++;
        win++;
      }
      s = e + 1;
      j++;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) if (sums[b]! > 0) lo |= 1 << b;
  for (let b = 0; b < 32; b++) if (sums[b + 32]! > 0) hi |= 1 << b;
  out[0] = lo >>> 0;
  out[1] = hi >>> 0;
  return n;
}

/** Number of set bits of a u32. */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * Hamming distance of two 64-bit hashes given as `[lo, hi]`.
 * @example
 * hammingDistance([0b1011, 0], [0b0001, 0]); // 2
 */
export function hammingDistance(a: readonly [number, number], b: readonly [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

/**
 * A `[lo, hi]` hash as 16 lowercase hex digits, most significant first.
 * @example
 * hashToHex([0xad770999, 0x44bc2cf5]); // "44bc2cf5ad770999"
 */
export function hashToHex(h: readonly [number, number]): string {
  return (h[1] >>> 0).toString(16).padStart(8, "0") + (h[0] >>> 0).toString(16).padStart(8, "0");
}

/**
 * The inverse of {@link hashToHex}; undefined for anything that is not 16 hex digits.
 * @example
 * hexToHash("44bc2cf5ad770999"); // [0xad770999, 0x44bc2cf5]
 */
export function hexToHash(hex: string): [number, number] | undefined {
  if (!/^[0-9a-f]{16}$/.test(hex)) return undefined;
  return [parseInt(hex.slice(8), 16) >>> 0, parseInt(hex.slice(0, 8), 16) >>> 0];
}
