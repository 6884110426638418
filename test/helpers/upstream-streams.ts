/**
 * Stream builders for the stand-in provider (see `upstream.ts`): an OpenAI Responses stream
 * (`event:`-named SSE with `sequence_number` and `output_index`, as the API sends it) and a
 * Gemini `:streamGenerateContent?alt=sse` stream (one GenerateContentResponse per event).
 *
 * @example
 * sendSse(res, responsesStream([{ text: "Found it." }], { id: "resp_2" }));
 * sendSse(res, geminiStream([[{ text: "Found " }], [{ text: "it." }]]));
 */
import type { SseEvent } from "./upstream.js";

/** One output item of a streamed Response: a text message or a function call. */
export type ResponsesItem = { text: string } | { callId: string; name: string; args: unknown };

/** Responses usage with the API's detail objects. */
export function responsesUsage(input: number, output: number, cached = 0) {
  return { input_tokens: input, input_tokens_details: { cached_tokens: cached }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: input + output };
}

/** The events of a streamed Response made of `items`, numbered from 0. */
export function responsesStream(items: ResponsesItem[], o: { id?: string; usage?: unknown } = {}): SseEvent[] {
  const id = o.id ?? "resp_standin";
  const base = { id, object: "response", created_at: 1_700_000_000, model: "gpt-standin", error: null, incomplete_details: null, instructions: null, tools: [], parallel_tool_calls: true, tool_choice: "auto", text: { format: { type: "text" } } };
  const events: SseEvent[] = [];
  const push = (type: string, data: Record<string, unknown>) => events.push({ event: type, data: { type, sequence_number: events.length, ...data } });
  push("response.created", { response: { ...base, status: "in_progress", output: [], usage: null } });
  push("response.in_progress", { response: { ...base, status: "in_progress", output: [], usage: null } });
  const done: unknown[] = [];
  items.forEach((it, output_index) => {
    if ("text" in it) {
      const item_id = `msg_${id}_${output_index}`;
      const part = { type: "output_text", text: "", annotations: [] };
      push("response.output_item.added", { output_index, item: { type: "message", id: item_id, status: "in_progress", role: "assistant", content: [] } });
      push("response.content_part.added", { item_id, output_index, content_index: 0, part });
      for (const piece of it.text.match(/.{1,6}/gs) ?? []) push("response.output_text.delta", { item_id, output_index, content_index: 0, delta: piece, logprobs: [] });
      push("response.output_text.done", { item_id, output_index, content_index: 0, text: it.text, logprobs: [] });
      push("response.content_part.done", { item_id, output_index, content_index: 0, part: { ...part, text: it.text } });
      const item = { type: "message", id: item_id, status: "completed", role: "assistant", content: [{ ...part, text: it.text }] };
      push("response.output_item.done", { output_index, item });
      done.push(item);
    } else {
      const item_id = `fc_${it.callId}`;
      const args = JSON.stringify(it.args);
      push("response.output_item.added", { output_index, item: { type: "function_call", id: item_id, call_id: it.callId, name: it.name, arguments: "", status: "in_progress" } });
      push("response.function_call_arguments.delta", { item_id, output_index, delta: args.slice(0, 5) });
      push("response.function_call_arguments.delta", { item_id, output_index, delta: args.slice(5) });
      push("response.function_call_arguments.done", { item_id, output_index, arguments: args });
      const item = { type: "function_call", id: item_id, call_id: it.callId, name: it.name, arguments: args, status: "completed" };
      push("response.output_item.done", { output_index, item });
      done.push(item);
    }
  });
  push("response.completed", { response: { ...base, status: "completed", output: done, usage: o.usage ?? responsesUsage(10, 5) } });
  return events;
}

/** Gemini usage metadata with per-modality details. */
export function geminiUsage(prompt: number, candidates: number) {
  return { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: prompt + candidates, promptTokensDetails: [{ modality: "TEXT", tokenCount: prompt }] };
}

/**
 * A Gemini SSE stream: one chunk per entry of `chunks` (its parts); the last chunk carries
 * `finishReason` and the usage, every chunk the `responseId`.
 */
export function geminiStream(chunks: unknown[][], o: { responseId?: string; usage?: unknown } = {}): SseEvent[] {
  return chunks.map((parts, i) => {
    const last = i === chunks.length - 1;
    return {
      data: {
        candidates: [{ content: { role: "model", parts }, index: 0, ...(last ? { finishReason: "STOP" } : {}) }],
        ...(last ? { usageMetadata: o.usage ?? geminiUsage(10, 5) } : {}),
        modelVersion: "gemini-standin",
        responseId: o.responseId ?? "gem_standin",
      },
    };
  });
}
