/**
 * `withTokenfoldLangChain(chatModel)` for LangChain.js: a chat model that behaves as the one given
 * (same class, fields and `bindTools` / `withConfig` / `withStructuredOutput`), whose calls
 * compress the `ToolMessage` contents first — `invoke`, `batch`, `stream`, `streamEvents` and
 * everything built on them, since the hook sits where `BaseChatModel` hands its messages to the
 * provider (`_generate`, and the streaming methods the model implements). The question of each
 * output is the last `HumanMessage` before it plus the `args` of the `AIMessage` tool call with
 * its `tool_call_id`. Tool messages carrying `cache_control` are left alone. Fail-open.
 * `@langchain/core` is not imported: the model is duck-typed.
 * @module
 */
import { WRAPPED } from "./common.js";
import { argsText, compressMirror, type MirrorMessage, type TokenfoldAdapterOptions } from "./via-chat.js";

/** The part of a LangChain chat model this wrapper relies on (any `BaseChatModel` fits). */
export interface ChatModelLike {
  _generate(messages: never[], options: never, runManager?: never): Promise<unknown>;
}

type Block = { type?: string; text?: string; cache_control?: unknown; [k: string]: unknown };
type Message = {
  content?: string | Block[];
  tool_calls?: Array<{ id?: string; name?: string; args?: unknown }>;
  tool_call_id?: string;
  getType?: () => string;
  _getType?: () => string;
  [k: string]: unknown;
};
type Generator = (messages: Message[], ...rest: unknown[]) => AsyncGenerator<unknown>;

/**
 * Wraps a LangChain chat model so that tool outputs are compressed before each call.
 * @example
 * import { ChatOpenAI } from "@langchain/openai";
 * const model = withTokenfoldLangChain(new ChatOpenAI({ model: "gpt-4.1" }), { store });
 * const reply = await model.bindTools(tools).invoke(messages);
 */
export function withTokenfoldLangChain<M extends ChatModelLike>(model: M, options: TokenfoldAdapterOptions = {}): M {
  if ((model as Record<PropertyKey, unknown>)[WRAPPED] === true) return model;
  const m = model as unknown as Record<string, unknown>;
  const generate = m._generate as (messages: Message[], ...rest: unknown[]) => Promise<unknown>;
  const overrides: PropertyDescriptorMap = {
    [WRAPPED]: { value: true },
    _generate: {
      value: async function (this: unknown, messages: Message[], ...rest: unknown[]) {
        return generate.call(this, await compressLangChainMessages(messages, options), ...rest);
      },
      writable: true, configurable: true,
    },
  };
  // Streaming methods are overridden only where the model has its own: BaseChatModel checks
  // whether they differ from its defaults to decide whether the model streams at all.
  const base = baseChatModelPrototype(model);
  for (const name of ["_streamResponseChunks", "_streamChatModelEvents"]) {
    const own = m[name];
    if (typeof own !== "function" || (base && base[name] === own)) continue;
    overrides[name] = {
      value: async function* (this: unknown, messages: Message[], ...rest: unknown[]) {
        yield* (own as Generator).call(this, await compressLangChainMessages(messages, options), ...rest);
      },
      writable: true, configurable: true,
    };
  }
  // Most providers' bindTools return `this.withConfig(…)`, a binding of the wrapper; some build a
  // new model instead, which is wrapped in turn.
  const bindTools = m.bindTools;
  if (typeof bindTools === "function") {
    overrides.bindTools = {
      value: function (this: unknown, ...args: unknown[]) { return rewrap(bindTools.apply(this, args), options); },
      writable: true, configurable: true,
    };
  }
  // An object inheriting from the model: `this` in every method is the wrapper, so the model's
  // own calls (`invoke` → `generate` → `_generate`, `bindTools` → a binding of the wrapper) go
  // through the overrides, while its fields are read from the model.
  return Object.create(model, overrides) as M;
}

const isChatModel = (x: unknown): x is ChatModelLike => typeof x === "object" && x !== null && typeof (x as Record<string, unknown>)._generate === "function";

