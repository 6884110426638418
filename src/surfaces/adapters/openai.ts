/**
 * `withTokenfold(new OpenAI())`: `chat.completions.create` and `responses.create` send the
 * compressed request (tool outputs compressed, `tokenfold_retrieve` declared when refs were made),
 * streaming or not, and can answer the model's `tokenfold_retrieve` calls themselves. The SDK's
 * helpers built on them (`chat.completions.stream / parse / runTools`, `responses.stream / parse`)
 * go through the same path. Everything else on the client passes through. The SDK is not
 * imported: any object with `chat.completions.create` fits.
 * @module
 */
import type { MessageFormat } from "../../messages/types.js";
import { callLoop, compressBody, followUpFor, isObj, keepApiPromise, overlay, retrievalRounds, type SdkPromise, type TokenfoldClientOptions, type WrappedPromise } from "./common.js";

/** The part of an OpenAI client this wrapper relies on. */
export interface OpenAILike {
  chat: { completions: { create(body: never, options?: never): unknown } };
  responses?: { create(body: never, options?: never): unknown };
}

type Create = (body: unknown, options?: unknown) => SdkPromise;

/**
 * Wraps an OpenAI client: same client, with `chat.completions` and `responses` compressing first.
 * @example
 * const openai = withTokenfoldOpenAI(new OpenAI(), { answerRetrievals: true });
 * const reply = await openai.chat.completions.create({ model, messages, tools });
 * const resp = await openai.responses.create({ model, input, tools });
 */
export function withTokenfoldOpenAI<C extends OpenAILike>(client: C, options: TokenfoldClientOptions = {}): C {
  const rounds = retrievalRounds(options);
  const resources: Array<Record<string, unknown>> = [];
  // The SDK's helpers call `this._client.<resource>.create(…)`: the wrapped resources answer
  // `_client` with the wrapped client, so those calls are compressed too.
  const wrapResource = (resource: object, format: MessageFormat, helpers: string[]) => {
    const followUp = followUpFor(format, options);
    const original = ((resource as { create: Create }).create).bind(resource);
    const create = (body: unknown, requestOptions?: unknown): WrappedPromise => {
      const send = (b: unknown) => original(b, requestOptions);
      const streaming = isObj(body) && body.stream === true;
      return keepApiPromise(
        compressBody(body, format, options).then((sent) => callLoop(sent, send, followUp, streaming ? 0 : rounds)),
      );
    };
    const overrides: Record<string, unknown> = { create };
    for (const name of helpers) {
      const helper = (resource as Record<string, unknown>)[name];
      if (typeof helper === "function") overrides[name] = (...args: unknown[]) => helper.apply(wrapped, args);
    }
    const wrapped = overlay(resource, overrides);
    resources.push(overrides);
    return wrapped;
  };
  const chat = client.chat;
  const top: Record<string, unknown> = {
    chat: overlay(chat, { completions: wrapResource(chat.completions, "openai-chat", ["stream", "parse", "runTools"]) }),
  };
  if (isObj(client.responses) && typeof client.responses.create === "function") {
    top.responses = wrapResource(client.responses, "openai-responses", ["stream", "parse"]);
  }
  const wrappedClient = overlay(client, top);
  for (const overrides of resources) overrides._client = wrappedClient;
  return wrappedClient;
}
