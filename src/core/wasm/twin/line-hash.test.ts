import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countLines, hashLines } from "./line-hash.js";
import { xxh64Hex } from "./xxhash64.js";
import { coreExports } from "../instance.js";
import { wasmHashLines } from "../hash-wasm.js";

const enc = (s: string) => new TextEncoder().encode(s);
const ex = coreExports("simd");
const exScalar = coreExports("scalar");

function twinLines(s: string | Uint8Array, masked: boolean, seed = 0): Uint32Array {
  const b = typeof s === "string" ? enc(s) : s;
  const out = new Uint32Array(countLines(b, b.length) * 4);
  const n = hashLines(b, b.length, masked, seed, out, new Uint8Array(b.length));
  expect(n * 4).toBe(out.length);
  return out;
}
/** [start, end] per line. */
const ranges = (out: Uint32Array) => Array.from({ length: out.length / 4 }, (_, i) => [out[4 * i], out[4 * i + 1]]);
/** "hi:lo" per line. */
const hashes = (out: Uint32Array) => Array.from({ length: out.length / 4 }, (_, i) => `${out[4 * i + 3]}:${out[4 * i + 2]}`);
const hashOf = (s: string) => xxh64Hex(enc(s));

describe("line splitting", () => {
  const cases: Array<[string, string, number[][]]> = [
    ["empty", "", []],
    ["one line, no newline", "abc", [[0, 3]]],
    ["one line, trailing newline", "abc\n", [[0, 3]]],
    ["only a newline", "\n", [[0, 0]]],
    ["two newlines", "\n\n", [[0, 0], [1, 1]]],
    ["no trailing newline", "a\nbc", [[0, 1], [2, 4]]],
    ["empty lines in the middle", "a\n\n\nb\n", [[0, 1], [2, 2], [3, 3], [4, 5]]],
    ["CRLF", "ab\r\ncd\r\n", [[0, 2], [4, 6]]],
    ["CRLF empty line", "\r\n\r\n", [[0, 0], [2, 2]]],
    ["lone CR in the middle stays", "a\rb\nc", [[0, 3], [4, 5]]],
    ["CR at the very end stays (no LF follows)", "ab\r", [[0, 3]]],
    ["only the CR right before LF is dropped", "a\r\r\n", [[0, 2]]],
  ];
  it.each(cases)("%s", (_name, s, want) => {
    const b = enc(s);
    expect(countLines(b, b.length)).toBe(want.length);
    const t = twinLines(s, false);
    expect(ranges(t)).toEqual(want);
    expect(Array.from(wasmHashLines(ex, b, false, 0))).toEqual(Array.from(t));
    expect(Array.from(wasmHashLines(exScalar, b, true, 0))).toEqual(Array.from(twinLines(s, true)));
  });
  it("each line hash is XXH64 of exactly the line's bytes", () => {
    const s = "alpha\r\nbeta\n\ngamma delta";
    const out = twinLines(s, false, 0);
    const want = ["alpha", "beta", "", "gamma delta"].map(hashOf);
    expect(hashes(out).map((h) => h.split(":").map((x) => Number(x).toString(16).padStart(8, "0")).join(""))).toEqual(want);
  });
  it("respects len: bytes past len are ignored", () => {
    const b = enc("a\nb\nccc");
    expect(countLines(b, 3)).toBe(2);
    const out = new Uint32Array(8);
    expect(hashLines(b, 3, false, 0, out, new Uint8Array(3))).toBe(2);
    expect(ranges(out)).toEqual([[0, 1], [2, 3]]);
  });
});

describe("masked hashing", () => {
  const pairs: Array<[string, string]> = [
    ["port 22 from 10.0.0.1 at 12:00:01", "port 2222 from 192.168.17.254 at 23:59:59"],
    ["req 3f2a9c0e-77aa-4b1e-9d1f-0c8e4b7f1a2b ok", "req 00000000-1aaa-4bbb-8ccc-1d2e3f4a5b6c ok"],
    ["user42 took 17ms", "user7 took 3001ms"],
    ["sha deadbeef1 é 5", "sha 0ff1ce é 77"],
  ];
  it.each(pairs)("%s ~ %s", (a, b) => {
    const text = `${a}\n${b}\r\n`;
    const masked = hashes(twinLines(text, true));
    const plain = hashes(twinLines(text, false));
    expect(masked[0]).toBe(masked[1]);
    expect(plain[0]).not.toBe(plain[1]);
    expect(Array.from(wasmHashLines(ex, enc(text), true, 3))).toEqual(Array.from(twinLines(text, true, 3)));
  });
  it("masks to the documented template", () => {
    const cases: Array<[string, string]> = [
      ["port 22 from 10.0.0.1 at 12:00:01", "port # from #.#.#.# at #:#:#"],
      ["id 3f2a9c0e-77aa-4b1e-9d1f-0c8e4b7f1a2b", "id #-#-#-#-#"],
      ["user abc-def", "user abc-def"],
      ["x#1 v2.0-beta", "x## #.#-beta"],
      ["naïve 9é9", "naïve #é#"],
      // A digit-free hex group is a word like any other: the rule only sees digits.
      ["uuid 00000000-aaaa-bbbb", "uuid #-aaaa-bbbb"],
    ];
    for (const [line, template] of cases) {
      expect(hashes(twinLines(line, true))).toEqual(hashes(twinLines(template, false)));
    }
  });
  it("letters-only words are not masked: different words still differ", () => {
    const h = hashes(twinLines("error disk\nerror net", true));
    expect(h[0]).not.toBe(h[1]);
  });
  it("ranges are the same masked or not", () => {
    const s = "a1 b\n22\r\nc";
    expect(ranges(twinLines(s, true))).toEqual(ranges(twinLines(s, false)));
  });
});

describe("wasm == twin", () => {
  const pieces = ["a", "Z", "q", "x", "0", "7", "9", " ", "\n", "\r", "\r\n", ".", ":", "-", "é", "ü", "日本", "🙂", "ab12", "10.0.0.1"];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 200 }).map((a) => a.join(""));
  const seed = fc.nat({ max: 0xffffffff });
  it("countLines, ranges and hashes agree for random text (masked and plain, both builds)", () => {
    fc.assert(
      fc.property(text, fc.boolean(), seed, (s, masked, sd) => {
        const b = enc(s);
        const t = Array.from(twinLines(b, masked, sd));
        expect(Array.from(wasmHashLines(ex, b, masked, sd))).toEqual(t);
        expect(Array.from(wasmHashLines(exScalar, b, masked, sd))).toEqual(t);
      }),
      { numRuns: 400 },
    );
  });
  it("agrees on a large log (memory growth included)", () => {
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(`2024-05-0${i % 9} INFO conn ${i} from 10.0.${i & 255}.${i % 7} port ${i * 13}\r`);
    const b = enc(lines.join("\n"));
    for (const masked of [false, true]) {
      const w = wasmHashLines(ex, b, masked, 11);
      expect(w.length).toBe(60_000 * 4);
      expect(Array.from(w)).toEqual(Array.from(twinLines(b, masked, 11)));
    }
  });
});
