/**
 * Memory injection for the proxy (`ProxyOptions.beforeUpstream`): relevant facts go into the
 * system prompt as one marked block at its very end, so everything before it stays a cacheable
 * prefix. The block is chosen by the conversation's first user message and then kept for that
 * conversation (sticky), so later turns carry the same bytes and provider prompt caches keep
 * hitting even when the memory changes mid-conversation. Fails open: any error forwards the body
 * untouched.
 *
 * | format             | where the block goes                                                  |
 * |--------------------|-----------------------------------------------------------------------|
 * | `openai-chat`      | appended to the leading system/developer message, else a new system message first |
 * | `anthropic`        | appended to `system` (string), or a last text block of `system` (array) |
 * | `openai-responses` | appended to `instructions`                                            |
 * | `gemini`           | a last text part of `systemInstruction` (created when absent)         |
 * @module
 */
import type { MessageFormat } from "../messages/types.js";
import { isObj } from "../messages/types.js";
import type { Fact, Memory, ScopeFilter } from "./types.js";

/** Options of {@link memoryInjector}. */
export interface MemoryInjectorOptions {
  memory: Memory;
  /** At most this many facts (default 5). */
  limit?: number;
  /** Only facts of these scopes (default: all). */
  scopes?: ScopeFilter[];
  /** Cap on the block's length in characters; facts past it are left out (default 2000). */
  maxChars?: number;
  /** The text facts are searched with; default: the conversation's first user message. */
  query?: (body: unknown, format: MessageFormat) => string;
  /** How many conversations keep their block (default 512, least recently used dropped). */
  sticky?: number;
}

/** Opening and closing marks of the injected block. */
export const MEMORY_OPEN = "<tokenfold-memory>";
export const MEMORY_CLOSE = "</tokenfold-memory>";
const BLOCK_RE = /\n*<tokenfold-memory>[\s\S]*?<\/tokenfold-memory>\n*$/;

/** The block for a list of facts; "" when there are none. */
export function renderMemoryBlock(facts: readonly Fact[], maxChars = 2000): string {
  const head = `${MEMORY_OPEN}\nFacts remembered from earlier sessions (tokenfold memory; may be out of date):\n`;
  let body = "";
  for (const f of facts) {
    const line = `- ${f.text.replace(/\s+/g, " ")}\n`;
    if (head.length + body.length + line.length + MEMORY_CLOSE.length > maxChars) break;
    body += line;
  }
  return body ? head + body + MEMORY_CLOSE : "";
}

type Obj = Record<string, unknown>;
const textOfParts = (c: unknown, types: string[]): string =>
  typeof c === "string" ? c : Array.isArray(c) ? c.filter((p) => isObj(p) && typeof p.text === "string" && (p.type === undefined || types.includes(p.type as string))).map((p) => (p as Obj).text as string).join("\n") : "";

/** The conversation's first user message (its own words, not tool results). */
export function firstUserText(body: unknown, format: MessageFormat): string {
  if (!isObj(body)) return "";
  if (format === "openai-chat" || format === "anthropic") {
    const list = Array.isArray(body.messages) ? body.messages : [];
    for (const m of list) if (isObj(m) && m.role === "user") {
      const t = textOfParts(m.content, ["text", "input_text"]);
      if (t) return t;
    }
  } else if (format === "openai-responses") {
    if (typeof body.input === "string") return body.input;
    for (const x of Array.isArray(body.input) ? body.input : []) if (isObj(x) && x.role === "user") {
      const t = textOfParts(x.content, ["input_text", "text"]);
      if (t) return t;
    }
  } else if (format === "gemini") {
    for (const c of Array.isArray(body.contents) ? body.contents : []) if (isObj(c) && (c.role === "user" || c.role === undefined)) {
      const t = textOfParts(c.parts, []);
      if (t) return t;
    }
  }
  return "";
}

// Appends `block` to a string prompt, replacing a block already there (a retried body).
const appendTo = (s: string, block: string) => {
  const base = s.replace(BLOCK_RE, "");
  return base ? `${base}\n\n${block}` : block;
};
// Appends a text part to a parts array, replacing our own part if it is there.
const appendPart = (parts: unknown[], part: Obj) => [...parts.filter((p) => !(isObj(p) && typeof p.text === "string" && p.text.startsWith(MEMORY_OPEN))), part];
// The system prompt without our block, as a cache key: a body we already changed keys the same.
const withoutBlock = (v: unknown): unknown =>
  typeof v === "string" ? v.replace(BLOCK_RE, "") : Array.isArray(v) ? v.filter((p) => !(isObj(p) && typeof p.text === "string" && p.text.startsWith(MEMORY_OPEN))) : isObj(v) && Array.isArray(v.parts) ? { ...v, parts: withoutBlock(v.parts) } : v;
