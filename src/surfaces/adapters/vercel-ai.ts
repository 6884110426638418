/**
 * `tokenfoldMiddleware()` for the Vercel AI SDK (`ai` ≥ 5, language model spec v3):
 * `wrapLanguageModel({ model, middleware: tokenfoldMiddleware() })` compresses the tool results of
 * each call's prompt before the provider sees it, for `generateText` and `streamText` alike.
 * Text outputs (`text`, `error-text`), JSON outputs (`json`, `error-json`, sent on as text once
 * compressed) and the text parts of `content` outputs are compressed; images, files, denials,
 * system, user and assistant messages are untouched. Fail-open. The SDK is not imported.
 * @module
 */
import { argsText, compressMirror, type MirrorMessage, type TokenfoldAdapterOptions } from "./via-chat.js";

type Output = { type?: string; value?: unknown; [k: string]: unknown };
type Part = { type?: string; text?: string; toolCallId?: string; toolName?: string; input?: unknown; output?: Output; providerOptions?: unknown; [k: string]: unknown };
type Message = { role?: string; content?: string | Part[]; [k: string]: unknown };

/** The AI SDK's `LanguageModelV3Middleware`, as far as this middleware fills it in. */
export interface TokenfoldMiddleware {
  readonly specificationVersion: "v3";
  transformParams<P extends { prompt: unknown }>(options: { type: "generate" | "stream"; params: P }): Promise<P>;
}

/**
 * A language model middleware compressing tool results.
 * @example
 * import { generateText, wrapLanguageModel } from "ai";
 * const model = wrapLanguageModel({ model: openai("gpt-4.1"), middleware: tokenfoldMiddleware({ store }) });
 * const { text } = await generateText({ model, messages, tools });
 */
export function tokenfoldMiddleware(options: TokenfoldAdapterOptions = {}): TokenfoldMiddleware {
  return {
    specificationVersion: "v3",
    async transformParams({ params }) {
      const prompt = await compressPrompt(params.prompt, options);
      return prompt === params.prompt ? params : { ...params, prompt };
    },
  };
}

/** Where a mirrored tool message came from: the prompt message, its part, and how the output reads. */
type Slot = { message: number; part: number; kind: "text" | "json" | "content" };

/** A copy of the prompt with its tool results compressed (the prompt itself when nothing changed). */
export async function compressPrompt<P>(prompt: P, options: TokenfoldAdapterOptions = {}): Promise<P> {
  if (!Array.isArray(prompt)) return prompt;
  const mirror: MirrorMessage[] = [];
  const slots = new Map<number, Slot>();
  (prompt as Message[]).forEach((m, i) => {
    if (typeof m !== "object" || m === null) return;
    const parts = Array.isArray(m.content) ? m.content : [];
    const texts = typeof m.content === "string" ? m.content : parts.filter((p) => p?.type === "text" && typeof p.text === "string").map((p) => p.text).join("\n");
    if (m.role === "system" || m.role === "user") mirror.push({ role: m.role, content: texts });
    else if (m.role === "assistant") {
      const calls = parts.filter((p) => p?.type === "tool-call" && typeof p.toolCallId === "string");
      mirror.push({ role: "assistant", content: texts || null, ...(calls.length > 0 ? { tool_calls: calls.map((p) => ({ id: p.toolCallId!, type: "function" as const, function: { name: String(p.toolName ?? ""), arguments: argsText(p.input) } })) } : {}) });
    }
    // Tool results live in "tool" messages (and, for provider-executed tools, in assistant ones).
    parts.forEach((p, k) => {
      if (p?.type !== "tool-result" || typeof p.toolCallId !== "string" || typeof p.output !== "object" || p.output === null) return;
      const o = p.output;
      let content: string | Array<{ type: "text"; text: string }> | undefined;
      let kind: Slot["kind"] = "text";
      if ((o.type === "text" || o.type === "error-text") && typeof o.value === "string") content = o.value;
      else if ((o.type === "json" || o.type === "error-json") && o.value !== undefined) { content = argsText(o.value); kind = "json"; }
      else if (o.type === "content" && Array.isArray(o.value)) {
        content = (o.value as Part[]).filter((v) => v?.type === "text" && typeof v.text === "string").map((v) => ({ type: "text" as const, text: v.text! }));
        kind = "content";
      }
      if (content === undefined || (Array.isArray(content) && content.length === 0)) return;
      slots.set(mirror.length, { message: i, part: k, kind });
      mirror.push({ role: "tool", tool_call_id: p.toolCallId, content });
    });
  });
  const changed = await compressMirror(mirror, options);
  if (changed.size === 0) return prompt;
  const next = [...(prompt as Message[])];
  for (const [at, text] of changed) {
    const slot = slots.get(at);
    if (!slot) continue;
    const m = next[slot.message]!;
    const parts = [...(m.content as Part[])];
    const p = parts[slot.part]!;
    parts[slot.part] = { ...p, output: newOutput(p.output!, slot.kind, text) };
    next[slot.message] = { ...m, content: parts };
  }
  return next as P;
}

function newOutput(o: Output, kind: Slot["kind"], text: string | string[]): Output {
  if (kind === "content" && Array.isArray(text)) {
    let k = 0;
    return { ...o, value: (o.value as Part[]).map((v) => (v?.type === "text" && typeof v.text === "string" ? { ...v, text: text[k++] ?? v.text } : v)) };
  }
  const value = Array.isArray(text) ? text.join("\n") : text;
  // Compressed JSON is no longer the JSON value: it goes on as text (errors stay errors).
  if (kind === "json") return { ...o, type: o.type === "error-json" ? "error-text" : "text", value };
  return { ...o, value };
}
