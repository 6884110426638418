/**
 * `compress(messages | request, options)`: finds the tool outputs of a conversation in its own
 * format and compresses each one on its own, with the question it serves. Compressing an output
 * is a pure function of its text, its question (the user's last words *before* it, plus the
 * arguments of the call that produced it) and the options, so turn N+1 re-sends the same bytes
 * for turns ≤ N and provider prompt caches keep hitting. Nothing else is touched: not the system
 * prompt, not assistant text or thinking, not anything carrying `cache_control`. Inline images
 * larger than the provider uses are downscaled to that size (see `images.ts`).
 * @module
 */
import { compress, storeOriginal, type CompressOptions } from "../compress.js";
import { REF_PATTERN } from "../core/ref.js";
import type { Reason } from "../core/types.js";
import { createEstimator } from "../core/tokens.js";
import { anthropic } from "./formats/anthropic.js";
import { gemini } from "./formats/gemini.js";
import { openaiChat } from "./formats/openai-chat.js";
import { openaiResponses } from "./formats/openai-responses.js";
import { downscaleImages, imagesReport, type ImagesReport } from "./images.js";
import { RETRIEVE_TOOL, type FormatAdapter, type MessageFormat, type ToolOutput } from "./types.js";
import { splitPaste } from "./paste.js";
import { volatileWarnings } from "./volatile.js";
import { withLazyCounts } from "./lazy-counts.js";

/** Options of the messages pipeline (text options apply to each tool output). */
export interface MessagesOptions extends Omit<CompressOptions, "type" | "fileName" | "query"> {
  /** The format, when detection should be skipped. */
  format?: MessageFormat;
  /** The first M messages are never touched (a frozen, cached prefix). */
  frozenPrefix?: number;
  /** The last K outputs of read-type tools (read, cat, open, view, fetch …) are left whole. */
  protectRecentReads?: number;
  /** Outputs shorter than this many characters are left alone (default 400). */
  minChars?: number;
  /**
   * Per-output override, called once per tool output: `skip` leaves it whole, `force` compresses
   * it even when short or a protected read (never when locked or frozen), `query` replaces the
   * question. Must be deterministic for prompt caches to keep hitting.
   */
  override?: (output: ToolOutput) => { skip?: boolean; force?: boolean; query?: string } | undefined;
  /**
   * Fit the whole request into this many tokens: outputs older than the latest user message are
   * compressed harder, oldest first, then replaced by a one-line stub with a ref. The system
   * prompt, the latest turn and locked or frozen content are never touched, and no message is
   * removed, so tool calls and their results stay paired.
   */
  budget?: number;
  /**
   * Downscale inline base64 images larger than the provider's useful resolution (default true);
   * originals are kept in the store, their refs reported in `images.refs` and `perMessage`.
   */
  images?: boolean;
  /**
   * Also compress large content the user pasted into their own messages (off by default): text
   * parts of user messages longer than `minChars` (default 8,000 characters). Only the paste is
   * compressed; the user's words around it stay verbatim and are its question.
   */
  userContent?: boolean | { minChars?: number };
  /**
   * Called with the body before anything else; what it returns (if anything) is compressed
   * instead — to redact, drop or tag content first. Must be deterministic for caches to keep hitting.
   */
  before?: (body: unknown) => unknown | Promise<unknown>;
  /** Called with the result before it is returned (to log savings, or to inspect refs and warnings). */
  after?: (result: MessagesResult<unknown>) => void | Promise<void>;
}

/** What happened to one tool output. */
export interface PerMessage {
  message: number;
  part?: number;
  type: string;
  tokensBefore: number;
  tokensAfter: number;
  refs: string[];
  reasons: Reason[];
}

/** The result: the same shape that was given (`messages` for an array, `request` for a body). */
export interface MessagesResult<T> {
  messages?: T;
  request?: T;
  format: MessageFormat;
  tokensBefore: number;
  tokensAfter: number;
  saved: number;
  /** saved / tokensBefore, as for text. */
  ratio: number;
  refs: string[];
  perMessage: PerMessage[];
  warnings: string[];
  /** Images downscaled, with provider tokens by each provider's formula (not counted in `saved`). */
  images?: ImagesReport;
}

const ADAPTERS: FormatAdapter[] = [anthropic as FormatAdapter, openaiResponses as FormatAdapter, gemini as FormatAdapter, openaiChat as FormatAdapter];
const READ_TOOL = /(?:^|[_\-.\s])(?:read|cat|open|view|get_?file|fetch|file)(?:$|[_\-.\s])|^(?:read|view|open|cat)/i;

/** The adapter for a body, or undefined when no format matches. */
export function detectFormat(body: unknown): FormatAdapter | undefined {
  return ADAPTERS.find((a) => a.detect(body));
}

/**
 * Compresses the tool outputs of a message array or request body.
 * @example
 * const r = await compressMessages({ model, messages, tools });
 * await openai.chat.completions.create(r.request);
 */
