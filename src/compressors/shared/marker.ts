/**
 * How text compressors say what they left out. One phrasing everywhere, so a model learns it once:
 * `[… 1,932 lines omitted (L12–L1943); ref tf_…]`. The ref retrieves the whole original, or with
 * a query only the matching parts.
 * @module
 */

/** `1932` → `1,932` (fixed locale-free grouping, so output is the same in every runtime). */
export function formatCount(n: number): string {
  const s = String(Math.trunc(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * The omission marker.
 * @param what what was dropped, e.g. `"1,932 lines omitted (L12–L1943)"`
 * @param ref the ref of the stored original
 * @example omission("3 files omitted", "tf_0123…") // "[… 3 files omitted; ref tf_0123…]"
 */
export function omission(what: string, ref: string): string {
  return `[… ${what}; ref ${ref}]`;
}

/** `L12–L1943`, or `L12` for one line (1-based, inclusive). */
export function lineSpan(first: number, last: number): string {
  return first === last ? `L${first}` : `L${first}–L${last}`;
}
