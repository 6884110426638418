// The whole export list of the core. Only numbers cross this boundary: JS writes UTF-8 input into
// the arena (`alloc`), makes one call per batch, reads results through fresh typed-array views,
// then calls `reset`. Each export has a TS twin in src/core/wasm/twin/ with identical results.

export { alloc, reset } from "./arena";

// hash + lines
export { countLines, hashLines } from "./lines/line-hash";
import { xxh64 } from "./hash/xxhash64";

/** XXH64 of `[ptr, ptr + len)` with a u32 seed (zero-extended); writes the u64 LE at `outPtr`. */
export function hashBytes(ptr: usize, len: u32, seed: u32, outPtr: usize): void {
  store<u64>(outPtr, xxh64(ptr, <usize>len, <u64>seed));
}

/**
 * XXH64 of `n` ranges: `rangesPtr` holds n pairs of u32 `[start, end)` relative to `basePtr`.
 * Writes n u64 LE at `outPtr`, in range order. A range with end < start hashes as empty (no trap).
 */
export function hashRanges(basePtr: usize, rangesPtr: usize, n: u32, seed: u32, outPtr: usize): void {
  const seed64 = <u64>seed;
  for (let i: usize = 0; i < <usize>n; i++) {
    const start = <usize>load<u32>(rangesPtr + (i << 3));
    const end = <usize>load<u32>(rangesPtr + (i << 3), 4);
    store<u64>(outPtr + (i << 3), xxh64(basePtr + start, end > start ? end - start : 0, seed64));
  }
}

// json
export { scanJson } from "./scan/json-scan";
export { minifyRange } from "./scan/json-minify";
export { collectionStats } from "./walk/collection-stats";

// near-duplicate detection (memory)
export { simhash64 } from "./simhash";
