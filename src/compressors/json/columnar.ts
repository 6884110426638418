/**
 * Lossless columnar form for a top-level array of flat objects that all share one key sequence:
 * keys once, then one row per item. Every value is copied verbatim, so the original can be
 * rebuilt exactly (modulo whitespace):
 *
 *   {"_tokenfold":"columns","keys":["id","status"],"rows":[[1,"ok"],[2,"failed"]]}
 * @module
 */
import { Kind, TAPE_STRIDE } from "../../core/codes.js";
import { decodeRange } from "./render.js";

/** The columnar rendering, or `null` when the input is not a uniform array of flat objects. */
export function toColumnar(bytes: Uint8Array, tape: Uint32Array): string | null {
  if ((tape[0]! & 15) !== Kind.ARRAY) return null;
  const end = tape[3]!;
  let e = 1;
  let keys: string[] | null = null;
  const rows: string[] = [];
  while (e < end) {
    if ((tape[e * TAPE_STRIDE]! & 15) !== Kind.OBJECT) return null;
    const itemEnd = tape[e * TAPE_STRIDE + 3]!;
    const ks: string[] = [];
    const vs: string[] = [];
    let x = e + 1;
    while (x < itemEnd) {
      ks.push(decodeRange(bytes, tape[x * TAPE_STRIDE + 1]!, tape[x * TAPE_STRIDE + 2]!));
      x++;
      const k = tape[x * TAPE_STRIDE]! & 15;
      if (k === Kind.OBJECT || k === Kind.ARRAY) return null;
      vs.push(decodeRange(bytes, tape[x * TAPE_STRIDE + 1]!, tape[x * TAPE_STRIDE + 2]!));
      x++;
    }
    if (keys === null) keys = ks;
    else if (ks.length !== keys.length || ks.some((k, i) => k !== keys![i])) return null;
    rows.push(`[${vs.join(",")}]`);
    e = itemEnd;
  }
  if (keys === null || rows.length < 2) return null;
  return `{"_tokenfold":"columns","keys":[${keys.join(",")}],"rows":[${rows.join(",")}]}`;
}
