/**
 * Byte offsets (what the core returns) to UTF-16 offsets (what JS strings use), in one pass.
 * @module
 */

/** Maps byte offsets (flat `start, end, …`, sorted or not) of `bytes` to UTF-16 offsets of the same text. */
export function byteSpansToUtf16(bytes: Uint8Array, spans: Uint32Array, textLength: number): Uint32Array {
  if (bytes.length === textLength) return spans; // all ASCII: offsets agree
  const points = new Set<number>(spans);
  const sorted = [...points].sort((x, y) => x - y);
  const map = new Map<number, number>();
  let u = 0;
  let k = 0;
  for (let i = 0; i <= bytes.length && k < sorted.length; i++) {
    while (k < sorted.length && sorted[k] === i) map.set(sorted[k++]!, u);
    if (i === bytes.length) break;
    const c = bytes[i]!;
    if ((c & 0xc0) !== 0x80) u += c >= 0xf0 ? 2 : 1;
  }
  return spans.map((x) => map.get(x)!);
}
