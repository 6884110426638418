/**
 * The messages pipeline's seam: one adapter per provider format finds the tool outputs of a
 * request, writes compressed text back without touching anything else, and speaks the format's
 * own tool schema. Plain data in, plain data out; no runtime imports.
 * @module
 */

/** Provider request formats understood natively. */
export type MessageFormat = "openai-chat" | "anthropic" | "openai-responses" | "gemini";

/** One tool output found in a request. */
export interface ToolOutput {
  /** Index of the message (or input item / content) that holds it. */
  message: number;
  /** Index of the part or block inside that message, when the format has parts. */
  part?: number;
  /** Index of the text inside a block's own content array (Anthropic tool_result blocks). */
  sub?: number;
  /** Name of the string member inside a structured tool response (Gemini `functionResponse.response`). */
  key?: string;
  /** The text a compressor may shorten. */
  text: string;
  /** Name of the tool call that produced it, when the request shows it. */
  toolName?: string;
  /** Arguments of that call, as text (a grep pattern, a path, a URL, an id). */
  toolArgs?: string;
  /** The user's last words before this output: the question it serves. Stable across turns. */
  question: string;
  /** Set when the format forbids touching it (Anthropic `cache_control`). */
  locked?: boolean;
  /** `"user"` for text the user pasted into their own message (opt-in `userContent`); else a tool output. */
  kind?: "user";
}

/** One inline base64 image found in a request (URLs are never listed). */
export interface ImageRef {
  /** Index of the message (or input item / content) that holds it. */
  message: number;
  /** Index of the part or block inside that message. */
  part?: number;
  /** Index inside a block's own content (an image inside an Anthropic tool_result or a Responses function_call_output). */
  sub?: number;
  /** `image/png`, `image/jpeg`, `image/webp` … */
  mediaType: string;
  /** The base64 data, without the `data:` prefix. */
  data: string;
  /** OpenAI's `detail` (`low`, `high`, `auto`), when given. */
  detail?: string;
  /** Set when the block carries `cache_control`. */
  locked?: boolean;
}

/** A format adapter. `replace` copies only the path it changes, so untouched parts keep identity. */
export interface FormatAdapter<Body = unknown> {
  readonly name: MessageFormat;
  /** True when `body` (a request, or a bare message array) is in this format. */
  detect(body: unknown): boolean;
  /** Number of messages (items, contents). */
  count(body: Body): number;
  /** The tool outputs, in order. */
  toolOutputs(body: Body): ToolOutput[];
  /** A copy of `body` with the given outputs' texts replaced. */
  replace(body: Body, edits: ReadonlyArray<{ output: ToolOutput; text: string }>): Body;
  /** True when the request already declares `tokenfold_retrieve`. */
  hasRetrieveTool(body: Body): boolean;
  /** A copy of the request with `tokenfold_retrieve` appended to its tools (requests only). */
  addRetrieveTool(body: Body): Body;
  /** The system prompt's text, if any (checked for volatile values). */
  systemText(body: Body): string;
  /** Index of the last message holding the user's own words (not only tool results); -1 if none. */
  lastUserIndex?(body: Body): number;
  /** The text parts of user messages (`kind: "user"`, `question` = the user's previous words); `replace` writes them back. */
  userTexts?(body: Body): ToolOutput[];
  /** The inline base64 images, in order. */
  images?(body: Body): ImageRef[];
  /** A copy of `body` with the given images' base64 data replaced (same media type); copies only the changed path. */
  replaceImages?(body: Body, edits: ReadonlyArray<{ image: ImageRef; data: string }>): Body;
}

/** Name of the retrieval tool added to requests that carry refs. */
export const RETRIEVE_TOOL = "tokenfold_retrieve";

/** Description of the retrieval tool, one text for every format. */
export const RETRIEVE_DESCRIPTION =
  "Get back content that tokenfold left out of a tool result. Pass the ref shown in the result (tf_…) and, optionally, a query to get only the matching parts.";

/** JSON Schema of the retrieval tool's arguments. */
export const RETRIEVE_PARAMETERS = {
  type: "object",
  properties: {
    ref: { type: "string", description: "The ref from the tool result, e.g. tf_0123456789abcdef01234567" },
    query: { type: "string", description: "Optional: return only the parts matching this" },
  },
  required: ["ref"],
} as const;

/** Copies an array with one element replaced. */
export function withItem<T>(list: readonly T[], i: number, value: T): T[] {
  const out = list.slice();
  out[i] = value;
  return out;
}

/** Index of the last element matching `pred`, or -1 (Array#findLastIndex is ES2023). */
export function lastIndex<T>(list: readonly T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i]!)) return i;
  return -1;
}

/** Splits a `data:image/…;base64,…` URL; undefined for anything else (remote URLs included). */
export function parseDataUrl(url: unknown): { mediaType: string; data: string } | undefined {
  if (typeof url !== "string") return undefined;
  const m = /^data:(image\/[a-z0-9.+-]+);base64,/i.exec(url);
  return m ? { mediaType: m[1]!, data: url.slice(m[0].length) } : undefined;
}

/** A plain object (not null, not an array): the shape check every format needs. */
export function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * The text of user messages as outputs (opt-in `userContent`): a string content whole, or each of
 * its text parts of `partType` (a part carrying `cache_control` is locked). The question of each
 * is the user's words before it: the last user message that had any.
 */
export function userTextOutputs(
  list: readonly unknown[],
  o: { isUser(m: Record<string, unknown>): boolean; partType: string; words(content: unknown): string },
): ToolOutput[] {
  const out: ToolOutput[] = [];
  let question = "";
  list.forEach((m, i) => {
    if (!isObj(m) || !o.isUser(m)) return;
    const base = { message: i, question, kind: "user" as const };
    const c = m.content;
    if (typeof c === "string") out.push({ ...base, text: c });
    else if (Array.isArray(c)) {
      c.forEach((p, k) => {
        if (isObj(p) && p.type === o.partType && typeof p.text === "string") out.push({ ...base, part: k, text: p.text, ...(p.cache_control !== undefined ? { locked: true } : {}) });
      });
    }
    const words = o.words(c);
    if (words) question = words;
  });
  return out;
}
