/**
 * The summary that stands in for the omitted items of a collection. Its field statistics describe
 * all the collection's items (kept and omitted), so "how many failed?" or "what range?" can be
 * answered without retrieval:
 *
 *   {"_tokenfold":"omitted","count":4987,"of":5000,"ref":"tf_…","fields":{"status":{"ok":4990,"failed":10},
 *    "ms":{"min":1,"max":930,"mean":45.2}}}
 *
 * Categorical fields (≤ 12 distinct values) list every value with its count, most frequent
 * first; wider ones list the top 5 and `"…"`. Numeric fields give min, max and mean. Fields that
 * some items lack say how many have them (`"present"`).
 * @module
 */
import type { StatsOut } from "../../core/backend.js";
import { Field, FieldFlag, FieldNum, Kind, TAPE_STRIDE, Value } from "../../core/codes.js";

/** What the summary needs to name fields and values. */
export interface SummaryInput {
  stats: StatsOut;
  n: number;
  omitted: number;
  duplicates: number;
  signalledOmitted: number;
  ref: string;
  tape: Uint32Array;
  decode: (s: number, e: number) => string;
  /** Names of omitted members, for object collections. */
  omittedKeys?: string[];
  /** Statistics of the items themselves when they are scalars (an array of numbers or strings). */
  values?: Record<string, unknown>;
  /** Fields the question names: all their values are listed (up to 64 distinct). */
  namedFields?: Set<number>;
}

const MAX_FIELDS = 24;
const MAX_KEYS = 100;
const ALL_VALUES = 12;
const TOP_VALUES = 5;

const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null);

/** Builds the summary object (as a plain object; the caller serialises it). */
export function buildSummary(input: SummaryInput): Record<string, unknown> {
  const { stats, n, tape, decode } = input;
  const { fields, fieldNums, values, counts } = stats;
  const nFields = counts[0]!;
  const keyText = (f: number) => {
    const k = fields[f * Field.STRIDE + Field.KEY]!;
    const raw = decode(tape[k * TAPE_STRIDE + 1]! + 1, tape[k * TAPE_STRIDE + 2]! - 1);
    try { return JSON.parse(`"${raw}"`) as string; } catch { return raw; }
  };
  const names: string[] = [];
  for (let f = 0; f < nFields; f++) {
    const parent = fields[f * Field.STRIDE + Field.PARENT]!;
    names.push(parent > 0 && names[parent - 1] !== undefined ? `${names[parent - 1]}.${keyText(f)}` : keyText(f));
  }
  // value records by field, in first-seen order
  const byField = new Map<number, number[]>();
  for (let v = 0; v < counts[1]!; v++) {
    const f = values[v * Value.STRIDE + Value.FIELD]!;
    let list = byField.get(f);
    if (!list) byField.set(f, (list = []));
    list.push(v);
  }
  const out: Record<string, unknown> = {};
  let shown = 0;
  for (let f = 0; f < nFields; f++) {
    if (shown >= MAX_FIELDS && !input.namedFields?.has(f)) continue;
    const r = f * Field.STRIDE;
    const present = fields[r + Field.PRESENT]!;
    if (fields[r + Field.T_OBJECT]! === present) continue; // a parent of other fields
    const stat: Record<string, unknown> = {};
    const high = (fields[r + Field.FLAGS]! & FieldFlag.HIGH_CARDINALITY) !== 0;
    const distinct = fields[r + Field.DISTINCT]!;
    if (!high && distinct > 0 && distinct <= 64 && (fields[r + Field.T_NUMBER]! === 0 || distinct <= ALL_VALUES)) {
      const list = (byField.get(f) ?? []).slice().sort((a, b) => values[b * Value.STRIDE + Value.COUNT]! - values[a * Value.STRIDE + Value.COUNT]! || a - b);
      const shownValues = distinct <= ALL_VALUES || input.namedFields?.has(f) ? list : list.slice(0, TOP_VALUES);
      for (const v of shownValues) {
        const t = values[v * Value.STRIDE + Value.TAPE]!;
        const kind = tape[t * TAPE_STRIDE]! & 15;
        const text = decode(tape[t * TAPE_STRIDE + 1]!, tape[t * TAPE_STRIDE + 2]!);
        const label = kind === Kind.STRING ? safeParse(text) : text;
        stat[label] = values[v * Value.STRIDE + Value.COUNT]!;
      }
      if (shownValues.length < list.length) stat["…"] = list.length - shownValues.length;
    } else if (fields[r + Field.T_NUMBER]! > 0) {
      const q = f * FieldNum.STRIDE;
      const cnt = fields[r + Field.T_NUMBER]!;
      stat.min = round(fieldNums[q + FieldNum.MIN]!);
      stat.max = round(fieldNums[q + FieldNum.MAX]!);
      stat.mean = round(fieldNums[q + FieldNum.SUM]! / cnt);
    } else continue;
    if (present < n) stat.present = present;
    const nulls = fields[r + Field.T_NULL]!;
    if (nulls > 0 && stat.null === undefined && !("null" in stat)) stat.null = nulls;
    out[names[f]!] = stat;
    shown++;
  }
  const summary: Record<string, unknown> = { _tokenfold: "omitted", count: input.omitted, of: n, ref: input.ref };
  if (input.duplicates > 0) summary.duplicates = input.duplicates;
  if (input.signalledOmitted > 0) summary.flaggedOmitted = input.signalledOmitted;
  if (input.omittedKeys && input.omittedKeys.length > 0) {
    summary.keys = input.omittedKeys.length <= MAX_KEYS ? input.omittedKeys : [...input.omittedKeys.slice(0, MAX_KEYS), `… ${input.omittedKeys.length - MAX_KEYS} more`];
  }
  if (Object.keys(out).length > 0) summary.fields = out;
  if (input.values) summary.values = input.values;
  return summary;
}

