/**
 * The message-format adapters of the proxy's chat routes, by format name.
 * @module
 */
import { anthropic } from "../../messages/formats/anthropic.js";
import { gemini } from "../../messages/formats/gemini.js";
import { openaiChat } from "../../messages/formats/openai-chat.js";
import { openaiResponses } from "../../messages/formats/openai-responses.js";
import type { FormatAdapter, MessageFormat } from "../../messages/types.js";

export const ADAPTERS: Readonly<Record<MessageFormat, FormatAdapter>> = Object.freeze({
  "openai-chat": openaiChat as FormatAdapter,
  anthropic: anthropic as FormatAdapter,
  "openai-responses": openaiResponses as FormatAdapter,
  gemini: gemini as FormatAdapter,
});

/** `adapter.hasRetrieveTool`, false when the body is too odd to tell. */
export function declaresRetrieveTool(adapter: FormatAdapter, body: unknown): boolean {
  try {
    return adapter.hasRetrieveTool(body);
  } catch {
    return false;
  }
}
