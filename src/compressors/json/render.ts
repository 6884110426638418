/**
 * Renders a scanned JSON document as compact JSON of the same shape, crushing collections on the
 * way down: the first collection met on each path keeps its chosen items (rendered the same way,
 * so collections nested inside a kept item are crushed too, unless the item holds a query
 * identifier and is small enough to keep whole) and one summary in place of the rest.
 * @module
 */
import type { CoreBackend } from "../../core/backend.js";
import { Field, Item, Kind, Limits, TAPE_STRIDE, Value } from "../../core/codes.js";
import type { StatsOut } from "../../core/backend.js";
import { chooseItems, itemTokens } from "./keep.js";
import { cutString, type CutQuery } from "./strings.js";
import { buildSummary, scalarStats } from "./summary.js";

/** Smallest collection (items) worth crushing. */
export const MIN_ITEMS = 8;
/** Collections smaller than this (bytes) are rendered whole. */
const MIN_COLLECTION_BYTES = 1500;
/** An item that holds a query identifier is kept whole up to this many minified bytes. */
const WHOLE_IDENTIFIER_ITEM = 24 * 1024;
/** Token budgets per collection: optional items (tier 2) and signalled items (tier 1). */
const OPTIONAL_MIN = 300;
const OPTIONAL_MAX = 2000;
const MUST_MAX = 6000;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** Any kept item this small is kept whole (long strings included, if any fit). */
const WHOLE_ITEM = 1200;

/**
 * Everything one rendering needs. `bytes` and `tape` are views into the backend's memory; they
 * are re-taken (`sync`) after every backend call, since WASM memory may have grown.
 */
export interface RenderContext {
  bytes: Uint8Array;
  tape: Uint32Array;
  backend: CoreBackend;
  ref: string;
  targetRatio: number;
  termBytes: Uint8Array;
  terms: Uint32Array;
  nTerms: number;
  termKinds: number[];
  cut: CutQuery;
  /** Byte spans `[start, end)` of the items of crushed collections, flat, one array per collection (retrieval by query returns these units). */
  units: Uint32Array[];
  /** The root array is JSON Lines: render its elements one per line, without brackets. */
  linesRoot?: boolean;
  /** Counters for reasons. */
  collections: number;
  omitted: number;
  cutStrings: number;
}

const decoder = new TextDecoder();

/** Re-takes the views after a backend call. */
function sync(ctx: RenderContext): void {
  ctx.bytes = ctx.backend.bytes();
  ctx.tape = ctx.backend.tape();
}

/**
 * Decodes `bytes[s, e)`. Short ASCII runs (most keys and values) skip TextDecoder, whose per-call
 * cost is high in some browsers, and are made in one allocation (appending char by char made a
 * string per character: a third of all the proxy's garbage).
 */
export function decodeRange(bytes: Uint8Array, s: number, e: number): string {
  if (e - s <= 32) {
    for (let i = s; i < e; i++) if (bytes[i]! >= 128) return decoder.decode(bytes.subarray(s, e));
    return String.fromCharCode.apply(null, bytes.subarray(s, e) as unknown as number[]);
  }
  return decoder.decode(bytes.subarray(s, e));
}

const kindOf = (tape: Uint32Array, i: number) => tape[i * TAPE_STRIDE]! & 15;
const startOf = (tape: Uint32Array, i: number) => tape[i * TAPE_STRIDE + 1]!;
const endOf = (tape: Uint32Array, i: number) => tape[i * TAPE_STRIDE + 2]!;
const nextOf = (tape: Uint32Array, i: number) => tape[i * TAPE_STRIDE + 3]!;

/** Counts children (values) of container `i`, and how many of them are containers. */
function children(tape: Uint32Array, i: number): { count: number; containers: number } {
  const isObj = kindOf(tape, i) === Kind.OBJECT;
  const end = nextOf(tape, i);
  let e = i + 1;
  let count = 0;
  let containers = 0;
  while (e < end) {
    if (isObj) e++;
    const k = kindOf(tape, e);
    if (k === Kind.OBJECT || k === Kind.ARRAY) containers++;
    count++;
    e = nextOf(tape, e);
  }
  return { count, containers };
}

/** Renders value `i` (compact JSON). */
export function renderValue(ctx: RenderContext, i: number): string {
  const { tape, bytes } = ctx;
  const kind = kindOf(tape, i);
  if (kind === Kind.STRING) {
    const cut = cutString(bytes, startOf(tape, i), endOf(tape, i), ctx.cut, (n) => marker(ctx, n), (s, e) => decodeRange(bytes, s, e));
    if (cut === null) return decodeRange(bytes, startOf(tape, i), endOf(tape, i));
    ctx.cutStrings++;
    return cut;
  }
  if (kind !== Kind.OBJECT && kind !== Kind.ARRAY) return decodeRange(bytes, startOf(tape, i), endOf(tape, i));
  const { count, containers } = children(tape, i);
  const big = endOf(tape, i) - startOf(tape, i) >= MIN_COLLECTION_BYTES;
  const isCollection = big && count >= MIN_ITEMS && (kind === Kind.ARRAY || containers * 2 >= count || count >= 64);
  if (isCollection) return renderCollection(ctx, i, count);
  return renderContainer(ctx, i);
}

