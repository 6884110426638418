/**
 * What the OpenAI and Anthropic client wrappers share: compressing a request body fail-open,
 * overlaying a few methods on an SDK object without touching the rest, keeping the SDK's
 * `APIPromise` helpers (`withResponse()`, `asResponse()`) across the async compression step, and
 * the loop that answers `tokenfold_retrieve` calls. No SDK is imported: clients are duck-typed.
 * @module
 */
import { compressMessages, type MessagesOptions, type MessagesResult } from "../../messages/compress-messages.js";
import { FOLLOW_UPS } from "../../messages/follow-up.js";
import { handleRetrieval } from "../../messages/retrieval.js";
import type { MessageFormat } from "../../messages/types.js";

/** Options of `withTokenfold`: the messages pipeline's options, plus the wrapper's own. */
export interface TokenfoldClientOptions extends Omit<MessagesOptions, "format"> {
  /**
   * Non-streaming calls only: when the model's reply holds nothing but `tokenfold_retrieve` calls,
   * answer them from the store and call again, up to `maxRounds` times (default 3). A reply that
   * mixes in any other tool call is returned unchanged.
   */
  answerRetrievals?: boolean | { maxRounds?: number };
  /** Called with each compression result (for logging savings). */
  onCompress?: (result: MessagesResult<unknown>) => void;
  /** Called when compression failed and the original body was sent instead. */
  onError?: (error: unknown) => void;
}

/** What the SDKs' `create` returns: a promise, usually an `APIPromise` with extra helpers. */
export type SdkPromise = PromiseLike<unknown> & {
  withResponse?: () => Promise<unknown>;
  asResponse?: () => Promise<unknown>;
  _thenUnwrap?: (transform: (data: unknown, props?: unknown) => unknown) => SdkPromise;
};

/** A promise of the call's data that still offers `withResponse()` and `asResponse()`. */
export type WrappedPromise = Promise<unknown> & {
  withResponse(): Promise<unknown>;
  asResponse(): Promise<unknown>;
  /** OpenAI's helpers (`parse`) transform the data of `create`'s promise with this. */
  _thenUnwrap(transform: (data: unknown, props?: unknown) => unknown): WrappedPromise;
};

/** Marks wrapped clients, so wrapping twice does not compress twice. */
export const WRAPPED = Symbol.for("tokenfold.withTokenfold");

import { isObj } from "../../messages/types.js";

export { isObj };

/**
 * The body to send: the compressed request, or the body itself when it has no message list or
 * when compression throws (fail-open: a compression bug must never break the user's call).
 */
export async function compressBody<T>(body: T, format: MessageFormat, options: TokenfoldClientOptions): Promise<T> {
  if (!isObj(body) || !(Array.isArray(body.messages) || Array.isArray(body.input) || Array.isArray(body.contents))) return body;
  return compressFailOpen(body, format, options);
}

/** `compressMessages` for a body of a known format; on any error the body itself, and `onError`. */
export async function compressFailOpen<T>(body: T, format: MessageFormat, options: TokenfoldClientOptions): Promise<T> {
  const { answerRetrievals: _a, onCompress, onError, ...rest } = options;
  try {
    const r = await compressMessages(body, { ...rest, format });
    onCompress?.(r as MessagesResult<unknown>);
    return r.request ?? body;
  } catch (error) {
    try { onError?.(error); } catch { /* a throwing hook must not break the call either */ }
    return body;
  }
}

