/**
 * `withTokenfold(new Anthropic())`: `messages.create(body, opts)` and `messages.stream(body, opts)`
 * send the compressed request (tool_result text compressed, `tokenfold_retrieve` declared when refs
 * were made); non-streaming `create` can answer the model's `tokenfold_retrieve` calls itself.
 * Everything else on the client passes through. The SDK is not imported: any object with
 * `messages.create` fits.
 * @module
 */
import { callLoop, compressBody, followUpFor, isObj, keepApiPromise, overlay, retrievalRounds, type SdkPromise, type TokenfoldClientOptions, type WrappedPromise } from "./common.js";

/** The part of an Anthropic client this wrapper relies on. */
export interface AnthropicLike {
  messages: { create(body: never, options?: never): unknown; stream?(body: never, options?: never): unknown };
}

type Create = (body: unknown, options?: unknown) => SdkPromise;

/**
 * Wraps an Anthropic client: same client, with `messages.create` and `messages.stream` compressing first.
 * @example
 * const anthropic = withTokenfoldAnthropic(new Anthropic(), { answerRetrievals: true });
 * const reply = await anthropic.messages.create({ model, max_tokens, messages, tools });
 */
export function withTokenfoldAnthropic<C extends AnthropicLike>(client: C, options: TokenfoldClientOptions = {}): C {
  const messages = client.messages;
  const original = (messages.create as unknown as Create).bind(messages);
  const rounds = retrievalRounds(options);
  const followUp = followUpFor("anthropic", options);
  const create = (body: unknown, requestOptions?: unknown): WrappedPromise => {
    const send = (b: unknown) => original(b, requestOptions);
    const streaming = isObj(body) && body.stream === true;
    return keepApiPromise(
      compressBody(body, "anthropic", options).then((sent) => callLoop(sent, send, followUp, streaming ? 0 : rounds)),
    );
  };
  const overrides: Record<string, unknown> = { create };
  const stream = (messages as { stream?: unknown }).stream;
  if (typeof stream === "function") {
    // The SDK's stream() returns its MessageStream at once and calls `this.create({ …, stream: true })`
    // a moment later; run it with the wrapped resource as `this` so that call is compressed.
    overrides.stream = (body: unknown, requestOptions?: unknown) => stream.call(wrapped, body, requestOptions);
  }
  const wrapped = overlay(messages, overrides);
  return overlay(client, { messages: wrapped });
}
