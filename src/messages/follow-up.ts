/**
 * The retrieval loop's next request, for replies read whole (non-streaming), shared by the proxy
 * and the SDK wrappers: when the model's
 * reply calls `tokenfold_retrieve` and nothing else, the call and its answer are appended to the
 * conversation in the request's own format. Any other tool call in the reply → undefined, and
 * the client gets the reply unchanged.
 * @module
 */
import { isRetrievalCall } from "./retrieval.js";
import { isObj, type MessageFormat } from "./types.js";

/** Answers retrieval calls (in the reply's own shape), one text per call; undefined = leave them to the client. */
export type Answerer = (calls: unknown[]) => Promise<string[] | undefined>;

/** Builds the next request from a whole reply, or undefined when the proxy should not answer. */
export type FollowUp = (reply: unknown, sent: unknown, answer: Answerer) => Promise<unknown | undefined>;

type Obj = Record<string, unknown>;

/** OpenAI chat: the assistant message with its tool calls, then one `tool` message per call. */
const openaiChat: FollowUp = async (reply, sent, answer) => {
  if (!isObj(reply) || !Array.isArray(reply.choices) || reply.choices.length !== 1 || !isObj(sent) || !Array.isArray(sent.messages)) return undefined;
  const message = (reply.choices[0] as { message?: Obj }).message;
  const calls = message?.tool_calls as Array<{ id?: string; function?: { name?: string; arguments?: string } }> | undefined;
  if (!Array.isArray(calls) || calls.length === 0 || !calls.every((c) => isRetrievalCall(c))) return undefined;
  const results = await answer(calls);
  if (!results) return undefined;
  return {
    ...sent,
    messages: [
      ...sent.messages,
      { role: "assistant", content: message!.content ?? null, tool_calls: calls.map((c) => ({ id: c.id, type: "function", function: { name: c.function?.name, arguments: c.function?.arguments ?? "{}" } })) },
      ...calls.map((c, i) => ({ role: "tool", tool_call_id: c.id, content: results[i] })),
    ],
  };
};

/**
 * OpenAI Responses: the reply's output items (reasoning included, as the API asks) and one
 * `function_call_output` per call. A conversation chained by `previous_response_id` continues
 * from the reply's id with only the outputs.
 */
const openaiResponses: FollowUp = async (reply, sent, answer) => {
  if (!isObj(reply) || !Array.isArray(reply.output) || !isObj(sent)) return undefined;
  const output = reply.output as Obj[];
  const calls = output.filter((x) => isObj(x) && x.type === "function_call");
  const otherTools = output.some((x) => isObj(x) && typeof x.type === "string" && x.type !== "function_call" && x.type.endsWith("_call"));
  if (calls.length === 0 || otherTools || !calls.every((c) => isRetrievalCall(c))) return undefined;
  const results = await answer(calls);
  if (!results) return undefined;
  const outputs = calls.map((c, i) => ({ type: "function_call_output", call_id: c.call_id, output: results[i] }));
  if (typeof sent.previous_response_id === "string" && typeof reply.id === "string") return { ...sent, previous_response_id: reply.id, input: outputs };
  const input = typeof sent.input === "string" ? [{ role: "user", content: sent.input }] : Array.isArray(sent.input) ? sent.input : undefined;
  if (input === undefined) return undefined;
  return { ...sent, input: [...input, ...output, ...outputs] };
};

/** Anthropic: the assistant's content as it came, then a user turn of `tool_result` blocks. */
const anthropic: FollowUp = async (reply, sent, answer) => {
  if (!isObj(reply) || reply.stop_reason !== "tool_use" || !Array.isArray(reply.content) || !isObj(sent) || !Array.isArray(sent.messages)) return undefined;
  const content = reply.content as Obj[];
  const uses = content.filter((b) => isObj(b) && typeof b.type === "string" && b.type.endsWith("tool_use"));
  if (uses.length === 0 || !uses.every((b) => b.type === "tool_use" && isRetrievalCall(b))) return undefined;
  const results = await answer(uses);
  if (!results) return undefined;
  return anthropicNext(sent, content, uses, results);
};

/** The Anthropic follow-up request (shared with the stream splicer). */
export function anthropicNext(sent: Obj, content: unknown[], uses: Obj[], results: string[]): Obj {
  return {
    ...sent,
    messages: [
      ...(sent.messages as unknown[]),
      { role: "assistant", content },
      { role: "user", content: uses.map((b, i) => ({ type: "tool_result", tool_use_id: b.id, content: results[i] })) },
    ],
  };
}

/** Gemini: the model's content as it came, then a user turn of `functionResponse` parts. */
const gemini: FollowUp = async (reply, sent, answer) => {
  if (!isObj(reply) || !Array.isArray(reply.candidates) || reply.candidates.length !== 1 || !isObj(sent) || !Array.isArray(sent.contents)) return undefined;
  const content = (reply.candidates[0] as { content?: Obj }).content;
  const parts = Array.isArray(content?.parts) ? (content!.parts as Obj[]) : [];
  const calls = parts.filter((p) => isObj(p) && isObj(p.functionCall));
  if (calls.length === 0 || !calls.every((p) => isRetrievalCall(p))) return undefined;
  const results = await answer(calls);
  if (!results) return undefined;
  return {
    ...sent,
    contents: [
      ...sent.contents,
      { ...content, role: "model" },
      {
        role: "user",
        parts: calls.map((p, i) => {
          const call = p.functionCall as { name?: string; id?: string };
          return { functionResponse: { ...(call.id !== undefined ? { id: call.id } : {}), name: call.name, response: { content: results[i] } } };
        }),
      },
    ],
  };
};

/** The follow-up builder of each format. */
export const FOLLOW_UPS: Readonly<Record<MessageFormat, FollowUp>> = Object.freeze({ "openai-chat": openaiChat, "openai-responses": openaiResponses, anthropic, gemini });
