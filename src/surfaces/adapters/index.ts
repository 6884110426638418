/**
 * `withTokenfold(client, options?)` for the official OpenAI and Anthropic clients: the same client,
 * whose chat/messages calls send compressed requests. Dispatches on the client's shape; no SDK is
 * imported at runtime.
 * @module
 */
import { withTokenfoldAnthropic, type AnthropicLike } from "./anthropic.js";
import { isObj, WRAPPED, type TokenfoldClientOptions } from "./common.js";
import { withTokenfoldGemini, type GeminiLike } from "./gemini.js";
import { withTokenfoldOpenAI, type OpenAILike } from "./openai.js";

export { withTokenfoldAnthropic, type AnthropicLike } from "./anthropic.js";
export { withTokenfoldOpenAI, type OpenAILike } from "./openai.js";
export { withTokenfoldGemini, type GeminiLike } from "./gemini.js";
export type { TokenfoldClientOptions, WrappedPromise } from "./common.js";

/**
 * Wraps an OpenAI client (`chat.completions`, `responses`), an Anthropic client (`messages.create`,
 * `messages.stream`) or a Google Gen AI client (`models.generateContent(Stream)`) so that tool
 * outputs are compressed before each call. Fail-open: if
 * compression throws, the original body is sent. A client wrapped twice is returned as is.
 * @example
 * const openai = withTokenfold(new OpenAI(), { store, answerRetrievals: true });
 * const anthropic = withTokenfold(new Anthropic(), { store });
 */
export function withTokenfold<C extends object>(client: C, options: TokenfoldClientOptions = {}): C {
  const c = client as { chat?: { completions?: { create?: unknown } }; messages?: { create?: unknown }; models?: { generateContent?: unknown } };
  if ((client as Record<PropertyKey, unknown>)[WRAPPED] === true) return client;
  if (isObj(c.chat) && isObj(c.chat.completions) && typeof c.chat.completions.create === "function") return withTokenfoldOpenAI(client as C & OpenAILike, options);
  if (isObj(c.messages) && typeof c.messages.create === "function") return withTokenfoldAnthropic(client as C & AnthropicLike, options);
  if (isObj(c.models) && typeof c.models.generateContent === "function") return withTokenfoldGemini(client as C & GeminiLike, options);
  throw new TypeError("[tokenfold] [adapters] withTokenfold: not an OpenAI, Anthropic or Google Gen AI client (found no chat.completions.create, messages.create or models.generateContent)");
}
export { tokenfoldMiddleware, compressPrompt, type TokenfoldMiddleware, type TokenfoldMiddlewareOptions } from "./vercel-ai.js";
export type { TokenfoldAdapterOptions } from "./via-chat.js";
export { withTokenfoldLangChain, compressLangChainMessages, type ChatModelLike } from "./langchain.js";
export { tokenfoldHttp, compressHttpBody, formatForPath, type TokenfoldHttpOptions, type TokenfoldRequest } from "./http.js";
export { langchainRetrieveTool, aiRetrieveTool, type RetrieveArgs, type RetrieveToolOptions } from "./retrieve-tool.js";
