/**
 * Rare values in a column. In tabular logs (Zeek/TSV, access logs, space-separated records) an
 * outlier often shows in one column only: the one `POST` among `GET`s, a request body length
 * that is `0` everywhere but on one line, a rare status. Masking hides numeric differences and
 * other columns make every line's template unique, so templates cannot see it; columns can.
 *
 * A column is *dominated* when one value fills at least 90 % of the lines that have the column;
 * a line is an outlier when, in a dominated column, its value occurs at most `maxRare` times.
 * Fields are hashed from the bytes (FNV-1a), never decoded: two passes over the considered lines
 * (the first on a sample finds each column's candidate majority; the second counts exactly and
 * remembers the lines of each deviant value, capped per column), memory bounded by the caps.
 * @module
 */
import type { LineTable } from "./lines.js";

/** Columns looked at (leading fields; later ones in free text are words, not columns). */
export const MAX_COLUMNS = 24;
/** Share of a column's lines that its majority value must fill. */
export const DOMINANCE = 0.9;
/** Distinct deviant values tracked per column; a column with more is too varied to have outliers. */
const MAX_DEVIANTS = 4096;
/** Lines sampled to find each column's majority candidate. */
const SAMPLE = 65536;

const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;

// Dates and month names: a log's date column is constant until midnight; the next day is not news.
const DATE_LIKE = /\d{4}[-/]\d{2}[-/]\d{2}|\d{1,2}\/[A-Z][a-z]{2}\/\d{4}|^\[?[A-Z][a-z]{2}$/;

/** Outlier lines, each with the count of its rarest deviant value. */
export interface ColumnOutliers {
  /** Outlier line indices, ascending. */
  lines: number[];
  /** Count of the rarest deviant value on each line of `lines` (1 = unique). */
  rarity: number[];
  /** Dominated columns that had at least one outlier. */
  columns: number;
}

/**
 * Finds rare values in dominated columns.
 * @param t the line table
 * @param use 1 for each line to consider (records, not headers, blanks or continuations)
 * @param maxRare a deviant value seen at most this often is rare
 * @example columnOutliers(table, use, 2).lines // e.g. [118] — the only POST
 */
export function columnOutliers(t: LineTable, use: Uint8Array, maxRare: number): ColumnOutliers {
  const none: ColumnOutliers = { lines: [], rarity: [], columns: 0 };
  const { bytes, spans, n } = t;
  let considered = 0;
  let tabbed = 0;
  for (let i = 0; i < n; i++) {
    if (!use[i]) continue;
    considered++;
    if (considered <= 256 && hasByte(bytes, spans[i * 4]!, spans[i * 4 + 1]!, TAB)) tabbed++;
  }
  if (considered < 20) return none;
  const sep = tabbed >= Math.min(considered, 256) * 0.8 ? TAB : SPACE;
  const collapse = sep === SPACE; // runs of spaces are one separator; tabs are exact (empty fields count)

  // pass 1, on a sample: the modal field count (records are tabular only if most lines share it)
  // and each column's Boyer–Moore majority candidate among lines of that width
  const stride = Math.max(1, Math.floor(considered / SAMPLE));
  const fieldHashes = new Int32Array(MAX_COLUMNS);
  const widths = new Uint32Array(MAX_COLUMNS + 1);
  let sampled = 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    if (!use[i] || seen++ % stride !== 0) continue;
    widths[hashFields(bytes, spans[i * 4]!, spans[i * 4 + 1]!, sep, collapse, fieldHashes)]!++;
    sampled++;
  }
  let width = 0;
  for (let w = 1; w <= MAX_COLUMNS; w++) if (widths[w]! > widths[width]!) width = w;
  if (width < 2 || widths[width]! < sampled * 0.6) return none; // free text, not columns
  const cand = new Int32Array(MAX_COLUMNS);
  const votes = new Uint32Array(MAX_COLUMNS);
  seen = 0;
  for (let i = 0; i < n; i++) {
    if (!use[i] || seen++ % stride !== 0) continue;
    const nf = hashFields(bytes, spans[i * 4]!, spans[i * 4 + 1]!, sep, collapse, fieldHashes);
    if (nf !== width) continue;
    for (let c = 0; c < nf; c++) {
      const h = fieldHashes[c]!;
      if (votes[c] === 0) { cand[c] = h; votes[c] = 1; }
      else if (cand[c] === h) votes[c]!++;
      else votes[c]!--;
    }
  }

  // pass 2: exact majority counts; each deviant value's count and first lines
  const present = new Uint32Array(MAX_COLUMNS);
  const major = new Uint32Array(MAX_COLUMNS);
  const majorLine = new Int32Array(MAX_COLUMNS).fill(-1);
  const overflow = new Uint8Array(MAX_COLUMNS);
  const deviants: Array<Map<number, number[]>> = Array.from({ length: MAX_COLUMNS }, () => new Map());
  let rows = 0;
  for (let i = 0; i < n; i++) {
    if (!use[i]) continue;
    const nf = hashFields(bytes, spans[i * 4]!, spans[i * 4 + 1]!, sep, collapse, fieldHashes);
    if (nf !== width) continue;
    rows++;
    for (let c = 0; c < nf; c++) {
      present[c]!++;
      const h = fieldHashes[c]!;
      if (h === cand[c]) {
        major[c]!++;
        if (majorLine[c] === -1) majorLine[c] = i;
        continue;
      }
      if (overflow[c]) continue;
      const m = deviants[c]!;
      const e = m.get(h);
      if (e === undefined) {
        if (m.size >= MAX_DEVIANTS) { overflow[c] = 1; m.clear(); continue; }
        m.set(h, [1, i]); // [count, lines…] — lines only while the count is still rare
      } else {
        e[0]!++;
        if (e.length <= maxRare) e.push(i);
      }
    }
  }

  const flagged = new Map<number, number>();
  let columns = 0;
  for (let c = 0; c < MAX_COLUMNS; c++) {
    if (overflow[c] || present[c]! < rows || major[c]! < present[c]! * DOMINANCE || majorLine[c] === -1) continue;
    if (DATE_LIKE.test(fieldText(t, majorLine[c]!, c, sep, collapse))) continue;
    let any = false;
    for (const e of deviants[c]!.values()) {
      const count = e[0]!;
      if (count > maxRare) continue;
      any = true;
      for (let k = 1; k < e.length; k++) {
        const line = e[k]!;
        const prev = flagged.get(line);
        if (prev === undefined || count < prev) flagged.set(line, count);
      }
    }
    if (any) columns++;
  }
  const lines = [...flagged.keys()].sort((a, b) => a - b);
  return { lines, rarity: lines.map((l) => flagged.get(l)!), columns };
}

