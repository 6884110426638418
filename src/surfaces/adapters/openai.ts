/**
 * `withTokenfold(new OpenAI())`: `chat.completions.create(body, opts)` sends the compressed
 * request (tool outputs compressed, `tokenfold_retrieve` declared when refs were made), streaming
 * or not; optionally answers the model's `tokenfold_retrieve` calls itself. Everything else on the
 * client passes through. The SDK is not imported: any object with `chat.completions.create` fits.
 * @module
 */
import { handleRetrieval, isRetrievalCall } from "../../messages/retrieval.js";
import { callLoop, compressBody, isObj, keepApiPromise, overlay, retrievalRounds, type SdkPromise, type TokenfoldClientOptions, type WrappedPromise } from "./common.js";

/** The part of an OpenAI client this wrapper relies on. */
export interface OpenAILike {
  chat: { completions: { create(body: never, options?: never): unknown } };
}

type Create = (body: unknown, options?: unknown) => SdkPromise;
type ToolCall = { id?: string; type?: string; function?: { name?: string; arguments?: string } };

/**
 * Wraps an OpenAI client: same client, with `chat.completions.create` compressing first.
 * @example
 * const openai = withTokenfoldOpenAI(new OpenAI(), { answerRetrievals: true });
 * const reply = await openai.chat.completions.create({ model, messages, tools });
 */
export function withTokenfoldOpenAI<C extends OpenAILike>(client: C, options: TokenfoldClientOptions = {}): C {
  const chat = client.chat;
  const completions = chat.completions;
  const original = (completions.create as unknown as Create).bind(completions);
  const rounds = retrievalRounds(options);
  const create = (body: unknown, requestOptions?: unknown): WrappedPromise => {
    const send = (b: unknown) => original(b, requestOptions);
    const streaming = isObj(body) && body.stream === true;
    return keepApiPromise(
      compressBody(body, "openai-chat", options).then((sent) => callLoop(sent, send, (reply, req) => followUp(reply, req, options), streaming ? 0 : rounds)),
    );
  };
  return overlay(client, { chat: overlay(chat, { completions: overlay(completions, { create }) }) });
}

/** The next request when the reply asks only for retrievals: assistant message + tool results appended. */
async function followUp(reply: unknown, sent: unknown, options: TokenfoldClientOptions): Promise<unknown | undefined> {
  if (!isObj(reply) || !Array.isArray(reply.choices) || reply.choices.length !== 1 || !isObj(sent) || !Array.isArray(sent.messages)) return undefined;
  const message = (reply.choices[0] as { message?: { content?: unknown; tool_calls?: ToolCall[] } }).message;
  const calls = message?.tool_calls;
  if (!Array.isArray(calls) || calls.length === 0 || !calls.every((c) => isRetrievalCall(c))) return undefined;
  const results = await Promise.all(calls.map((c) => handleRetrieval(c, { store: options.store })));
  return {
    ...sent,
    messages: [
      ...sent.messages,
      {
        role: "assistant",
        content: message!.content ?? null,
        tool_calls: calls.map((c) => ({ id: c.id, type: "function", function: { name: c.function?.name, arguments: c.function?.arguments ?? "{}" } })),
      },
      ...calls.map((c, i) => ({ role: "tool", tool_call_id: c.id, content: results[i] })),
    ],
  };
}
