/**
 * `tokenfoldMiddleware()` for the Vercel AI SDK (`ai` ≥ 5, language model spec v3):
 * `wrapLanguageModel({ model, middleware: tokenfoldMiddleware() })` compresses the tool results of
 * each call's prompt before the provider sees it, for `generateText` and `streamText` alike.
 * Text outputs (`text`, `error-text`), JSON outputs (`json`, `error-json`, sent on as text once
 * compressed) and the text parts of `content` outputs are compressed; images, files, denials,
 * system, user and assistant messages are untouched. Fail-open. The SDK is not imported.
 *
 * With `answerRetrievals`, generate calls (`generateText`, `generateObject`) also declare
 * `tokenfold_retrieve` once the prompt carries a ref, and answer the model's retrieval calls
 * themselves (the app never sees them). Stream calls only compress: nothing in a stream could
 * answer the tool, so it is not declared there.
 * @module
 */
import { REF_PATTERN } from "../../core/ref.js";
import { handleRetrieval } from "../../messages/retrieval.js";
import { RETRIEVE_DESCRIPTION, RETRIEVE_PARAMETERS, RETRIEVE_TOOL } from "../../messages/types.js";
import { retrievalRounds, type TokenfoldClientOptions } from "./common.js";
import { argsText, compressMirror, type MirrorMessage, type TokenfoldAdapterOptions } from "./via-chat.js";

type Output = { type?: string; value?: unknown; [k: string]: unknown };
type Part = { type?: string; text?: string; toolCallId?: string; toolName?: string; input?: unknown; output?: Output; providerOptions?: unknown; [k: string]: unknown };
type Message = { role?: string; content?: string | Part[]; [k: string]: unknown };

/** The AI SDK's `LanguageModelV3Middleware`, as far as this middleware fills it in. */
export interface TokenfoldMiddleware {
  readonly specificationVersion: "v3";
  transformParams<P extends { prompt: unknown }>(options: { type: "generate" | "stream"; params: P }): Promise<P>;
  wrapGenerate?<R>(options: { doGenerate: () => PromiseLike<R>; params: { prompt: unknown; tools?: unknown }; model: { doGenerate(params: never): PromiseLike<R> } }): Promise<R>;
}

/** Options of the middleware: the adapters' options, plus the retrieval loop of generate calls. */
export type TokenfoldMiddlewareOptions = TokenfoldAdapterOptions & Pick<TokenfoldClientOptions, "answerRetrievals">;

type ToolCallPart = { type: "tool-call"; toolCallId: string; toolName: string; input: string };

/**
 * A language model middleware compressing tool results.
 * @example
 * import { generateText, wrapLanguageModel } from "ai";
 * const model = wrapLanguageModel({ model: openai("gpt-4.1"), middleware: tokenfoldMiddleware({ store }) });
 * const { text } = await generateText({ model, messages, tools });
 */
export function tokenfoldMiddleware(options: TokenfoldMiddlewareOptions = {}): TokenfoldMiddleware {
  const { answerRetrievals: _a, ...adapterOptions } = options;
  const rounds = retrievalRounds(options);
  const middleware: TokenfoldMiddleware = {
    specificationVersion: "v3",
    async transformParams({ type, params }) {
      const prompt = await compressPrompt(params.prompt, adapterOptions);
      const next = prompt === params.prompt ? params : { ...params, prompt };
      return type === "generate" && rounds > 0 ? withRetrieveTool(next) : next;
    },
  };
  if (rounds > 0) {
    middleware.wrapGenerate = async ({ doGenerate, params, model }) => {
      let result = await doGenerate();
      let prompt = params.prompt as Message[];
      for (let i = 0; i < rounds && Array.isArray(prompt); i++) {
        const content = (result as { content?: Part[] }).content ?? [];
        const calls = content.filter((p): p is Part & ToolCallPart => p?.type === "tool-call");
        if (calls.length === 0 || !calls.every((c) => c.toolName === RETRIEVE_TOOL)) break;
        const results = await Promise.all(calls.map((c) => handleRetrieval({ name: c.toolName, arguments: c.input }, { store: options.store })));
        prompt = [
          ...prompt,
          { role: "assistant", content: calls.map((c) => ({ type: "tool-call", toolCallId: c.toolCallId, toolName: c.toolName, input: parseInput(c.input) })) },
          { role: "tool", content: calls.map((c, k) => ({ type: "tool-result", toolCallId: c.toolCallId, toolName: c.toolName, output: { type: "text", value: results[k] } })) },
        ];
        result = await model.doGenerate({ ...params, prompt } as never);
      }
      return result;
    };
  }
  return middleware;
}

/** The params with `tokenfold_retrieve` among the tools, once the prompt carries a ref (so it stays on later turns). */
function withRetrieveTool<P extends { prompt: unknown }>(params: P): P {
  const tools = ((params as { tools?: Array<{ name?: string }> }).tools ?? []);
  if (tools.some((t) => t?.name === RETRIEVE_TOOL)) return params;
  REF_PATTERN.lastIndex = 0;
  if (!REF_PATTERN.test(JSON.stringify(params.prompt))) return params;
  return { ...params, tools: [...tools, { type: "function", name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, inputSchema: RETRIEVE_PARAMETERS }] };
}

/** A tool call's input as the prompt carries it: the parsed JSON value. */
function parseInput(input: unknown): unknown {
  if (typeof input !== "string") return input ?? {};
  try { return JSON.parse(input); } catch { return {}; }
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
