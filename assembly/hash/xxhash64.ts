// XXH64, spec-exact (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md), so that hashes
// match every other implementation and the published vectors. Reads raw memory only: wasm is
// little-endian, which is exactly the byte order the spec reads lanes in.
// The TS twin (src/core/wasm/twin/xxhash64.ts) must stay byte-identical to this file's results.

@inline const P1: u64 = 0x9E3779B185EBCA87;
@inline const P2: u64 = 0xC2B2AE3D27D4EB4F;
@inline const P3: u64 = 0x165667B19E3779F9;
@inline const P4: u64 = 0x85EBCA77C2B2AE63;
@inline const P5: u64 = 0x27D4EB2F165667C5;

// One lane step: the spec's `round(acc, lane)`.
@inline function round(acc: u64, lane: u64): u64 {
  return rotl<u64>(acc + lane * P2, 31) * P1;
}

// Folds one lane accumulator into the result after the stripe loop.
@inline function merge(h: u64, acc: u64): u64 {
  return (h ^ round(0, acc)) * P1 + P4;
}

/**
 * XXH64 of the `len` bytes at `ptr`. Never reads outside `[ptr, ptr + len)`.
 * @param ptr  address of the first byte
 * @param len  number of bytes
 * @param seed the 64-bit seed
 * @returns the 64-bit hash
 */
@inline export function xxh64(ptr: usize, len: usize, seed: u64): u64 {
  const end = ptr + len;
  let p = ptr;
  let h: u64;
  if (len >= 32) {
    // Four independent lanes over 32-byte stripes.
    let v1 = seed + P1 + P2;
    let v2 = seed + P2;
    let v3 = seed;
    let v4 = seed - P1;
    const limit = end - 32;
    do {
      v1 = round(v1, load<u64>(p));
      v2 = round(v2, load<u64>(p, 8));
      v3 = round(v3, load<u64>(p, 16));
      v4 = round(v4, load<u64>(p, 24));
      p += 32;
    } while (p <= limit);
    h = rotl<u64>(v1, 1) + rotl<u64>(v2, 7) + rotl<u64>(v3, 12) + rotl<u64>(v4, 18);
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else {
    h = seed + P5;
  }
  h += <u64>len;
  // Tail: 8-byte lanes, then one 4-byte lane, then single bytes.
  while (p + 8 <= end) {
    h = rotl<u64>(h ^ round(0, load<u64>(p)), 27) * P1 + P4;
    p += 8;
  }
  if (p + 4 <= end) {
    h = rotl<u64>(h ^ (<u64>load<u32>(p) * P1), 23) * P2 + P3;
    p += 4;
  }
  while (p < end) {
    h = rotl<u64>(h ^ (<u64>load<u8>(p) * P5), 11) * P1;
    p++;
  }
  // Avalanche.
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}
