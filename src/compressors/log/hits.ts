/**
 * Lines that hold a query identifier, byte-for-byte (an IP, a block id, a user name, a class).
 * Found with the string's native `indexOf` and mapped to lines by binary search over the line
 * starts, so the cost is one scan per identifier plus one lookup per hit line.
 * @module
 */
import type { LineTable } from "./lines.js";

/** At most this many identifiers are tracked (one bit each). */
export const MAX_IDENTIFIERS = 16;

/** Identifier hits. */
export interface Hits {
  /** Bit k set on line i when identifier k occurs in it; `null` when the query has no identifiers. */
  mask: Uint16Array | null;
  /** Lines hit, per identifier. */
  lines: Uint32Array;
}

/**
 * Finds each identifier's lines.
 * @param text the original
 * @param t its line table
 * @param identifiers the query's identifiers (first {@link MAX_IDENTIFIERS})
 * @example findHits("a 10.0.0.5\nb\n", table, ["10.0.0.5"]).lines[0] // 1
 */
export function findHits(text: string, t: LineTable, identifiers: readonly string[]): Hits {
  const ids = identifiers.slice(0, MAX_IDENTIFIERS).filter((s) => s.length > 0 && !s.includes("\n"));
  const lines = new Uint32Array(ids.length);
  if (ids.length === 0 || t.n === 0) return { mask: null, lines };
  const mask = new Uint16Array(t.n);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    const bit = 1 << k;
    let from = 0;
    for (;;) {
      const p = text.indexOf(id, from);
      if (p < 0) break;
      const line = t.lineAt(p);
      mask[line] = mask[line]! | bit;
      lines[k]!++;
      // one hit per line is enough: continue on the next line
      from = line + 1 < t.n ? t.start16(line + 1) : text.length;
    }
  }
  return { mask, lines };
}