/** A runnable returned by the model, with any unwrapped chat model in it (itself, or a binding's `bound`) wrapped. */
function rewrap(r: unknown, options: TokenfoldAdapterOptions): unknown {
  if (isChatModel(r)) return withTokenfoldLangChain(r, options);
  const b = r as { bound?: unknown; kwargs?: unknown; config?: unknown; configFactories?: unknown; constructor?: unknown } | null;
  if (!b || typeof b !== "object" || !isChatModel(b.bound) || (b.bound as unknown as Record<PropertyKey, unknown>)[WRAPPED] === true) return r;
  try {
    const Binding = b.constructor as new (fields: unknown) => unknown;
    return new Binding({ bound: withTokenfoldLangChain(b.bound, options), kwargs: b.kwargs, config: b.config, configFactories: b.configFactories });
  } catch {
    return r;
  }
}

/** The prototype that defines BaseChatModel's own methods (the first one owning `_streamIterator`). */
function baseChatModelPrototype(model: object): Record<string, unknown> | undefined {
  for (let p = Object.getPrototypeOf(model); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, "_streamIterator") && Object.prototype.hasOwnProperty.call(p, "_streamResponseChunks")) return p as Record<string, unknown>;
  }
  return undefined;
}

function typeOf(m: Message): string | undefined {
  try {
    return typeof m.getType === "function" ? m.getType() : typeof m._getType === "function" ? m._getType() : (m.type as string | undefined);
  } catch {
    return undefined;
  }
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Block[]).filter((b) => b?.type === "text" && typeof b.text === "string").map((b) => b.text).join("\n");
}

/**
 * A copy of a LangChain message list with the tool outputs compressed: changed `ToolMessage`s
 * are rebuilt with their own class; every other message is the same object.
 */
export async function compressLangChainMessages<T>(messages: T[], options: TokenfoldAdapterOptions = {}): Promise<T[]> {
  if (!Array.isArray(messages)) return messages;
  const mirror: MirrorMessage[] = [];
  const slots = new Map<number, number>();
  (messages as unknown as Message[]).forEach((m, i) => {
    if (typeof m !== "object" || m === null) return;
    const type = typeOf(m);
    if (type === "system" || type === "developer") mirror.push({ role: "system", content: textOf(m.content) });
    else if (type === "human" || type === "user") mirror.push({ role: "user", content: textOf(m.content) });
    else if (type === "ai" || type === "assistant") {
      const calls = (m.tool_calls ?? []).filter((c) => typeof c?.id === "string");
      mirror.push({ role: "assistant", content: textOf(m.content) || null, ...(calls.length > 0 ? { tool_calls: calls.map((c) => ({ id: c.id!, type: "function" as const, function: { name: String(c.name ?? ""), arguments: argsText(c.args) } })) } : {}) });
    } else if (type === "tool" && typeof m.tool_call_id === "string") {
      const c = m.content;
      if (Array.isArray(c) && c.some((b) => b?.cache_control !== undefined)) return;
      const content = typeof c === "string" ? c : Array.isArray(c) ? c.filter((b) => b?.type === "text" && typeof b.text === "string").map((b) => ({ type: "text" as const, text: b.text! })) : undefined;
      if (content === undefined || (Array.isArray(content) && content.length === 0)) return;
      slots.set(mirror.length, i);
      mirror.push({ role: "tool", tool_call_id: m.tool_call_id, content });
    }
  });
  const changed = await compressMirror(mirror, options);
  if (changed.size === 0) return messages;
  const next = [...messages];
  for (const [at, text] of changed) {
    const i = slots.get(at);
    if (i === undefined) continue;
    const m = next[i] as unknown as Message;
    let content: string | Block[];
    if (Array.isArray(text) && Array.isArray(m.content)) {
      let k = 0;
      content = m.content.map((b) => (b?.type === "text" && typeof b.text === "string" ? { ...b, text: text[k++] ?? b.text } : b));
    } else content = Array.isArray(text) ? text.join("\n") : text;
    next[i] = rebuild(m, content) as unknown as T;
  }
  return next;
}

/** The same tool message with new content, of its own class when it has one. */
function rebuild(m: Message, content: string | Block[]): Message {
  const fields = {
    content, tool_call_id: m.tool_call_id, name: m.name, id: m.id, artifact: m.artifact, status: m.status,
    additional_kwargs: m.additional_kwargs, response_metadata: m.response_metadata,
  };
  const Ctor = m.constructor as (new (f: unknown) => Message) | undefined;
  if (typeof Ctor === "function" && (Ctor as unknown) !== Object) {
    try {
      return new Ctor(fields);
    } catch { /* fall back to a plain copy below */ }
  }
  return { ...m, content };
}
