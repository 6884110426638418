/**
 * Log templates. The core hashes each line's masked form (every run of letters and digits that
 * holds a digit counts as one `#`: numbers, hex ids, UUIDs, IPs, timestamps), so lines that
 * differ only there share a hash. Grouping uses that hash alone — no JS refinement — so the WASM
 * and JS engines group identically. Here the hashes become dense template ids with counts.
 * @module
 */

/** Lines grouped by template. */
export interface Templates {
  /** Number of distinct templates. */
  readonly size: number;
  /** Template id of each line (0-based, in order of first appearance). */
  readonly id: Uint32Array;
  /** Lines per template. */
  readonly count: Uint32Array;
  /** First line of each template. */
  readonly first: Uint32Array;
  /** Last line of each template. */
  readonly last: Uint32Array;
  /** Next line of the same template after line i (`n` after the last): walks a template's lines. */
  readonly next: Uint32Array;
}

/**
 * Assigns dense template ids from the core's per-line hashes (open addressing on typed arrays;
 * ids follow first appearance, so the result is deterministic).
 * @param spans the core's `lines()` output (4 u32 per line: start, end, hash lo, hash hi)
 * @param n number of lines
 * @example
 * const t = groupTemplates(backend.lines(true, 0).out, n); t.count[t.id[0]]; // lines like line 0
 */
export function groupTemplates(spans: Uint32Array, n: number): Templates {
  let cap = 1024;
  let keysLo = new Uint32Array(cap);
  let keysHi = new Uint32Array(cap);
  let vals = new Int32Array(cap).fill(-1);
  let size = 0;
  const id = new Uint32Array(n);
  const next = new Uint32Array(n).fill(n);
  let count: Uint32Array = new Uint32Array(256);
  let first: Uint32Array = new Uint32Array(256);
  let last: Uint32Array = new Uint32Array(256);
  const slot = (lo: number, hi: number, kLo: Uint32Array, kHi: Uint32Array, v: Int32Array, mask: number): number => {
    let h = (Math.imul(lo ^ (hi >>> 7), 0x9e3779b1) >>> 0) & mask;
    while (v[h] !== -1 && (kLo[h] !== lo || kHi[h] !== hi)) h = (h + 1) & mask;
    return h;
  };
  for (let i = 0; i < n; i++) {
    const lo = spans[i * 4 + 2]!;
    const hi = spans[i * 4 + 3]!;
    let h = slot(lo, hi, keysLo, keysHi, vals, cap - 1);
    let t = vals[h]!;
    if (t === -1) {
      if ((size + 1) * 2 > cap) {
        // grow: rehash every key into a table twice the size
        const nCap = cap * 2;
        const nLo = new Uint32Array(nCap);
        const nHi = new Uint32Array(nCap);
        const nVals = new Int32Array(nCap).fill(-1);
        for (let k = 0; k < cap; k++) {
          if (vals[k] === -1) continue;
          const s = slot(keysLo[k]!, keysHi[k]!, nLo, nHi, nVals, nCap - 1);
          nLo[s] = keysLo[k]!;
          nHi[s] = keysHi[k]!;
          nVals[s] = vals[k]!;
        }
        cap = nCap;
        keysLo = nLo;
        keysHi = nHi;
        vals = nVals;
        h = slot(lo, hi, keysLo, keysHi, vals, cap - 1);
      }
      t = size++;
      keysLo[h] = lo;
      keysHi[h] = hi;
      vals[h] = t;
      if (t >= count.length) {
        count = grow(count);
        first = grow(first);
        last = grow(last);
      }
      first[t] = i;
    } else {
      next[last[t]!] = i;
    }
    id[i] = t;
    count[t]!++;
    last[t] = i;
  }
  return { size, id, count: count.subarray(0, size), first: first.subarray(0, size), last: last.subarray(0, size), next };
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

// A masked run (letters and digits holding a digit), and runs of them joined by punctuation
// without spaces (a timestamp, an IP:port, a version), shown as one <*>.
const MASKED = /[0-9A-Za-z]*[0-9][0-9A-Za-z]*(?:[-:.,/+_@]+[0-9A-Za-z]*[0-9][0-9A-Za-z]*)*/g;

/** Longest template shown in a marker, in UTF-16 units. */
export const DISPLAY_MAX = 100;

/**
 * The display form of a template, from one of its lines: masked runs become `<*>`, runs of
 * whitespace one space, and long templates are cut with `…`. Only for markers; never output as
 * log content.
 * @example templateDisplay("Failed password for root from 10.0.0.5 port 22 ssh2") // "Failed password for root from <*> port <*> <*>"
 */
export function templateDisplay(line: string, max = DISPLAY_MAX): string {
  let s = line.replace(MASKED, "<*>").replace(/\s+/g, " ").trim();
  if (s.length > max) {
    let cut = max;
    const c = s.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
    s = s.slice(0, cut) + "…";
  }
  return s;
}
