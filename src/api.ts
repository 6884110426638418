/**
 * The public `compress`: a string goes to the text pipeline (`compress.ts`), a message array or a
 * request body to the messages pipeline (`messages/`). Either way the result has the shape that
 * was given: `text`, `messages` or `request`, with the same token fields.
 * @module
 */
import { compress as compressText, type CompressOptions, type CompressResult } from "./compress.js";
import { compressMessages, type MessagesOptions, type MessagesResult } from "./messages/compress-messages.js";

/**
 * Compresses a text, a message array or a whole request body.
 * @example
 * await compress(jsonText, { query: "which job failed?" });           // → { text, … }
 * await compress({ model, messages, tools }, { tokenizer: "o200k" }); // → { request, … }
 */
export function compress(input: string, options?: CompressOptions): Promise<CompressResult>;
export function compress<T extends object>(input: T, options?: MessagesOptions): Promise<MessagesResult<T>>;
export function compress(input: unknown, options: CompressOptions & MessagesOptions = {}): Promise<CompressResult | MessagesResult<object>> {
  if (typeof input === "string") return compressText(input, options);
  if (typeof input === "object" && input !== null) return compressMessages(input, options);
  return Promise.reject(new TypeError("[tokenfold] [compress] input must be a string, a message array or a request body"));
}
