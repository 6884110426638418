/**
 * TS twin of assembly/hash/xxhash64.ts: XXH64, spec-exact, with identical results.
 *
 * No BigInt: a u64 is carried as two int32 halves and multiplied with 16-bit partial products
 * (the low half with Math.imul), so the hot loop stays in small-integer arithmetic that V8
 * optimises. Helpers return the low half and leave the high half in `H`, the same trick wasm2js
 * uses for i64 results (`i64toi32_i32$HIGH_BITS`): no array or object per operation. `H` is only
 * meaningful right after a helper returns, and nothing outlives a call.
 * @module
 */

// The five primes of the spec, split into halves (| 0 keeps them int32).
const P1H = 0x9e3779b1 | 0, P1L = 0x85ebca87 | 0;
const P2H = 0xc2b2ae3d | 0, P2L = 0x27d4eb4f | 0;
const P3H = 0x165667b1 | 0, P3L = 0x9e3779f9 | 0;
const P4H = 0x85ebca77 | 0, P4L = 0xc2b2ae63 | 0;
const P5H = 0x27d4eb2f | 0, P5L = 0x165667c5 | 0;
// -P1 mod 2^64, so that `seed - P1` is an add.
const NP1H = 0x61c8864e | 0, NP1L = 0x7a143579 | 0;

/** High half of the last helper's result. */
let H = 0;

/** (a * b) mod 2^64; returns the low half, high half in H. */
function mul(aH: number, aL: number, bH: number, bL: number): number {
  const a0 = aL & 0xffff, a1 = aL >>> 16;
  const b0 = bL & 0xffff, b1 = bL >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
  // Carry of the low 32 bits of aL * bL into the high half.
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  H = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(aH, bL) + Math.imul(aL, bH)) | 0;
  return Math.imul(aL, bL);
}

/** (a + b) mod 2^64; returns the low half, high half in H. */
function add(aH: number, aL: number, bH: number, bL: number): number {
  const lo = (aL + bL) | 0;
  H = (aH + bH + ((lo >>> 0) < (aL >>> 0) ? 1 : 0)) | 0;
  return lo;
}

/** The spec's round(acc, lane) = rotl(acc + lane * P2, 31) * P1; low half returned, high in H. */
function round(accH: number, accL: number, lnH: number, lnL: number): number {
  const mL = mul(lnH, lnL, P2H, P2L);
  const sL = add(accH, accL, H, mL);
  const sH = H;
  return mul((sH << 31) | (sL >>> 1), (sL << 31) | (sH >>> 1), P1H, P1L);
}

/** h = (h ^ round(0, acc)) * P1 + P4, the merge after the stripe loop; low half returned. */
function merge(hH: number, hL: number, accH: number, accL: number): number {
  const rL = round(0, 0, accH, accL);
  const mL = mul(hH ^ H, hL ^ rL, P1H, P1L);
  return add(H, mL, P4H, P4L);
}

/** Little-endian int32 at `p`. */
function u32le(b: Uint8Array, p: number): number {
  return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
}

/**
 * XXH64 of `buf[start, start + len)` with a u32 seed (zero-extended, as in the wasm export).
 * Writes the low half at `out[outIndex]` and the high half at `out[outIndex + 1]`.
 * @param buf the bytes ("memory")
 * @param start offset of the first byte
 * @param len number of bytes
 * @param seed u32 seed
 * @param out receives the hash as (lo, hi)
 * @param outIndex where lo goes
 * @example
 * const out = new Uint32Array(2);
 * xxh64(new TextEncoder().encode("abc"), 0, 3, 0, out, 0); // out = [0xad770999, 0x44bc2cf5]
 */