function marker(ctx: RenderContext, cutBytes: number): string {
  return ` [...tokenfold cut ${cutBytes} bytes; ref ${ctx.ref}] `;
}

/** Renders a container whole (its children may still crush collections and cut strings). */
function renderContainer(ctx: RenderContext, i: number): string {
  const isObj = kindOf(ctx.tape, i) === Kind.OBJECT;
  const end = nextOf(ctx.tape, i);
  const parts: string[] = [];
  let e = i + 1;
  while (e < end) {
    let key = "";
    if (isObj) {
      key = decodeRange(ctx.bytes, startOf(ctx.tape, e), endOf(ctx.tape, e)) + ":";
      e++;
    }
    parts.push(key + renderValue(ctx, e));
    e = nextOf(ctx.tape, e);
  }
  if (i === 0 && ctx.linesRoot) return parts.join("\n") + "\n";
  return (isObj ? "{" : "[") + parts.join(",") + (isObj ? "}" : "]");
}

/** Lossless JSON Lines: every element of the root array minified, one per line. */
export function renderLines(backend: CoreBackend): string {
  const tape = backend.tape();
  const spans: Array<[number, number]> = [];
  for (let e = 1; e < nextOf(tape, 0); e = nextOf(tape, e)) spans.push([startOf(tape, e), endOf(tape, e)]);
  return spans.map(([s, e]) => decoder.decode(backend.minify(s, e))).join("\n") + "\n";
}

/**
 * Fields whose key the question names by a word (`license` in "which licence is unusual?"):
 * their values are what the question is about, so the summary lists all of them and the items
 * holding a value seen only once are kept.
 */
function fieldsTheQueryNames(ctx: RenderContext, stats: StatsOut): Set<number> {
  const named = new Set<number>();
  if (ctx.cut.words.length === 0) return named;
  const qw = ctx.cut.words.map((w) => decoder.decode(w));
  for (let f = 0; f < stats.counts[0]!; f++) {
    const k = stats.fields[f * Field.STRIDE + Field.KEY]!;
    const key = decodeRange(ctx.bytes, startOf(ctx.tape, k) + 1, endOf(ctx.tape, k) - 1);
    const parts = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/);
    if (parts.some((p) => p.length >= 3 && qw.some((w) => p === w || (w.length >= 4 && p.startsWith(w)) || (p.length >= 4 && w.startsWith(p))))) named.add(f);
  }
  return named;
}

/** The first item of each value seen once in a named categorical field (a rare licence, a rare state). */
function rareValueItems(stats: StatsOut, namedFields: Set<number>): number[] {
  const out: number[] = [];
  if (namedFields.size === 0) return out;
  const { values, fields } = stats;
  for (let v = 0; v < stats.counts[1]!; v++) {
    const f = values[v * Value.STRIDE + Value.FIELD]!;
    if (!namedFields.has(f) || values[v * Value.STRIDE + Value.COUNT]! !== 1) continue;
    const distinct = fields[f * Field.STRIDE + Field.DISTINCT]!;
    // a field where most values are unique (names, ids) has no "rare" value
    if (distinct >= 2 && distinct <= Limits.MAX_DISTINCT && fields[f * Field.STRIDE + Field.PRESENT]! >= 4 * distinct) out.push(values[v * Value.STRIDE + Value.FIRST_ITEM]!);
  }
  return out;
}