/**
 * Statistics of a collection whose items are scalars: counts per type, min/max/mean of the
 * numbers, and the most frequent strings (when few distinct ones cover them).
 */
export function scalarStats(items: Uint32Array, n: number, stride: number, valueWord: number, tape: Uint32Array, decode: (s: number, e: number) => string): { stats: Record<string, unknown>; notable: number[] } | undefined {
  let numbers = 0, sum = 0, min = Infinity, max = -Infinity, strings = 0, other = 0, minItem = -1, maxItem = -1;
  const counts = new Map<string, number>();
  const firstItem = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const v = items[k * stride + valueWord]!;
    const kind = tape[v * TAPE_STRIDE]! & 15;
    const text = kind === Kind.NUMBER || kind === Kind.STRING ? decode(tape[v * TAPE_STRIDE + 1]!, tape[v * TAPE_STRIDE + 2]!) : "";
    if (kind === Kind.NUMBER) {
      const x = Number(text);
      numbers++; sum += x;
      if (x < min) { min = x; minItem = k; }
      if (x > max) { max = x; maxItem = k; }
    } else if (kind === Kind.STRING) {
      strings++;
      if (counts.size <= 64 && text.length <= 66) {
        counts.set(text, (counts.get(text) ?? 0) + 1);
        if (!firstItem.has(text)) firstItem.set(text, k);
      }
    } else other++;
  }
  if (numbers + strings === 0) return undefined;
  const stats: Record<string, unknown> = {};
  if (numbers > 0) Object.assign(stats, { numbers, min: round(min), max: round(max), mean: round(sum / numbers) });
  if (strings > 0) {
    stats.strings = strings;
    if (counts.size <= ALL_VALUES) stats.top = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([t, c]) => [safeParse(t), c]));
  }
  if (other > 0) stats.other = other;
  // the items worth keeping: the extremes, and strings rare among few distinct ones
  const notable: number[] = [];
  if (minItem >= 0) notable.push(minItem, maxItem);
  const rareMax = n >= 100 ? Math.floor(n / 50) : 1;
  if (counts.size <= 16 && counts.size >= 2 && n >= 8) for (const [t, c] of counts) if (c <= rareMax) notable.push(firstItem.get(t)!);
  return { stats, notable };
}

function safeParse(s: string): string {
  try { return JSON.parse(s) as string; } catch { return s; }
}
