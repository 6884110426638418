/**
 * The public `compress`: a string goes to the text pipeline (`compress.ts`), a message array or a
 * request body to the messages pipeline (`messages/`). Either way the result has the shape that
 * was given: `text`, `messages` or `request`, with the same token fields.
 * @module
 */
import { compress as compressText, type CompressOptions, type CompressResult } from "./compress.js";
import { createEstimator } from "./core/tokens.js";
import { compressMessages, detectFormat, type MessagesOptions, type MessagesResult } from "./messages/compress-messages.js";

/**
 * Compresses a text, a message array or a whole request body.
 * @example
 * await compress(jsonText, { query: "which job failed?" });           // → { text, … }
 * await compress({ model, messages, tools }, { tokenizer: "o200k" }); // → { request, … }
 */
export function compress(input: string, options?: CompressOptions): Promise<CompressResult>;
export function compress<T extends object>(input: T, options?: MessagesOptions): Promise<MessagesResult<T>>;
export function compress(input: unknown, options: CompressOptions & MessagesOptions = {}): Promise<CompressResult | MessagesResult<object>> {
  if (typeof input === "string") return transcriptOrText(input, options);
  if (typeof input === "object" && input !== null) return compressMessages(input, options);
  return Promise.reject(new TypeError("[tokenfold] [compress] input must be a string, a message array or a request body"));
}

/**
 * A chat transcript handed over as text (a saved request body or message array in one of the
 * supported formats) goes through the messages pipeline, so its turns, roles and tool pairs stay
 * intact; the result is that JSON, compact. Anything else goes to the text pipeline.
 */
async function transcriptOrText(text: string, options: CompressOptions & MessagesOptions): Promise<CompressResult> {
  const head = text.trimStart().slice(0, 1);
  if ((head === "{" || head === "[") && (options.type === undefined || options.type === "auto") && /"(?:role|contents)"\s*:/.test(text.slice(0, 65536))) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (typeof body === "object" && body !== null && detectFormat(body)) {
      const { query: _q, type: _t, fileName: _f, ...rest } = options;
      const r = await compressMessages(body, rest);
      if (r.saved > 0) {
        const out = JSON.stringify(r.request ?? r.messages);
        const est = createEstimator(options.tokenizer ?? "o200k");
        const tokensBefore = est.count(text);
        const tokensAfter = est.count(out);
        if (tokensAfter < tokensBefore) {
          const reasons = [{ code: "messages.transcript", detail: `a ${r.format} transcript: its tool outputs went through the messages pipeline (turns, roles and tool pairs kept)` }];
          return { text: out, tokensBefore, tokensAfter, saved: tokensBefore - tokensAfter, ratio: (tokensBefore - tokensAfter) / tokensBefore, type: `messages:${r.format}`, refs: r.refs, reasons };
        }
      }
    }
  }
  return compressText(text, options);
}