/** Crushes one collection: chosen items, then one summary for the rest. */
function renderCollection(ctx: RenderContext, c: number, n: number): string {
  const stats = ctx.backend.collectionStats(c, n, ctx.termBytes, ctx.terms, ctx.nTerms);
  sync(ctx);
  const { tape, bytes } = ctx;
  const collTokens = itemTokens(endOf(tape, c) - startOf(tape, c));
  // Budgets grow with the collection but are capped: no question needs 500 search hits verbatim,
  // and the summary answers counts and ranges for the rest.
  const optionalBudget = clamp(Math.floor(0.25 * (1 - ctx.targetRatio) * collTokens), OPTIONAL_MIN, OPTIONAL_MAX);
  const mustBudget = clamp(Math.floor(0.15 * collTokens), optionalBudget * 2, MUST_MAX);
  const named = namedItems(ctx, stats.items, stats.tf, n);
  // items that are scalars have no fields: their extremes and rare values come from here
  const scalars = stats.counts[0] === 0 ? scalarStats(stats.items, n, Item.STRIDE, Item.VALUE, ctx.tape, (s, e) => decodeRange(ctx.bytes, s, e)) : undefined;
  const namedFields = fieldsTheQueryNames(ctx, stats);
  const notable = [...(scalars?.notable ?? []), ...rareValueItems(stats, namedFields)];
  const res = chooseItems({ stats, n, nTerms: ctx.nTerms, termKinds: ctx.termKinds, optionalBudget, mustBudget, named, notable });
  const omitted = n - res.kept;
  if (omitted === 0) return renderContainer(ctx, c);
  ctx.collections++;
  ctx.omitted += omitted;
  // items kept whole: identifier hits that fit, and small items
  const whole = new Uint8Array(n);
  const isObj = kindOf(tape, c) === Kind.OBJECT;
  const omittedKeys: string[] = [];
  // every item is a unit: retrieval by query searches kept and omitted items alike
  const spans = new Uint32Array(2 * n);
  ctx.units.push(spans);
  for (let k = 0; k < n; k++) {
    const r = k * Item.STRIDE;
    const v = stats.items[r + Item.VALUE]!;
    const keyIdx = stats.items[r + Item.KEY]!;
    spans[2 * k] = isObj ? startOf(tape, keyIdx) : startOf(tape, v);
    spans[2 * k + 1] = endOf(tape, v);
    if (res.keep[k]) {
      const minBytes = stats.items[r + Item.MIN_BYTES]!;
      if (minBytes <= WHOLE_ITEM || (res.identifierHit[k] && minBytes <= WHOLE_IDENTIFIER_ITEM)) whole[k] = 1;
    } else if (isObj) omittedKeys.push(safeKey(decodeRange(bytes, startOf(tape, keyIdx), endOf(tape, keyIdx))));
  }
  const summary = buildSummary({
    stats, n, omitted, duplicates: res.duplicates, signalledOmitted: res.signalledOmitted, ref: ctx.ref, tape,
    decode: (s, e) => decodeRange(bytes, s, e), omittedKeys: isObj ? omittedKeys : undefined,
    values: scalars?.stats, namedFields,
  });
  // In an object the summary is one more member; in an array, one more element.
  let extra: string;
  if (isObj) {
    const { _tokenfold: _, count, ...rest } = summary;
    extra = `"_tokenfold":${JSON.stringify({ omitted: count, ...rest })}`;
  } else extra = JSON.stringify(summary);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    if (!res.keep[k]) continue;
    const v = stats.items[k * Item.STRIDE + Item.VALUE]!;
    const key = isObj ? decodeRange(ctx.bytes, startOf(ctx.tape, stats.items[k * Item.STRIDE + Item.KEY]!), endOf(ctx.tape, stats.items[k * Item.STRIDE + Item.KEY]!)) + ":" : "";
    if (whole[k]) {
      parts.push(key + decoder.decode(ctx.backend.minify(startOf(ctx.tape, v), endOf(ctx.tape, v))));
      sync(ctx);
    } else parts.push(key + renderValue(ctx, v));
  }
  parts.push(extra);
  if (c === 0 && ctx.linesRoot) return parts.join("\n") + "\n";
  return (isObj ? "{" : "[") + parts.join(",") + (isObj ? "}" : "]");
}

/**
 * Marks the items a query identifier names: the member key, or a string value directly inside
 * the item, equals the identifier. Only items with an identifier hit are looked at.
 */
function namedItems(ctx: RenderContext, items: Uint32Array, tf: Uint32Array, n: number): Uint8Array | undefined {
  const ids: string[] = [];
  const idTerms: number[] = [];
  for (let t = 0; t < ctx.nTerms; t++) if (ctx.termKinds[t] === 1) idTerms.push(t);
  if (idTerms.length === 0) return undefined;
  for (const t of idTerms) ids.push(decodeRange(ctx.termBytes, ctx.terms[t * 3 + 1]!, ctx.terms[t * 3 + 1]! + ctx.terms[t * 3 + 2]!));
  const { tape, bytes } = ctx;
  const out = new Uint8Array(n);
  const isId = (s: number, e: number) => e - s - 2 <= 200 && ids.includes(decodeRange(bytes, s + 1, e - 1));
  for (let k = 0; k < n; k++) {
    if (!idTerms.some((t) => tf[k * ctx.nTerms + t]! > 0)) continue;
    const keyIdx = items[k * Item.STRIDE + Item.KEY]!;
    if (keyIdx !== 0xffffffff && isId(startOf(tape, keyIdx), endOf(tape, keyIdx))) { out[k] = 1; continue; }
    const v = items[k * Item.STRIDE + Item.VALUE]!;
    if (kindOf(tape, v) !== Kind.OBJECT) continue;
    const end = nextOf(tape, v);
    let e = v + 1;
    while (e < end) {
      const val = e + 1;
      if (kindOf(tape, val) === Kind.STRING && isId(startOf(tape, val), endOf(tape, val))) { out[k] = 1; break; }
      e = nextOf(tape, val);
    }
  }
  return out;
}

function safeKey(raw: string): string {
  try { return JSON.parse(raw) as string; } catch { return raw.slice(1, -1); }
}