const systemKey = (body: Obj, format: MessageFormat): string => {
  if (format === "anthropic") return JSON.stringify(withoutBlock(body.system ?? ""));
  if (format === "openai-responses") return JSON.stringify(withoutBlock(body.instructions ?? ""));
  if (format === "gemini") return JSON.stringify(withoutBlock(body.systemInstruction ?? ""));
  const first = Array.isArray(body.messages) ? body.messages[0] : undefined;
  if (!isObj(first) || !(first.role === "system" || first.role === "developer")) return "";
  const content = withoutBlock(first.content);
  return content === "" ? "" : JSON.stringify(content);
};

/**
 * A copy of `body` with `block` at the end of its system prompt (see the table above); the body
 * itself when it is not a request object of a known format.
 */
export function insertMemoryBlock(body: unknown, format: MessageFormat, block: string): unknown {
  if (!isObj(body) || block === "") return body;
  switch (format) {
    case "openai-chat": {
      if (!Array.isArray(body.messages)) return body;
      const [first, ...rest] = body.messages as unknown[];
      if (isObj(first) && (first.role === "system" || first.role === "developer") && !(typeof first.content === "string" && first.content.startsWith(MEMORY_OPEN))) {
        const content = Array.isArray(first.content) ? appendPart(first.content, { type: "text", text: block }) : appendTo(typeof first.content === "string" ? first.content : "", block);
        return { ...body, messages: [{ ...first, content }, ...rest] };
      }
      const ours = isObj(first) && first.role === "system" && typeof first.content === "string" && first.content.startsWith(MEMORY_OPEN);
      return { ...body, messages: [{ role: "system", content: block }, ...(ours ? rest : (body.messages as unknown[]))] };
    }
    case "anthropic": {
      if (!Array.isArray(body.messages)) return body;
      const system = Array.isArray(body.system) ? appendPart(body.system, { type: "text", text: block }) : appendTo(typeof body.system === "string" ? body.system : "", block);
      return { ...body, system };
    }
    case "openai-responses":
      if (!("input" in body)) return body;
      return { ...body, instructions: appendTo(typeof body.instructions === "string" ? body.instructions : "", block) };
    case "gemini": {
      if (!Array.isArray(body.contents)) return body;
      const si = body.systemInstruction;
      if (typeof si === "string") return { ...body, systemInstruction: appendTo(si, block) };
      const parts = isObj(si) && Array.isArray(si.parts) ? si.parts : [];
      return { ...body, systemInstruction: { ...(isObj(si) ? si : {}), parts: appendPart(parts, { text: block }) } };
    }
    default:
      return body;
  }
}

/**
 * Makes the proxy hook that adds relevant memories to each request's system prompt.
 * @example
 * const memory = createMemory();
 * await startProxy({ beforeUpstream: memoryInjector({ memory, limit: 5 }) });
 */
export function memoryInjector(options: MemoryInjectorOptions): (body: unknown, format: MessageFormat) => Promise<unknown> {
  const { memory, limit = 5, scopes, maxChars = 2000, sticky = 512 } = options;
  const blocks = new Map<string, string>();
  return async (body, format) => {
    try {
      if (!isObj(body)) return body;
      const first = firstUserText(body, format);
      const key = `${format}\u0000${systemKey(body, format)}\u0000${first}`;
      let block = blocks.get(key);
      if (block === undefined) {
        const query = options.query ? options.query(body, format) : first;
        const hits = query.trim() ? await memory.search(query, { limit, scopes }) : [];
        block = renderMemoryBlock(hits.map((h) => h.fact), maxChars);
        // a conversation without a first user message yet gets no block and is not pinned
        if (!first && !options.query) return body;
      } else {
        blocks.delete(key); // refresh its place in the LRU order
      }
      blocks.set(key, block);
      if (blocks.size > sticky) blocks.delete(blocks.keys().next().value as string);
      return insertMemoryBlock(body, format, block);
    } catch {
      return body;
    }
  };
}
