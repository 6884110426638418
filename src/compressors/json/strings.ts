/**
 * Cutting very long JSON strings (base64 blobs, embedded HTML, logs inside a field). The cut
 * keeps the head, the tail, and a window around every query hit, and says in place how much
 * was cut and under which ref. The result is still a valid JSON string literal: cuts never fall
 * inside an escape sequence or a UTF-8 character.
 * @module
 */

/** Strings longer than this (raw bytes, quotes included) are cut. */
export const LONG_STRING = 1200;
/** Strings that hold an exact query identifier are kept whole up to this size. */
export const LONG_STRING_WITH_IDENTIFIER = 32 * 1024;
const HEAD = 320;
const TAIL = 120;
const WORD_WINDOW = 200;
const IDENT_WINDOW = 900;
const MAX_WINDOWS = 6;

/** Where a cut string's windows come from. */
export interface CutQuery {
  identifiers: Uint8Array[];
  /** Lower-case query words (ASCII), matched case-insensitively at word starts. */
  words: Uint8Array[];
}

/** Moves `i` back to a safe cut point: not inside `\uXXXX` / `\x`, not inside a UTF-8 sequence. */
function safe(buf: Uint8Array, i: number, lo: number): number {
  while (i > lo && (buf[i]! & 0xc0) === 0x80) i--;
  // count backslashes before i: an odd run means i sits right after an escaping backslash
  for (let k = 0; k < 6 && i - k > lo; k++) {
    if (buf[i - k - 1] === 0x5c) {
      let run = 0;
      let j = i - k - 1;
      while (j >= lo && buf[j] === 0x5c) { run++; j--; }
      if (run % 2 === 1) {
        const esc = i - k - 1;
        const width = buf[esc + 1] === 0x75 ? 6 : 2;
        if (esc + width > i) return esc;
      }
      break;
    }
  }
  return i;
}

function findAll(buf: Uint8Array, s: number, e: number, pat: Uint8Array, caseless: boolean, out: number[], max: number): void {
  const last = e - pat.length;
  for (let i = s; i <= last && out.length < max; i++) {
    let k = 0;
    while (k < pat.length) {
      let c = buf[i + k]!;
      if (caseless && c >= 65 && c <= 90) c += 32;
      if (c !== pat[k]) break;
      k++;
    }
    if (k === pat.length) { out.push(i); i += pat.length - 1; }
  }
}

/**
 * Renders the string literal at `buf[start, end)` (quotes included), cut if long. Returns `null`
 * when it should stay whole.
 */
export function cutString(buf: Uint8Array, start: number, end: number, q: CutQuery, marker: (cutBytes: number) => string, decode: (s: number, e: number) => string): string | null {
  const len = end - start;
  if (len <= LONG_STRING) return null;
  const s = start + 1;
  const e = end - 1;
  const identHits: number[] = [];
  for (const id of q.identifiers) findAll(buf, s, e, id, false, identHits, MAX_WINDOWS);
  if (identHits.length > 0 && len <= LONG_STRING_WITH_IDENTIFIER) return null;
  const spans: Array<[number, number]> = [[s, s + HEAD], [e - TAIL, e]];
  for (const h of identHits) spans.push([h - IDENT_WINDOW, h + IDENT_WINDOW]);
  if (identHits.length === 0) {
    const hits: number[] = [];
    for (const w of q.words) if (w.length >= 4) findAll(buf, s, e, w, true, hits, MAX_WINDOWS);
    hits.sort((a, b) => a - b);
    for (const h of hits.slice(0, MAX_WINDOWS)) spans.push([h - WORD_WINDOW, h + WORD_WINDOW]);
  }
  // clamp, snap to safe points, merge
  const norm = spans.map(([a, b]) => [safe(buf, Math.max(s, a), s), safe(buf, Math.min(e, b), s)] as [number, number]).filter(([a, b]) => b > a);
  norm.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: Array<[number, number]> = [];
  for (const sp of norm) {
    const last = merged[merged.length - 1];
    if (last && sp[0] <= last[1] + 16) last[1] = Math.max(last[1], sp[1]);
    else merged.push([sp[0], sp[1]]);
  }
  let out = '"';
  let pos = s;
  for (const [a, b] of merged) {
    if (a > pos) out += marker(a - pos);
    out += decode(a, b);
    pos = b;
  }
  if (pos < e) out += marker(e - pos);
  return out + '"';
}
