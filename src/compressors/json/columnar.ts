/**
 * Lossless columnar form for a top-level array of flat objects that all share one key sequence:
 * keys once, then one row per item. Every value is copied verbatim, so the original can be
 * rebuilt exactly (modulo whitespace):
 *
 *   {"_tokenfold":"columns","keys":["id","status"],"rows":[[1,"ok"],[2,"failed"]]}
 *
 * Built from the tape as bytes (values copied range by range) and decoded once at the end: no
 * string per key or value.
 * @module
 */
import { Kind, TAPE_STRIDE } from "../../core/codes.js";

const HEAD = new TextEncoder().encode('{"_tokenfold":"columns","keys":[');
const MIDDLE = new TextEncoder().encode('],"rows":[');
const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;
const BRACE_CLOSE = 125;
const decoder = new TextDecoder();

/** The columnar rendering, or `null` when the input is not a uniform array of flat objects. */
export function toColumnar(bytes: Uint8Array, tape: Uint32Array): string | null {
  if ((tape[0]! & 15) !== Kind.ARRAY) return null;
  const end = tape[3]!;
  const start = (i: number) => tape[i * TAPE_STRIDE + 1]!;
  const stop = (i: number) => tape[i * TAPE_STRIDE + 2]!;
  if (end < 2 || (tape[TAPE_STRIDE]! & 15) !== Kind.OBJECT) return null;
  // the first item's key tokens (tape entries first, first + 2, …): the head, then every item's
  // keys are compared with them byte for byte
  const first = 2;
  let width = 0;
  let keyBytes = 0;
  for (let x = first; x < tape[TAPE_STRIDE + 3]!; x += 2) keyBytes += stop(x) - start(x) + (width++ > 0 ? 1 : 0);
  // Rows never take more bytes than their items did (no keys, no whitespace; "[" "]" "," for
  // "{" "}" ","): the input's length plus the head is enough.
  const out = new Uint8Array(HEAD.length + keyBytes + MIDDLE.length + bytes.length + 2);
  let at = 0;
  out.set(HEAD, at);
  at += HEAD.length;
  for (let i = 0; i < width; i++) {
    if (i > 0) out[at++] = COMMA;
    const k = first + 2 * i;
    at = copy(bytes, start(k), stop(k), out, at);
  }
  out.set(MIDDLE, at);
  let rows = at + MIDDLE.length;
  let items = 0;
  let e = 1;
  while (e < end) {
    if ((tape[e * TAPE_STRIDE]! & 15) !== Kind.OBJECT) return null;
    const itemEnd = tape[e * TAPE_STRIDE + 3]!;
    if (items > 0) out[rows++] = COMMA;
    out[rows++] = OPEN;
    let n = 0;
    let x = e + 1;
    while (x < itemEnd) {
      if (n >= width || !sameBytes(bytes, start(first + 2 * n), stop(first + 2 * n), start(x), stop(x))) return null;
      x++;
      const k = tape[x * TAPE_STRIDE]! & 15;
      if (k === Kind.OBJECT || k === Kind.ARRAY) return null;
      if (n > 0) out[rows++] = COMMA;
      rows = copy(bytes, start(x), stop(x), out, rows);
      n++;
      x++;
    }
    if (n !== width) return null;
    out[rows++] = CLOSE;
    items++;
    e = itemEnd;
  }
  if (items < 2) return null;
  out[rows++] = CLOSE;
  out[rows++] = BRACE_CLOSE;
  return decoder.decode(out.subarray(0, rows));
}

/** Copies `from[s, e)` to `to` at `at`; returns the end. A loop: most values are a few bytes, and a subarray view per value was most of this function's garbage. */
function copy(from: Uint8Array, s: number, e: number, to: Uint8Array, at: number): number {
  for (let i = s; i < e; i++) to[at++] = from[i]!;
  return at;
}

function sameBytes(bytes: Uint8Array, as: number, ae: number, bs: number, be: number): boolean {
  if (be - bs !== ae - as) return false;
  for (let i = 0; i < ae - as; i++) if (bytes[as + i] !== bytes[bs + i]) return false;
  return true;
}
