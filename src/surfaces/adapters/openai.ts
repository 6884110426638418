/**
 * `withTokenfold(new OpenAI())`: `chat.completions.create` and `responses.create` send the
 * compressed request (tool outputs compressed, `tokenfold_retrieve` declared when refs were made),
 * streaming or not, and can answer the model's `tokenfold_retrieve` calls themselves. The SDK's
 * helpers built on them (`chat.completions.stream / parse / runTools`, `responses.stream / parse`)
 * go through the same path. Everything else on the client passes through. The SDK is not
 * imported: any object with `chat.completions.create` fits.
 * @module
 */
import { handleRetrieval, isRetrievalCall } from "../../messages/retrieval.js";
import type { MessageFormat } from "../../messages/types.js";
import { callLoop, compressBody, isObj, keepApiPromise, overlay, retrievalRounds, type SdkPromise, type TokenfoldClientOptions, type WrappedPromise } from "./common.js";

/** The part of an OpenAI client this wrapper relies on. */
export interface OpenAILike {
  chat: { completions: { create(body: never, options?: never): unknown } };
  responses?: { create(body: never, options?: never): unknown };
}

type Create = (body: unknown, options?: unknown) => SdkPromise;
type FollowUp = (reply: unknown, sent: unknown, options: TokenfoldClientOptions) => Promise<unknown | undefined>;
type ToolCall = { id?: string; type?: string; function?: { name?: string; arguments?: string } };
type Item = { type?: string; call_id?: string; name?: string; arguments?: string; [k: string]: unknown };

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
  const wrapResource = (resource: object, format: MessageFormat, followUp: FollowUp, helpers: string[]) => {
    const original = ((resource as { create: Create }).create).bind(resource);
    const create = (body: unknown, requestOptions?: unknown): WrappedPromise => {
      const send = (b: unknown) => original(b, requestOptions);
      const streaming = isObj(body) && body.stream === true;
      return keepApiPromise(
        compressBody(body, format, options).then((sent) => callLoop(sent, send, (reply, req) => followUp(reply, req, options), streaming ? 0 : rounds)),
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
    chat: overlay(chat, { completions: wrapResource(chat.completions, "openai-chat", followUpChat, ["stream", "parse", "runTools"]) }),
  };
  if (isObj(client.responses) && typeof client.responses.create === "function") {
    top.responses = wrapResource(client.responses, "openai-responses", followUpResponses, ["stream", "parse"]);
  }
  const wrappedClient = overlay(client, top);
  for (const overrides of resources) overrides._client = wrappedClient;
  return wrappedClient;
}

/** Chat: the next request when the reply asks only for retrievals: assistant message + tool results appended. */
async function followUpChat(reply: unknown, sent: unknown, options: TokenfoldClientOptions): Promise<unknown | undefined> {
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

/**
 * Responses: when every `function_call` of the reply is a retrieval (and there is at least one),
 * the next request's input is the sent input, the reply's output items (reasoning included, as the
 * API asks) and one `function_call_output` per call.
 */
async function followUpResponses(reply: unknown, sent: unknown, options: TokenfoldClientOptions): Promise<unknown | undefined> {
  if (!isObj(reply) || !Array.isArray(reply.output) || !isObj(sent)) return undefined;
  const output = reply.output as Item[];
  const calls = output.filter((x) => isObj(x) && x.type === "function_call");
  const otherTools = output.some((x) => isObj(x) && typeof x.type === "string" && x.type !== "function_call" && x.type.endsWith("_call"));
  if (calls.length === 0 || otherTools || !calls.every((c) => isRetrievalCall(c))) return undefined;
  const input = typeof sent.input === "string" ? [{ role: "user", content: sent.input }] : Array.isArray(sent.input) ? sent.input : undefined;
  if (input === undefined) return undefined;
  const results = await Promise.all(calls.map((c) => handleRetrieval(c, { store: options.store })));
  return { ...sent, input: [...input, ...output, ...calls.map((c, i) => ({ type: "function_call_output", call_id: c.call_id, output: results[i] }))] };
}
