import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { xxh64, xxh64Hex } from "./xxhash64.js";
import { coreExports } from "../instance.js";
import { wasmXxh64 } from "../hash-wasm.js";

// Oracle: a direct BigInt transcription of the XXH64 spec. Slow and obvious on purpose.
const M = (1n << 64n) - 1n;
const Q1 = 0x9e3779b185ebca87n, Q2 = 0xc2b2ae3d27d4eb4fn, Q3 = 0x165667b19e3779f9n;
const Q4 = 0x85ebca77c2b2ae63n, Q5 = 0x27d4eb2f165667c5n;
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M;
const rd = (acc: bigint, lane: bigint) => (rotl((acc + lane * Q2) & M, 31n) * Q1) & M;
const le = (b: Uint8Array, p: number, n: number) => {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[p + i]);
  return v;
};
function oracle(b: Uint8Array, seed: bigint): bigint {
  const len = b.length;
  let p = 0;
  let h: bigint;
  if (len >= 32) {
    const v = [(seed + Q1 + Q2) & M, (seed + Q2) & M, seed, (seed - Q1) & M];
    for (; p + 32 <= len; p += 32) for (let i = 0; i < 4; i++) v[i] = rd(v[i], le(b, p + 8 * i, 8));
    h = (rotl(v[0], 1n) + rotl(v[1], 7n) + rotl(v[2], 12n) + rotl(v[3], 18n)) & M;
    for (const x of v) h = (((h ^ rd(0n, x)) * Q1) & M) + Q4 & M;
  } else h = (seed + Q5) & M;
  h = (h + BigInt(len)) & M;
  for (; p + 8 <= len; p += 8) h = (rotl(h ^ rd(0n, le(b, p, 8)), 27n) * Q1 + Q4) & M;
  if (p + 4 <= len) (h = (rotl(h ^ ((le(b, p, 4) * Q1) & M), 23n) * Q2 + Q3) & M), (p += 4);
  for (; p < len; p++) h = (rotl(h ^ ((BigInt(b[p]) * Q5) & M), 11n) * Q1) & M;
  h ^= h >> 33n;
  h = (h * Q2) & M;
  h ^= h >> 29n;
  h = (h * Q3) & M;
  return h ^ (h >> 32n);
}

const enc = (s: string) => new TextEncoder().encode(s);
const hex = (v: bigint) => v.toString(16).padStart(16, "0");
function twinHex(b: Uint8Array, seed: number, start = 0, len = b.length): string {
  const out = new Uint32Array(2);
  xxh64(b, start, len, seed, out, 0);
  return out[1].toString(16).padStart(8, "0") + out[0].toString(16).padStart(8, "0");
}
const pairHex = ([lo, hi]: [number, number]) => hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");

// The xxhsum sanity buffer: 101 bytes from a u32 generator that squares itself.
const PRIME = 2654435761;
const sanity = new Uint8Array(101);
for (let i = 0, g = PRIME; i < sanity.length; i++) {
  sanity[i] = g >>> 24;
  g = Math.imul(g, g) >>> 0;
}

// [input, seed, expected] from xxhsum's BMK_sanityCheck, plus two well-known strings.
const VECTORS: Array<[Uint8Array, number, string]> = [
  [enc(""), 0, "ef46db3751d8e999"],
  [enc(""), PRIME, "ac75fda2929b17ef"],
  [enc("abc"), 0, "44bc2cf5ad770999"],
  [sanity.subarray(0, 1), 0, "4fce394cc88952d8"],
  [sanity.subarray(0, 1), PRIME, "739840cb819fa723"],
  [sanity.subarray(0, 4), 0, "9256e58aa397aef1"],
  [sanity.subarray(0, 4), PRIME, "09d5ffdfb928ab4b"],
  [sanity.subarray(0, 8), 0, "f74cb1451b32b8cf"],
  [sanity.subarray(0, 8), PRIME, "9c44b77fbcc302c5"],
  [sanity.subarray(0, 14), 0, "cffa8db881bc3a3d"],
  [sanity.subarray(0, 14), PRIME, "5b9611585efcc9cb"],
  [sanity.subarray(0, 32), 0, "af5753d39159edee"],
  [sanity.subarray(0, 32), PRIME, "dcab9233b8ca7b0f"],
  [sanity, 0, "0eab543384f878ad"],
  [sanity, PRIME, "caa65939306f1e21"],
];

const ex = coreExports("simd");
const exScalar = coreExports("scalar");

