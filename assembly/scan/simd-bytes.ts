// Byte splats shared by the SIMD paths of the scanner and the minifier.
@lazy export const V_QUOTE = i8x16.splat(0x22);
@lazy export const V_BSLASH = i8x16.splat(0x5c);
@lazy export const V_SPACE = i8x16.splat(0x20);
@lazy export const V_LF = i8x16.splat(0x0a);
@lazy export const V_CR = i8x16.splat(0x0d);
@lazy export const V_TAB = i8x16.splat(0x09);
