/**
 * Novelty: a unit that repeats one already kept adds nothing. Exact repeats are found by a key
 * (the unit's words, case and spacing folded); near repeats by a 64-bit SimHash over word
 * bigrams, looked up through eight 8-bit bands, so any two hashes within Hamming distance 7 share
 * a band (pigeonhole) and the lookup stays linear in the number of units.
 * @module
 */
import { words } from "../../core/query.js";

/** SimHash distance (of 64 bits) at or under which two units are near-duplicates. */
export const NEAR_BITS = 7;
const BANDS = NEAR_BITS + 1;
// Candidates compared per band lookup.
const SCAN = 32;

/** Units with fewer words are only compared exactly (short lines differ by one word that matters). */
export const NEAR_MIN_WORDS = 8;

/** The fold used for exact-repeat keys: the unit's words, lower-cased, space-joined. */
export function exactKey(text: string): string {
  return words(text).join(" ");
}

// FNV-1a over a string, two seeds for 64 bits.
function fnv(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}

/** The 64-bit SimHash of a word list as two 32-bit halves, or `null` when too short to compare. */
export function simHash(ws: readonly string[]): [number, number] | null {
  if (ws.length < NEAR_MIN_WORDS) return null;
  const v = new Int32Array(64);
  for (let i = 0; i + 1 < ws.length; i++) {
    const g = `${ws[i]} ${ws[i + 1]}`;
    const lo = fnv(g, 2166136261);
    const hi = fnv(g, 0x9e3779b9);
    for (let b = 0; b < 32; b++) {
      v[b]! += (lo >>> b) & 1 ? 1 : -1;
      v[32 + b]! += (hi >>> b) & 1 ? 1 : -1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if (v[b]! > 0) lo |= 1 << b;
    if (v[32 + b]! > 0) hi |= 1 << b;
  }
  return [lo >>> 0, hi >>> 0];
}

const popcount = (x: number) => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63;
};

/** The set of kept units' fingerprints; asks whether a new unit repeats one of them. */
export class NoveltyIndex {
  private readonly exact = new Set<string>();
  private readonly bands: Array<Map<number, Array<[number, number]>>> = Array.from({ length: BANDS }, () => new Map());

  /** True when `text` repeats (exactly or nearly) a unit added before. */
  repeats(text: string): boolean {
    const ws = words(text);
    if (ws.length === 0) return false;
    if (this.exact.has(ws.join(" "))) return true;
    const h = simHash(ws);
    if (h === null) return false;
    for (let k = 0; k < BANDS; k++) {
      const list = this.bands[k]!.get(band(h, k));
      if (!list) continue;
      // the most recent entries only: a bucket shared by thousands of similar units stays cheap
      for (let j = list.length - 1; j >= 0 && j >= list.length - SCAN; j--) {
        const [lo, hi] = list[j]!;
        if (popcount((lo ^ h[0]) >>> 0) + popcount((hi ^ h[1]) >>> 0) <= NEAR_BITS) return true;
      }
    }
    return false;
  }

  /** Remembers a kept unit. */
  add(text: string): void {
    const ws = words(text);
    if (ws.length === 0) return;
    this.exact.add(ws.join(" "));
    const h = simHash(ws);
    if (h === null) return;
    for (let k = 0; k < BANDS; k++) {
      const key = band(h, k);
      const list = this.bands[k]!.get(key);
      if (list) list.push(h);
      else this.bands[k]!.set(key, [h]);
    }
  }
}


function band(h: [number, number], k: number): number {
  return k < 4 ? (h[0] >>> (8 * k)) & 0xff : (h[1] >>> (8 * (k - 4))) & 0xff;
}