/** How many retrieval rounds to answer (0: none). */
export function retrievalRounds(options: TokenfoldClientOptions): number {
  const a = options.answerRetrievals;
  if (!a) return 0;
  const n = a === true ? 3 : a.maxRounds ?? 3;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/**
 * The retrieval loop's next request for a format (the same builder the proxy uses), answering the
 * calls from the options' store.
 */
export function followUpFor(format: MessageFormat, options: TokenfoldClientOptions): (reply: unknown, sent: unknown) => Promise<unknown | undefined> {
  const answer = (calls: unknown[]) => Promise.all(calls.map((c) => handleRetrieval(c, { store: options.store })));
  return (reply, sent) => FOLLOW_UPS[format](reply, sent, answer);
}

/**
 * Sends `body`, and while `next` turns the reply into a follow-up request (the model asked only
 * for retrievals), sends that, at most `rounds` times. Resolves to the last call, boxed so the
 * `APIPromise` is not unwrapped.
 */
export async function callLoop(
  body: unknown,
  send: (body: unknown) => SdkPromise,
  next: (reply: unknown, sent: unknown) => Promise<unknown | undefined>,
  rounds: number,
): Promise<{ call: SdkPromise }> {
  let sent = body;
  let call = send(sent);
  for (let i = 0; i < rounds; i++) {
    const follow = await next(await call, sent);
    if (follow === undefined) break;
    sent = follow;
    call = send(sent);
  }
  return { call };
}

/** The data of the boxed call, as a promise that keeps the SDK's `withResponse()` / `asResponse()`. */
export function keepApiPromise(work: Promise<{ call: SdkPromise }>): WrappedPromise {
  const data = work.then((b) => b.call);
  // Callers such as Anthropic's MessageStream use only `.withResponse()`: a failure must not
  // also surface as an unhandled rejection of this promise. Awaiting it still rejects.
  data.catch(() => {});
  return Object.assign(data, {
    withResponse: () => work.then((b) => (b.call.withResponse ? b.call.withResponse() : Promise.resolve(b.call).then((d) => ({ data: d, response: undefined })))),
    asResponse: () => work.then((b) => {
      if (!b.call.asResponse) throw new TypeError("[tokenfold] [adapters] asResponse() is not available on this client");
      return b.call.asResponse();
    }),
    // The SDK's own `_thenUnwrap` would parse the response body a second time; transform the data
    // this promise already holds instead (its helpers use only the data).
    _thenUnwrap: (transform: (data: unknown, props?: unknown) => unknown) =>
      keepApiPromise(work.then((b) => ({ call: unwrapped(b.call, transform) }))),
  });
}

/** The call with its data transformed, keeping `withResponse()` (data transformed too) and `asResponse()`. */
function unwrapped(call: SdkPromise, transform: (data: unknown) => unknown): SdkPromise {
  const data = Promise.resolve(call).then((d) => transform(d));
  return Object.assign(data, {
    withResponse: call.withResponse && (() => call.withResponse!().then((w) => ({ ...(w as object), data: transform((w as { data: unknown }).data) }))),
    asResponse: call.asResponse && (() => call.asResponse!()),
  });
}

const classes = new WeakMap<Function, boolean>();
function isClass(f: Function): boolean {
  let v = classes.get(f);
  if (v === undefined) {
    v = /^class[\s{]/.test(Function.prototype.toString.call(f));
    classes.set(f, v);
  }
  return v;
}

/**
 * A proxy of `target` whose `overrides` replace some properties; everything else reads from the
 * target, and its methods run with the target as `this` (SDK classes use private fields).
 */
export function overlay<T extends object>(target: T, overrides: Record<PropertyKey, unknown>): T {
  const bound = new WeakMap<Function, Function>();
  return new Proxy(target, {
    get(t, p) {
      if (p === WRAPPED) return true;
      if (Object.prototype.hasOwnProperty.call(overrides, p)) return overrides[p as string];
      const v: unknown = Reflect.get(t, p, t);
      if (typeof v !== "function" || p === "constructor" || isClass(v)) return v;
      let b = bound.get(v);
      if (!b) {
        b = (v as Function).bind(t) as Function;
        bound.set(v, b);
      }
      return b;
    },
    has(t, p) {
      return p === WRAPPED || Object.prototype.hasOwnProperty.call(overrides, p) || Reflect.has(t, p);
    },
  });
}
