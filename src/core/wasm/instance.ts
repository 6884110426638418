/**
 * Instantiates the AssemblyScript core from the bytes embedded at build time. Picks the SIMD build
 * when the engine validates it, else the scalar build; both give identical results.
 * @module
 */
import { CORE_SCALAR_WASM_BASE64, CORE_SIMD_WASM_BASE64 } from "./core-bytes.generated.js";

/** The raw exports of the core (numbers only; see assembly/index.ts). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  alloc(len: number): number;
  reset(): void;
  [name: string]: unknown;
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let cached: CoreExports | undefined;

/** Whether this engine can run the SIMD build (a validation probe, nothing is executed). */
export function simdSupported(): boolean {
  return WebAssembly.validate(decodeBase64(CORE_SIMD_WASM_BASE64) as BufferSource);
}

/**
 * The core's exports, instantiated once per realm. Synchronous on purpose: the module is small
 * (tens of KB), and compress() should not pay an await for it.
 */
export function coreExports(prefer: "simd" | "scalar" = "simd"): CoreExports {
  if (cached && prefer === "simd") return cached;
  const simd = decodeBase64(CORE_SIMD_WASM_BASE64);
  const bytes = prefer === "simd" && WebAssembly.validate(simd as BufferSource) ? simd : decodeBase64(CORE_SCALAR_WASM_BASE64);
  const mod = new WebAssembly.Module(bytes as BufferSource);
  const inst = new WebAssembly.Instance(mod, {
    env: {
      abort(_msg: number, _file: number, line: number, col: number) {
        throw new Error(`[tokenfold] [core] wasm abort at ${line}:${col}`);
      },
    },
  });
  const ex = inst.exports as unknown as CoreExports;
  if (prefer === "simd") cached = ex;
  return ex;
}
