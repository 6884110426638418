// SimHash64: the WASM core (SIMD and scalar builds) and its TS twin agree bit for bit, and both
// match a plain string-level reference written from the rule in assembly/simhash.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hammingDistance, hashToHex, hexToHash, simhash64 } from "../src/core/simhash.js";
import { createTwinBackend } from "../src/core/wasm/twin-backend.js";
import { createWasmBackend } from "../src/core/wasm/wasm-backend.js";
import { coreExports } from "../src/core/wasm/instance.js";
import { xxh64 } from "../src/core/wasm/twin/xxhash64.js";

const enc = new TextEncoder();

/** The rule, at the string level: words, shingles joined by a space, XXH64 votes per bit. */
function reference(text: string, k: number): string {
  const bytes = enc.encode(text);
  const words: string[] = [];
  let cur: number[] = [];
  const flush = () => {
    if (cur.length) words.push(Buffer.from(cur).toString("latin1"));
    cur = [];
  };
  for (const c of bytes) {
    if (c >= 0x80 || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) cur.push(c);
    else if (c >= 0x41 && c <= 0x5a) cur.push(c + 32);
    else flush();
  }
  flush();
  if (words.length === 0) return "0".repeat(16);
  const kk = Math.max(1, k);
  const shingles = words.length <= kk ? [words.join(" ")] : words.slice(kk - 1).map((_, i) => words.slice(i, i + kk).join(" "));
  const sums = new Array<number>(64).fill(0);
  const h = new Uint32Array(2);
  for (const s of shingles) {
    const b = Buffer.from(s, "latin1");
    xxh64(new Uint8Array(b), 0, b.length, 0, h, 0);
    const bits = (BigInt(h[1]!) << 32n) | BigInt(h[0]!);
    for (let i = 0; i < 64; i++) sums[i] += (bits >> BigInt(i)) & 1n ? 1 : -1;
  }
  let v = 0n;
  for (let i = 0; i < 64; i++) if (sums[i]! > 0) v |= 1n << BigInt(i);
  return v.toString(16).padStart(16, "0");
}

const wasm = createWasmBackend();
const twin = createTwinBackend();
const scalar = coreExports("scalar") as unknown as {
  memory: WebAssembly.Memory;
  alloc(n: number): number;
  reset(): void;
  simhash64(p: number, l: number, k: number, s: number, o: number): number;
};

function scalarSimhash(text: string, k: number): string {
  const b = enc.encode(text);
  scalar.reset();
  const p = scalar.alloc(b.length);
  const s = scalar.alloc(256 + b.length);
  const o = scalar.alloc(8);
  new Uint8Array(scalar.memory.buffer, p, b.length).set(b);
  scalar.simhash64(p, b.length, k, s, o);
  const h = new Uint32Array(scalar.memory.buffer, o, 2);
  const out = hashToHex([h[0]!, h[1]!]);
  scalar.reset();
  return out;
}

const viaBackend = (be: typeof wasm, text: string, k: number) => {
  be.load(text);
  return hashToHex(be.simhash(k));
};

const textArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.array(fc.constantFrom("Use", "pnpm", "NOT", "npm", "tests", "run", "--run", "src/core", "ÄÖü", "日本", "x1", "", " ", "\n", ",", "`"), { maxLength: 40 }).map((w) => w.join(" ")),
);

describe("simhash64: WASM == twin == reference", () => {
  it("random texts and shingle sizes", () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 0, max: 5 }), (text, k) => {
        const want = reference(text, k);
        expect(viaBackend(twin, text, k)).toBe(want);
        expect(viaBackend(wasm, text, k)).toBe(want);
        expect(scalarSimhash(text, k)).toBe(want);
      }),
      { numRuns: 400 },
    );
  });

  it("returns the shingle count and 0 for text without words", () => {
    const out = new Uint32Array(2);
    const b = enc.encode("-- ,, !!");
    expect(simhash64(b, b.length, 2, out)).toBe(0);
    expect(Array.from(out)).toEqual([0, 0]);
    const c = enc.encode("a b c d");
    expect(simhash64(c, c.length, 2, out)).toBe(3);
    expect(simhash64(c, c.length, 9, out)).toBe(1);
  });

  it("ignores case and punctuation, keeps word order", () => {
    const h = (s: string) => viaBackend(wasm, s, 2);
    expect(h("Use PNPM, not npm!")).toBe(h("use pnpm not npm"));
    expect(h("use pnpm not npm")).not.toBe(h("npm not pnpm use"));
  });

  it("near-duplicates are closer than unrelated texts", () => {
    const base = "The project builds with npm run build and the tests run with vitest on Node 20 in CI";
    const near = "The project builds with npm run build and the tests run with vitest on Node 22 in CI";
    const far = "Deploy the docs site with the GitHub pages action after tagging a release";
    const d = (a: string, b: string) => hammingDistance(hexToHash(viaBackend(twin, a, 2))!, hexToHash(viaBackend(twin, b, 2))!);
    expect(d(base, near)).toBeLessThan(d(base, far));
    expect(d(base, near)).toBeLessThanOrEqual(12);
  });

  it("hex round-trips and distance is a metric on bits", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })), fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })), (a, b) => {
        expect(hexToHash(hashToHex(a))).toEqual(a);
        expect(hammingDistance(a, a)).toBe(0);
        expect(hammingDistance(a, b)).toBe(hammingDistance(b, a));
        const bits = ((BigInt(a[1]) << 32n) | BigInt(a[0])) ^ ((BigInt(b[1]) << 32n) | BigInt(b[0]));
        expect(hammingDistance(a, b)).toBe(bits.toString(2).replace(/0/g, "").length);
      }),
    );
  });
});