function hasByte(bytes: Uint8Array, s: number, e: number, b: number): boolean {
  for (let p = s; p < e; p++) if (bytes[p] === b) return true;
  return false;
}

// FNV-1a of each field of bytes[s, e) into out; returns the number of fields (≤ MAX_COLUMNS).
// Space-separated fields that open with '"' run to the closing quote (an access log's request,
// referrer and user agent are one field each).
function hashFields(bytes: Uint8Array, s: number, e: number, sep: number, collapse: boolean, out: Int32Array): number {
  let c = 0;
  let p = s;
  if (collapse) while (p < e && bytes[p] === sep) p++;
  while (c < MAX_COLUMNS) {
    let h = 0x811c9dc5 | 0;
    let quoted = collapse && bytes[p] === QUOTE;
    while (p < e && (quoted || bytes[p] !== sep)) {
      const b = bytes[p]!;
      h = Math.imul(h ^ b, 0x01000193);
      p++;
      if (quoted && p < e) {
        if (b === BACKSLASH) { h = Math.imul(h ^ bytes[p]!, 0x01000193); p++; }
        else if (bytes[p] === QUOTE) { h = Math.imul(h ^ QUOTE, 0x01000193); p++; quoted = false; }
      }
    }
    out[c++] = h;
    if (p >= e) break;
    p++; // past the separator
    if (collapse) {
      while (p < e && bytes[p] === sep) p++;
      if (p >= e) break;
    }
  }
  return c;
}

// The text of field c of line i (for the date check of a column's majority value).
function fieldText(t: LineTable, i: number, c: number, sep: number, collapse: boolean): string {
  const line = t.text(i);
  const fields = collapse ? line.match(/"(?:[^"\\]|\\.)*"?\S*|[^ ]+/g) ?? [] : line.split(String.fromCharCode(sep));
  return fields[c] ?? "";
}