describe("xxh64 published vectors", () => {
  it.each(VECTORS.map(([b, s, h], i) => [i, b, s, h] as const))("vector %i", (_i, b, seed, want) => {
    expect(hex(oracle(b, BigInt(seed)))).toBe(want);
    expect(twinHex(b, seed)).toBe(want);
    expect(xxh64Hex(b, seed)).toBe(want);
    expect(pairHex(wasmXxh64(ex, b, seed))).toBe(want);
    expect(pairHex(wasmXxh64(exScalar, b, seed))).toBe(want);
  });
});

describe("xxh64 boundaries", () => {
  const buf = new Uint8Array(200);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 151 + 7) & 0xff;
  const lens = [0, 1, 3, 4, 5, 7, 8, 9, 11, 12, 15, 16, 17, 31, 32, 33, 35, 36, 39, 40, 41, 63, 64, 65, 95, 96, 97, 128, 199];
  const seeds = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff];
  it("twin, wasm and oracle agree at every 4/8/32-byte edge, for several seeds", () => {
    for (const len of lens) {
      for (const seed of seeds) {
        const want = hex(oracle(buf.subarray(0, len), BigInt(seed)));
        expect(twinHex(buf, seed, 0, len), `len ${len} seed ${seed}`).toBe(want);
        expect(pairHex(wasmXxh64(ex, buf.subarray(0, len), seed))).toBe(want);
      }
    }
  });
  it("honours start: hashing a window equals hashing a copy of it", () => {
    for (const start of [1, 3, 5, 7, 13]) {
      expect(twinHex(buf, 9, start, 70)).toBe(twinHex(buf.slice(start, start + 70), 9));
    }
  });
  it("writes at outIndex and nowhere else", () => {
    const out = new Uint32Array(6).fill(7);
    xxh64(enc("abc"), 0, 3, 0, out, 2);
    expect(Array.from(out)).toEqual([7, 7, 0xad770999, 0x44bc2cf5, 7, 7]);
  });
});

describe("hashRanges export", () => {
  type HashRanges = (base: number, ranges: number, n: number, seed: number, out: number) => void;
  it("hashes each [start, end) like the twin; end < start hashes as empty", () => {
    const b = enc("the quick brown fox jumps over the lazy dog, twice: the quick brown fox");
    const ranges = [0, 3, 4, 9, 0, b.length, 10, 10, 44, 71, 9, 4];
    const n = ranges.length / 2;
    try {
      const base = ex.alloc(b.length), rp = ex.alloc(ranges.length * 4), op = ex.alloc(n * 8);
      new Uint8Array(ex.memory.buffer, base, b.length).set(b);
      new Uint32Array(ex.memory.buffer, rp, ranges.length).set(ranges);
      (ex.hashRanges as HashRanges)(base, rp, n, 77, op);
      const got = new Uint32Array(ex.memory.buffer, op, n * 2);
      for (let i = 0; i < n; i++) {
        const [s, e] = [ranges[2 * i], ranges[2 * i + 1]];
        expect(pairHex([got[2 * i], got[2 * i + 1]])).toBe(twinHex(b, 77, s, Math.max(0, e - s)));
      }
    } finally {
      ex.reset();
    }
  });
});

describe("xxh64 properties", () => {
  const bytes = fc.uint8Array({ minLength: 0, maxLength: 300 });
  const seed = fc.nat({ max: 0xffffffff });
  it("twin == BigInt oracle", () => {
    fc.assert(fc.property(bytes, seed, (b, s) => twinHex(b, s) === hex(oracle(b, BigInt(s)))), { numRuns: 500 });
  });
  it("wasm (simd and scalar builds) == twin", () => {
    fc.assert(
      fc.property(bytes, seed, (b, s) => {
        const t = twinHex(b, s);
        return pairHex(wasmXxh64(ex, b, s)) === t && pairHex(wasmXxh64(exScalar, b, s)) === t;
      }),
      { numRuns: 500 },
    );
  });
  it("wasm == twin == oracle on large inputs (memory growth included)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 300_000 }), seed, fc.nat(), (len, s, fill) => {
        const b = new Uint8Array(len);
        for (let i = 0, g = fill | 1; i < len; i++) (g = Math.imul(g, 0x9e3779b1) + 1), (b[i] = g >>> 24);
        const t = twinHex(b, s);
        return pairHex(wasmXxh64(ex, b, s)) === t && t === hex(oracle(b, BigInt(s)));
      }),
      { numRuns: 8 },
    );
    const big = new Uint8Array(3 << 20).fill(0xab); // 3 MiB: past the 2 initial pages many times over
    expect(pairHex(wasmXxh64(ex, big, 5))).toBe(twinHex(big, 5));
  });
});
