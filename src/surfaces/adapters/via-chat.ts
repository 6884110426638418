/**
 * For frameworks with their own message shapes (the Vercel AI SDK prompt, LangChain messages):
 * the caller mirrors its conversation as OpenAI-chat messages (system / user / assistant with
 * `tool_calls` / tool), this runs the messages pipeline on that mirror, and hands back the new
 * text of each tool message that changed. So the policy is the pipeline's own: only tool outputs,
 * the same question (the user's last words before the output plus the call's arguments), the
 * same options (`minChars`, `frozenPrefix`, `protectRecentReads`, `budget`), deterministic.
 * @module
 */
import { compressMessages, type MessagesResult } from "../../messages/compress-messages.js";
import type { TokenfoldClientOptions } from "./common.js";

/** Options of the framework adapters: the pipeline's options and the hooks (no retrieval loop). */
export type TokenfoldAdapterOptions = Omit<TokenfoldClientOptions, "answerRetrievals">;

/** One OpenAI-chat message of the mirror. Tool content is a string or `{ type: "text", text }` parts. */
export type MirrorMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }> }
  | { role: "tool"; tool_call_id: string; content: string | Array<{ type: "text"; text: string }> };

/**
 * The compressed text of each changed tool message of `mirror`, by mirror index (string content)
 * or by mirror index and part. Empty when nothing changed or when compression threw (fail-open).
 */
export async function compressMirror(mirror: MirrorMessage[], options: TokenfoldAdapterOptions): Promise<Map<number, string | string[]>> {
  const out = new Map<number, string | string[]>();
  if (!mirror.some((m) => m.role === "tool")) return out;
  const { answerRetrievals: _a, onCompress, onError, ...rest } = options as TokenfoldClientOptions;
  try {
    const r = await compressMessages(mirror, { ...rest, format: "openai-chat" });
    onCompress?.(r as MessagesResult<unknown>);
    const next = r.messages ?? mirror;
    next.forEach((m, i) => {
      const before = mirror[i]!;
      if (m === before || m.role !== "tool" || before.role !== "tool") return;
      if (typeof m.content === "string") {
        if (m.content !== before.content) out.set(i, m.content);
      } else out.set(i, m.content.map((p) => p.text));
    });
  } catch (error) {
    try { onError?.(error); } catch { /* a throwing hook must not break the call either */ }
    out.clear();
  }
  return out;
}

/** Arguments as text, for the question: strings as they are, anything else as JSON. */
export function argsText(input: unknown): string {
  if (typeof input === "string") return input;
  try { return JSON.stringify(input ?? {}) ?? ""; } catch { return ""; }
}