export async function compressMessages<T>(input: T, options: MessagesOptions = {}): Promise<MessagesResult<T>> {
  const body = options.before ? (((await options.before(input)) ?? input) as T) : input;
  const adapter = options.format ? ADAPTERS.find((a) => a.name === options.format) : detectFormat(body);
  if (!adapter) throw new TypeError(`[tokenfold] [messages] not a message array or request body in a supported format${options.format ? ` (${options.format} not supported yet)` : ""}`);
  const { format: _f, frozenPrefix = 0, protectRecentReads = 0, minChars = 400, budget, images = true, override, userContent = false, before: _before, after, ...textOptions } = options;
  const outputs = adapter.toolOutputs(body);
  const reads = outputs.filter((o) => o.toolName !== undefined && READ_TOOL.test(o.toolName));
  const protectedReads = new Set(protectRecentReads > 0 ? reads.slice(-protectRecentReads) : []);
  const edits: Array<{ output: ToolOutput; text: string }> = [];
  const perMessage: PerMessage[] = [];
  const refs: string[] = [];
  let saved = 0;
  for (const output of outputs) {
    const o = override?.(output);
    // What tokenfold_retrieve returned is what the model asked to see in full: never fold it again.
    if (output.locked || output.message < frozenPrefix || o?.skip || output.toolName === RETRIEVE_TOOL) continue;
    if (!o?.force && (protectedReads.has(output) || output.text.length < minChars)) continue;
    const query = o?.query ?? questionOf(output);
    const r = await compress(output.text, { ...textOptions, query, fileName: fileNameOf(output.toolArgs) });
    perMessage.push({ message: output.message, part: output.part, type: r.type, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, refs: r.refs, reasons: r.reasons });
    if (r.text === output.text) continue;
    edits.push({ output, text: r.text });
    saved += r.saved;
    for (const ref of r.refs) if (!refs.includes(ref)) refs.push(ref);
  }
  if (userContent && adapter.userTexts) {
    const least = typeof userContent === "object" && userContent.minChars !== undefined ? userContent.minChars : 8000;
    for (const output of adapter.userTexts(body)) {
      if (output.locked || output.message < frozenPrefix || output.text.length < least || override?.(output)?.skip) continue;
      const { head, body: paste, tail } = splitPaste(output.text);
      if (paste.length < least / 2) continue;
      const query = override?.(output)?.query ?? [head, tail, output.question].map((t) => t.trim()).filter(Boolean).join("\n");
      const r = await compress(paste, { ...textOptions, query });
      perMessage.push({ message: output.message, part: output.part, type: `user:${r.type}`, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, refs: r.refs, reasons: r.reasons });
      if (r.text === paste) continue;
      edits.push({ output, text: head + r.text + tail });
      saved += r.saved;
      for (const ref of r.refs) if (!refs.includes(ref)) refs.push(ref);
    }
  }
  const est = createEstimator(options.tokenizer ?? "o200k");
  if (budget !== undefined) saved += await fitBudget(body, adapter, outputs, edits, budget, { ...textOptions, frozenPrefix, est, refs, perMessage });
  let out = edits.length > 0 ? (adapter.replace(body, edits) as T) : body;
  const shrunk = images && adapter.replaceImages ? await downscaleImages(body, adapter, { frozenPrefix, store: options.store, engine: options.engine }) : undefined;
  if (shrunk && shrunk.changes.length > 0) {
    out = adapter.replaceImages!(out, shrunk.changes.map((c) => ({ image: c.image, data: c.data }))) as T;
    for (const c of shrunk.changes) perMessage.push({ message: c.image.message, part: c.image.part, type: "image", tokensBefore: c.tokensBefore, tokensAfter: c.tokensAfter, refs: [c.ref], reasons: c.reasons });
  }
  // The retrieval tool, once a conversation has refs, stays: the tool list must not change
  // from turn to turn (that busts caches too).
  if (!options.lossless && !Array.isArray(body) && !adapter.hasRetrieveTool(out) && (refs.length > 0 || mentionsRetrieval(body))) out = adapter.addRetrieveTool(out) as T;
  // The whole request is counted when a count is first read, not before: the proxy sends the
  // request on without reading them, and counts for its stats later, from the client's own text.
  const result: MessagesResult<T> = withLazyCounts(
    { format: adapter.name, saved, refs, perMessage, warnings: [...volatileWarnings(adapter.systemText(body)), ...(shrunk?.warnings ?? [])] } as Omit<MessagesResult<T>, "tokensBefore" | "tokensAfter" | "ratio">,
    () => ({ tokensBefore: est.count(JSON.stringify(body)), saved }),
  );
  if (shrunk && shrunk.changes.length > 0) result.images = imagesReport(shrunk.changes);
  if (Array.isArray(body)) result.messages = out;
  else result.request = out;
  await after?.(result as MessagesResult<unknown>);
  return result;
}