export function xxh64(buf: Uint8Array, start: number, len: number, seed: number, out: Uint32Array, outIndex: number): void {
  const end = start + len;
  const sL = seed | 0;
  let p = start;
  let hH: number, hL: number;
  if (len >= 32) {
    let v1L = add(0, sL, P1H, P1L);
    v1L = add(H, v1L, P2H, P2L);
    let v1H = H;
    let v2L = add(0, sL, P2H, P2L);
    let v2H = H;
    let v3L = sL, v3H = 0;
    let v4L = add(0, sL, NP1H, NP1L);
    let v4H = H;
    const limit = end - 32;
    // DataView reads are about 1.7x faster than four byte loads here (measured on 10 MB); one
    // view per call is cheap next to a 32+ byte input.
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    do {
      v1L = round(v1H, v1L, dv.getInt32(p + 4, true), dv.getInt32(p, true));
      v1H = H;
      v2L = round(v2H, v2L, dv.getInt32(p + 12, true), dv.getInt32(p + 8, true));
      v2H = H;
      v3L = round(v3H, v3L, dv.getInt32(p + 20, true), dv.getInt32(p + 16, true));
      v3H = H;
      v4L = round(v4H, v4L, dv.getInt32(p + 28, true), dv.getInt32(p + 24, true));
      v4H = H;
      p += 32;
    } while (p <= limit);
    // h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)
    hL = add((v1H << 1) | (v1L >>> 31), (v1L << 1) | (v1H >>> 31), (v2H << 7) | (v2L >>> 25), (v2L << 7) | (v2H >>> 25));
    hL = add(H, hL, (v3H << 12) | (v3L >>> 20), (v3L << 12) | (v3H >>> 20));
    hL = add(H, hL, (v4H << 18) | (v4L >>> 14), (v4L << 18) | (v4H >>> 14));
    hH = H;
    hL = merge(hH, hL, v1H, v1L); hH = H;
    hL = merge(hH, hL, v2H, v2L); hH = H;
    hL = merge(hH, hL, v3H, v3L); hH = H;
    hL = merge(hH, hL, v4H, v4L); hH = H;
  } else {
    hL = add(0, sL, P5H, P5L);
    hH = H;
  }
  // h += len (len < 2^32 here; a Uint8Array cannot be longer in practice).
  hL = add(hH, hL, 0, len | 0);
  hH = H;
  // Tail: 8-byte lanes, then one 4-byte lane, then single bytes.
  while (p + 8 <= end) {
    const kL = round(0, 0, u32le(buf, p + 4), u32le(buf, p));
    const xH = hH ^ H, xL = hL ^ kL;
    // rotl(h ^ k, 27) * P1 + P4
    const mL = mul((xH << 27) | (xL >>> 5), (xL << 27) | (xH >>> 5), P1H, P1L);
    hL = add(H, mL, P4H, P4L);
    hH = H;
    p += 8;
  }
  if (p + 4 <= end) {
    const kL = mul(0, u32le(buf, p), P1H, P1L);
    const xH = hH ^ H, xL = hL ^ kL;
    // rotl(h ^ k, 23) * P2 + P3
    const mL = mul((xH << 23) | (xL >>> 9), (xL << 23) | (xH >>> 9), P2H, P2L);
    hL = add(H, mL, P3H, P3L);
    hH = H;
    p += 4;
  }
  while (p < end) {
    const kL = mul(0, buf[p], P5H, P5L);
    const xH = hH ^ H, xL = hL ^ kL;
    // rotl(h ^ k, 11) * P1
    hL = mul((xH << 11) | (xL >>> 21), (xL << 11) | (xH >>> 21), P1H, P1L);
    hH = H;
    p++;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hL ^= hH >>> 1;
  hL = mul(hH, hL, P2H, P2L);
  hH = H;
  hL ^= (hL >>> 29) | (hH << 3);
  hH ^= hH >>> 29;
  hL = mul(hH, hL, P3H, P3L);
  hH = H;
  hL ^= hH;
  out[outIndex] = hL;
  out[outIndex + 1] = hH;
}

const pair = new Uint32Array(2);

/**
 * XXH64 of all of `buf` as 16 lowercase hex digits, most significant first (as xxhsum prints it).
 * @param buf the bytes
 * @param seed u32 seed, default 0
 * @returns e.g. "44bc2cf5ad770999" for "abc"
 * @example
 * xxh64Hex(new Uint8Array(0)); // "ef46db3751d8e999"
 */
export function xxh64Hex(buf: Uint8Array, seed = 0): string {
  xxh64(buf, 0, buf.length, seed, pair, 0);
  return pair[1].toString(16).padStart(8, "0") + pair[0].toString(16).padStart(8, "0");
}
