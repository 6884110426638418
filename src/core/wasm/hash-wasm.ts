/**
 * Calls the core's hash and line exports on a Uint8Array: copy into the arena, one call, read the
 * results back, reset. Views of `memory.buffer` are made after the calls, because `alloc` may
 * grow memory, which detaches every earlier view.
 * @module
 */
import type { CoreExports } from "./instance.js";

type HashBytes = (ptr: number, len: number, seed: number, outPtr: number) => void;
type CountLines = (ptr: number, len: number) => number;
type HashLines = (ptr: number, len: number, masked: number, seed: number, outPtr: number, scratchPtr: number) => number;

// alloc returns 0 when memory cannot grow; callers get an exception only here, at the boundary.
function allocOrThrow(ex: CoreExports, len: number): number {
  const ptr = ex.alloc(len);
  if (ptr === 0) {
    ex.reset();
    throw new RangeError(`[tokenfold] [core] out of wasm memory for ${len} bytes`);
  }
  return ptr;
}

/**
 * XXH64 of `bytes` in the core.
 * @param ex the core's exports (see `coreExports`)
 * @param bytes input
 * @param seed u32 seed
 * @returns the hash as [lo, hi] (u32 each)
 * @example
 * wasmXxh64(coreExports(), new TextEncoder().encode("abc"), 0); // [0xad770999, 0x44bc2cf5]
 */
export function wasmXxh64(ex: CoreExports, bytes: Uint8Array, seed: number): [number, number] {
  try {
    const ptr = allocOrThrow(ex, bytes.length);
    const outPtr = allocOrThrow(ex, 8);
    new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
    (ex.hashBytes as HashBytes)(ptr, bytes.length, seed >>> 0, outPtr);
    const out = new Uint32Array(ex.memory.buffer, outPtr, 2);
    return [out[0], out[1]];
  } finally {
    ex.reset();
  }
}

/**
 * Line ranges and XXH64 per line, computed in the core.
 * @param ex the core's exports
 * @param bytes UTF-8 input
 * @param masked hash lines with numbers and ids masked (see assembly/lines/line-hash.ts)
 * @param seed u32 seed
 * @returns 4 u32 per line: start, end, hash lo, hash hi (a copy, safe after reset)
 * @example
 * wasmHashLines(coreExports(), new TextEncoder().encode("a\nb"), false, 0).length; // 8
 */
export function wasmHashLines(ex: CoreExports, bytes: Uint8Array, masked: boolean, seed: number): Uint32Array {
  try {
    const len = bytes.length;
    const ptr = allocOrThrow(ex, len);
    new Uint8Array(ex.memory.buffer, ptr, len).set(bytes);
    const n = (ex.countLines as CountLines)(ptr, len);
    const outPtr = allocOrThrow(ex, n * 16);
    const scratchPtr = masked ? allocOrThrow(ex, len) : 0;
    const got = (ex.hashLines as HashLines)(ptr, len, masked ? 1 : 0, seed >>> 0, outPtr, scratchPtr);
    return new Uint32Array(ex.memory.buffer, outPtr, got * 4).slice();
  } finally {
    ex.reset();
  }
}