/** Target ratios of the harder passes, before an output becomes a stub. */
const HARDER = [0.95];

/**
 * Budget fitting: older outputs (before the latest user message) are compressed harder, oldest
 * first, then stubbed, until the request fits. Updates `edits` in place; returns tokens saved
 * beyond the first pass.
 */
async function fitBudget(
  body: unknown, adapter: FormatAdapter, outputs: ToolOutput[], edits: Array<{ output: ToolOutput; text: string }>, budget: number,
  o: Omit<MessagesOptions, "budget"> & { frozenPrefix: number; est: { count(s: string): number }; refs: string[]; perMessage: PerMessage[] },
): Promise<number> {
  let now = o.est.count(JSON.stringify(edits.length > 0 ? adapter.replace(body, edits) : body));
  if (now <= budget) return 0;
  const lastUser = lastUserMessage(adapter, body, outputs);
  const older = outputs.filter((x) => x.message < lastUser && !x.locked && x.message >= o.frozenPrefix);
  const current = (x: ToolOutput) => edits.find((e) => e.output === x)?.text ?? x.text;
  const set = (x: ToolOutput, text: string) => {
    const e = edits.find((y) => y.output === x);
    if (e) e.text = text;
    else edits.push({ output: x, text });
  };
  const textOptions = { engine: o.engine, tokenizer: o.tokenizer, store: o.store, exactTokens: o.exactTokens, maxInputBytes: o.maxInputBytes, model: o.model };
  let extra = 0;
  const stages: Array<(x: ToolOutput) => Promise<string>> = [
    ...HARDER.map((ratio) => async (x: ToolOutput) => {
      const r = await compress(x.text, { ...textOptions, targetRatio: ratio, query: questionOf(x) });
      for (const ref of r.refs) if (!o.refs.includes(ref)) o.refs.push(ref);
      return r.text;
    }),
    async (x: ToolOutput) => {
      const ref = await storeOriginal(x.text, { store: o.store, engine: o.engine });
      if (!o.refs.includes(ref)) o.refs.push(ref);
      return `[tokenfold: ${x.toolName ? `${x.toolName} output` : "tool output"} of ${x.text.length} characters left out to fit the context budget; ref ${ref}]`;
    },
  ];
  for (const stage of stages) {
    for (const x of older) {
      if (now <= budget) return extra;
      const before = current(x);
      const after = await stage(x);
      if (after.length >= before.length) continue;
      set(x, after);
      // the request shrinks by what this text shrinks (as a JSON string): no re-serialising the
      // whole request per step, which would make fitting quadratic in the conversation's length
      const tokensBefore = o.est.count(JSON.stringify(before));
      const tokensAfter = o.est.count(JSON.stringify(after));
      extra += tokensBefore - tokensAfter;
      now -= tokensBefore - tokensAfter;
      o.perMessage.push({ message: x.message, part: x.part, type: "budget", tokensBefore, tokensAfter, refs: [], reasons: [{ code: "budget.fit", detail: "compressed harder or stubbed to fit the budget" }] });
    }
  }
  return extra;
}

/**
 * Index of the last message holding the user's own words; outputs after it belong to the current
 * turn and are never stubbed. Adapters without `lastUserIndex` fall back to the newest output's
 * question: outputs that share it are the current turn's.
 */
function lastUserMessage(adapter: FormatAdapter, body: unknown, outputs: ToolOutput[]): number {
  if (adapter.lastUserIndex) return adapter.lastUserIndex(body);
  const q = outputs.length > 0 ? outputs[outputs.length - 1]!.question : "";
  const first = outputs.find((x) => x.question === q);
  return first ? first.message : adapter.count(body);
}

/** True when earlier turns already carry a ref or a retrieval call. */
function mentionsRetrieval(body: unknown): boolean {
  const s = JSON.stringify(body);
  REF_PATTERN.lastIndex = 0;
  return s.includes(RETRIEVE_TOOL) || REF_PATTERN.test(s);
}

/**
 * The question an output is compressed for: the user's words before it and the *values* of the
 * call's arguments (a pattern, a path, an id). The JSON keys are left out: `"command"` or `"path"`
 * would otherwise count as identifiers the output must keep on every line that holds them.
 */
export function questionOf(output: Pick<ToolOutput, "question" | "toolArgs">): string {
  return [output.question, argValues(output.toolArgs)].filter(Boolean).join("\n");
}

/** The leaf values of a JSON arguments text, one per line; a text that is not JSON as it is. */
function argValues(args: string | undefined): string {
  if (!args) return "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return args;
  }
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
  };
  walk(parsed);
  return out.join("\n");
}

/** A path among the call's arguments (`{"path": "src/app.py"}`), as a language hint. */
function fileNameOf(args: string | undefined): string | undefined {
  if (!args) return undefined;
  const m = /"(?:path|file|file_path|filename|filePath)"\s*:\s*"([^"]{1,300})"/.exec(args);
  return m?.[1];
}
