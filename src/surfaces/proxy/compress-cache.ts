/**
 * Compression with a memory of earlier requests. An agent re-sends every earlier tool output on
 * each turn, and compressing an output is a pure function of its text, its question and the
 * options (see compress-messages.ts), so the proxy keeps each output's compressed text and, on the
 * next turn, puts it back instead of compressing again: turn N costs the new outputs only, not N
 * of them. The bytes sent are the same either way (prompt caches keep hitting). A cached text is
 * used only while the store still holds its refs; otherwise the output is compressed anew (which
 * stores them again).
 * @module
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { createEstimator } from "../../core/tokens.js";
import type { Store } from "../../core/types.js";
import { withLazyCounts } from "../../messages/lazy-counts.js";
import { compressMessages, type MessagesOptions, type MessagesResult, type PerMessage } from "../../messages/compress-messages.js";
import type { FormatAdapter, ToolOutput } from "../../messages/types.js";

/** One output's compressed form. */
export interface CachedOutput {
  text: string;
  type: string;
  tokensBefore: number;
  tokensAfter: number;
  refs: string[];
}

/** Outputs' compressed texts by content, question and call arguments. */
export type OutputCache = LRUCache<string, CachedOutput>;
type Entry = CachedOutput;

/** A cache bounded by the characters it holds (default 32 M, ~64 MB), entries kept an hour. */
export function createOutputCache(maxChars = 32 * 1024 * 1024): OutputCache {
  return new LRUCache<string, Entry>({ maxSize: maxChars, sizeCalculation: (e) => Math.max(1, e.text.length), ttl: 60 * 60_000 });
}

/** What compressing a body would cost with this cache: the characters of outputs it lacks, and the cached entries it would use. */
export interface PendingWork {
  /** Characters of the tool outputs to compress (all of them when the options bypass the cache). */
  newChars: number;
  /** The cache's entries for the other outputs, by key. */
  hits: Array<[string, CachedOutput]>;
  /** Each output's cache key (undefined: not cached), for {@link compressCached}'s `hints.keys`. */
  keys: Array<string | undefined>;
}

/** What the caller already knows about a body, so `compressCached` need not work it out again. */
export interface CacheHints {
  /** The outputs' keys, from {@link pendingWork} on the same body and options. */
  keys?: Array<string | undefined>;
  /** The body as the client sent it (its bytes decoded): stats count it instead of re-serialising the body. */
  clientText?: () => string;
}

/** Looks `body`'s tool outputs up in `cache` (the same keys and rules as {@link compressCached}). */
export function pendingWork(body: unknown, adapter: FormatAdapter, options: MessagesOptions, cache: OutputCache): PendingWork {
  const outputs = adapter.toolOutputs(body);
  const bypass = options.budget !== undefined || options.protectRecentReads || options.override || options.lossless;
  const frozen = options.frozenPrefix ?? 0;
  let newChars = 0;
  const hits: Array<[string, CachedOutput]> = [];
  const keys = outputs.map((o) => (bypass || o.locked || o.message < frozen ? undefined : keyOf(o)));
  outputs.forEach((o, i) => {
    const entry = keys[i] === undefined ? undefined : cache.get(keys[i]!);
    if (entry) hits.push([keys[i]!, entry]);
    else newChars += o.text.length;
  });
  return { newChars, hits, keys };
}

/**
 * `compressMessages`, reusing cached outputs. Options that make an output's result depend on its
 * position or on a callback (budget, protected reads, override, lossless) skip the cache.
 */
export async function compressCached<T>(body: T, adapter: FormatAdapter, options: MessagesOptions & { store: Store }, cache: OutputCache | undefined, hints: CacheHints = {}): Promise<MessagesResult<T>> {
  if (!cache || options.budget !== undefined || options.protectRecentReads || options.override || options.lossless) return compressMessages(body, options);
  const frozen = options.frozenPrefix ?? 0;
  const outputs = adapter.toolOutputs(body);
  const keys = hints.keys?.length === outputs.length ? hints.keys : outputs.map((o) => (o.locked || o.message < frozen ? undefined : keyOf(o)));
  const hits: Array<{ output: ToolOutput; entry: Entry }> = [];
  const skip = new Set<string>();
  for (let i = 0; i < outputs.length; i++) {
    const entry = keys[i] === undefined ? undefined : cache.get(keys[i]!);
    if (!entry || !(await refsKept(options.store, entry.refs))) continue;
    hits.push({ output: outputs[i]!, entry });
    skip.add(place(outputs[i]!));
  }
  const edits = hits.filter((h) => h.entry.text !== h.output.text).map((h) => ({ output: h.output, text: h.entry.text }));
  const pre = (edits.length > 0 ? adapter.replace(body, edits) : body) as T;
  const r = await compressMessages(pre, { ...options, override: (o) => (skip.has(place(o)) ? { skip: true } : undefined) });

  // remember what was compressed now
  const after = adapter.toolOutputs((r.request ?? r.messages) as T);
  const used = new Set<PerMessage>();
  outputs.forEach((o, i) => {
    const a = after[i];
    if (keys[i] === undefined || skip.has(place(o)) || !a || place(a) !== place(o)) return;
    const pm = r.perMessage.find((p) => !used.has(p) && p.message === o.message && p.part === o.part && p.type !== "image" && p.type !== "budget");
    if (!pm) return;
    used.add(pm);
    cache.set(keys[i]!, { text: a.text, type: pm.type, tokensBefore: pm.tokensBefore, tokensAfter: pm.tokensAfter, refs: pm.refs });
  });
  // the request as the client sent it held the originals: count them as compressed here
  const hitSaved = hits.reduce((n, h) => n + Math.max(0, h.entry.tokensBefore - h.entry.tokensAfter), 0);
  const refs = [...r.refs];
  for (const h of hits) for (const ref of h.entry.refs) if (!refs.includes(ref)) refs.push(ref);
  const perMessage = [...hits.map((h) => ({ message: h.output.message, part: h.output.part, type: h.entry.type, tokensBefore: h.entry.tokensBefore, tokensAfter: h.entry.tokensAfter, refs: h.entry.refs, reasons: [{ code: "proxy.cached", detail: "compressed on an earlier request; same bytes reused" }] })), ...r.perMessage];
  // Counted on the body as sent by the client (its own text when given, else serialised the way
  // compressMessages counts); only stats read these, so the count (a pass over the whole body)
  // waits until they do, after the request has gone upstream. r's own (lazy) counts are never read.
  const { format, messages, request, warnings, images } = r;
  const out = { format, warnings, refs, perMessage, ...(messages !== undefined && { messages }), ...(request !== undefined && { request }), ...(images !== undefined && { images }) };
  return withLazyCounts(out, () => {
    const tokensBefore = createEstimator(options.tokenizer ?? "o200k").count(hints.clientText ? hints.clientText() : JSON.stringify(body));
    return { tokensBefore, saved: Math.min(tokensBefore, r.saved + hitSaved) };
  });
}

function keyOf(o: ToolOutput): string {
  return createHash("sha256").update(o.text).update("\u0000").update(o.question).update("\u0000").update(o.toolArgs ?? "").update("\u0000").update(o.toolName ?? "").digest("base64");
}

function place(o: ToolOutput): string {
  return `${o.message}/${o.part ?? ""}/${o.sub ?? ""}/${o.key ?? ""}`;
}

async function refsKept(store: Store, refs: string[]): Promise<boolean> {
  for (const ref of refs) {
    const kept = store.has ? await store.has(ref).catch(() => false) : (await store.get(ref).catch(() => undefined)) !== undefined;
    if (!kept) return false;
  }
  return true;
}
