/**
 * Lines that hold a query identifier, byte-for-byte (an IP, a block id, a user name, a class), or
 * a query word with digits as a whole word (a status code, a port, a year), which the templates
 * mask and so cannot match.
 * Found with the string's native `indexOf` and mapped to lines by binary search over the line
 * starts, so the cost is one scan per identifier plus one lookup per hit line.
 * @module
 */
import type { LineTable } from "./lines.js";

/** At most this many terms are tracked (one bit each). */
export const MAX_TERMS = 16;

/** A string to find: byte-exact, or as a whole word (not inside a longer run of letters and digits). */
export interface Term {
  text: string;
  whole: boolean;
}

/** Term hits. */
export interface Hits {
  /** Bit k set on line i when term k occurs in it; `null` when there are no terms. */
  mask: Uint16Array | null;
  /** Lines hit, per term. */
  lines: Uint32Array;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Finds each term's lines.
 * @param text the original
 * @param t its line table
 * @param terms what to find (the first {@link MAX_TERMS}; the caller keeps the order for the bits)
 * @example findHits("a 10.0.0.5\nb\n", table, [{ text: "10.0.0.5", whole: false }]).lines[0] // 1
 */
export function findHits(text: string, t: LineTable, terms: readonly Term[]): Hits {
  const lines = new Uint32Array(terms.length);
  if (terms.length === 0 || t.n === 0) return { mask: null, lines };
  const mask = new Uint16Array(t.n);
  for (let k = 0; k < Math.min(MAX_TERMS, terms.length); k++) {
    const { text: id, whole } = terms[k]!;
    if (id.length === 0 || id.includes("\n")) continue;
    const bit = 1 << k;
    let from = 0;
    for (;;) {
      const p = text.indexOf(id, from);
      if (p < 0) break;
      if (whole && ((p > 0 && isAlnum(text.charCodeAt(p - 1))) || isAlnum(text.charCodeAt(p + id.length)))) {
        from = p + 1;
        continue;
      }
      const line = t.lineAt(p);
      mask[line] = mask[line]! | bit;
      lines[k]!++;
      // one hit per line is enough: continue on the next line
      from = line + 1 < t.n ? t.start16(line + 1) : text.length;
    }
  }
  return { mask, lines };
}
