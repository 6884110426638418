// The number parser of collection stats. Not correctly rounded, but deterministic: the twin's
// `parseNumber` (src/core/wasm/twin/collection-stats.ts) does the same f64 operations in the same
// order (wasm never fuses a multiply-add), so both give the same bits for every input.
//
// Up to 17 significant digits accumulate as v = v * 10 + d (leading zeros do not count); later
// integer digits raise the scale, later fraction digits are dropped. The exponent saturates past
// 100000. The scale is applied by steps of at most 1e22 (exact powers), multiplying or dividing.
// Integers of up to 15 digits take a shortcut with the same result (every step is exact).

// 1e0 … 1e22: every one exact in binary64.
const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

@inline function digitAt(p: usize): u32 {
  return <u32>load<u8>(p) - 48;
}

/** Parses the validated JSON number at `[s, e)`. */
export function parseNumber(s: usize, e: usize): f64 {
  let i = s;
  let neg = false;
  if (load<u8>(i) == 0x2d) {
    neg = true;
    i++;
  }
  if (e - i <= 15) {
    // an integer of up to 15 digits (most numbers): every v * 10 + d below is exact, so the
    // integer, converted once, is the same value the loop would reach digit by digit
    let k: u64 = 0;
    let j = i;
    while (j < e) {
      const d = digitAt(j);
      if (d >= 10) break;
      k = k * 10 + <u64>d;
      j++;
    }
    if (j == e) return neg ? -<f64>k : <f64>k;
  }
  let v: f64 = 0;
  let digits: i32 = 0;
  let scale: i32 = 0;
  while (i < e) {
    const d = digitAt(i);
    if (d >= 10) break;
    if (digits < 17) {
      v = v * 10 + <f64>d;
      if (v != 0) digits++;
    } else scale++;
    i++;
  }
  if (i < e && load<u8>(i) == 0x2e) {
    i++;
    while (i < e) {
      const d = digitAt(i);
      if (d >= 10) break;
      if (digits < 17) {
        v = v * 10 + <f64>d;
        if (v != 0) digits++;
        scale--;
      }
      i++;
    }
  }
  if (i < e && (load<u8>(i) | 0x20) == 0x65) {
    i++;
    let eneg = false;
    const sign = load<u8>(i);
    if (sign == 0x2d) {
      eneg = true;
      i++;
    } else if (sign == 0x2b) i++;
    let x: i32 = 0;
    while (i < e) {
      const d = digitAt(i);
      if (d >= 10) break;
      if (x < 100000) x = x * 10 + <i32>d;
      i++;
    }
    scale += eneg ? -x : x;
  }
  while (scale > 0) {
    const k = scale > 22 ? 22 : scale;
    v *= load<f64>(POW10 + (<usize>k << 3));
    scale -= k;
  }
  while (scale < 0) {
    const k = -scale > 22 ? 22 : -scale;
    v /= load<f64>(POW10 + (<usize>k << 3));
    scale += k;
  }
  return neg ? -v : v;
}
