/**
 * Streamed retrieval loop for Anthropic messages. Events pass through as they arrive until a
 * `tool_use` block named `tokenfold_retrieve` starts; from there the round is held. Another tool
 * block releases everything held (the client gets the reply unchanged). A round that ends holding
 * only retrieval calls is continued: the next round's `message_start` is dropped, its block
 * indices follow the blocks the client already has, and its `message_delta` usage counts the
 * input and output of every round; the client sees one `message_start` and one `message_stop`.
 * @module
 */
import type { EventSourceMessage } from "eventsource-parser";
import { RETRIEVE_TOOL, isObj } from "../../messages/types.js";
import type { Answerer } from "./answerer.js";
import { anthropicNext } from "../../messages/follow-up.js";
import { createHold, parseData, serializeEvent, type Splicer } from "./splice.js";

type Obj = Record<string, unknown>;
/** A content block rebuilt from its start and deltas, plus the tool input's JSON text. */
type Block = { block: Obj; json: string };

/** A splicer for `/v1/messages` streams. */
export function anthropicSplicer(): Splicer {
  let round = 0;
  /** Blocks the client got in earlier rounds: this round's indices start after them. */
  let offset = 0;
  let holding = false;
  let blocks: Block[] = [];
  let forwardedBlocks = 0;
  let outputTokens = 0;
  let outputBefore = 0;
  /** Input-side token counts (message_start) of earlier rounds, and of this one. */
  const inputBefore: Record<string, number> = {};
  let inputNow: Record<string, number> = {};

  const wire = (e: EventSourceMessage, data: Obj | undefined): string => {
    if (!data) return serializeEvent(e);
    let out = data;
    if (typeof data.index === "number" && offset > 0) out = { ...out, index: data.index + offset };
    if (data.type === "message_delta" && round > 0 && isObj(data.usage) && typeof data.usage.output_tokens === "number") {
      // every round is billed: input counts (the client kept the first message_start's) summed too
      const usage: Obj = { ...data.usage, output_tokens: data.usage.output_tokens + outputBefore };
      for (const k of INPUT_COUNTS) {
        const now = typeof data.usage[k] === "number" ? (data.usage[k] as number) : inputNow[k];
        if (inputBefore[k] !== undefined && now !== undefined) usage[k] = inputBefore[k] + now;
      }
      out = { ...out, usage };
    }
    return serializeEvent({ ...e, data: out === data ? e.data : JSON.stringify(out) });
  };
  const held = createHold(wire);

  return {
    event(e) {
      const data = parseData(e.data);
      const type = typeof data?.type === "string" ? data.type : e.event;
      if (type === "ping") return serializeEvent(e);
      if (type === "message_start" && isObj(data?.message) && isObj(data.message.usage)) inputNow = inputCounts(data.message.usage);
      // the client already has the first round's message_start
      if (type === "message_start" && round > 0) return "";
      if (held.released) return wire(e, data);
      if (!data || type === "error") return held.release(e, data);
      if (type === "content_block_start" && typeof data.index === "number" && isObj(data.content_block)) {
        const block = data.content_block;
        blocks[data.index] = { block: { ...block }, json: "" };
        const isTool = typeof block.type === "string" && block.type.endsWith("tool_use");
        if (isTool && (block.type !== "tool_use" || block.name !== RETRIEVE_TOOL)) return held.release(e, data);
        if (isTool) holding = true;
        else if (!holding) forwardedBlocks = data.index + 1;
      }
      if (type === "content_block_delta" && typeof data.index === "number" && isObj(data.delta)) applyDelta(blocks[data.index], data.delta);
      if (type === "message_delta" && isObj(data.usage) && typeof data.usage.output_tokens === "number") outputTokens = data.usage.output_tokens;
      if (!holding) return wire(e, data);
      held.hold(e, data);
      return "";
    },
    async next(sent, answer) {
      if (!holding || held.released || !isObj(sent) || !Array.isArray(sent.messages)) return undefined;
      const content = blocks.filter(Boolean).map(requestBlock);
      const uses = content.filter((b) => typeof b.type === "string" && b.type.endsWith("tool_use"));
      if (uses.length === 0 || !uses.every((b) => b.type === "tool_use" && b.name === RETRIEVE_TOOL)) return undefined;
      const results = await answer(uses);
      if (!results) return undefined;
      return anthropicNext(sent, content, uses, results);
    },
    beginRound() {
      round++;
      offset += forwardedBlocks;
      outputBefore += outputTokens;
      for (const [k, v] of Object.entries(inputNow)) inputBefore[k] = (inputBefore[k] ?? 0) + v;
      inputNow = {};
      held.clear();
      holding = false;
      blocks = [];
      forwardedBlocks = 0;
      outputTokens = 0;
    },
    flush() {
      return held.drain();
    },
    // round 0 rewrites nothing until a tool block starts (every tool block type contains "tool_use")
    quiet: (events) => round === 0 && !holding && !held.released && !events.includes("tool_use"),
  };
}

const INPUT_COUNTS = ["input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] as const;

function inputCounts(usage: Obj): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of INPUT_COUNTS) if (typeof usage[k] === "number") out[k] = usage[k] as number;
  return out;
}

function applyDelta(b: Block | undefined, delta: Obj): void {
  if (!b) return;
  if (delta.type === "text_delta" && typeof delta.text === "string") b.block.text = `${(b.block.text as string | undefined) ?? ""}${delta.text}`;
  else if (delta.type === "input_json_delta" && typeof delta.partial_json === "string") b.json += delta.partial_json;
  else if (delta.type === "thinking_delta" && typeof delta.thinking === "string") b.block.thinking = `${(b.block.thinking as string | undefined) ?? ""}${delta.thinking}`;
  else if (delta.type === "signature_delta" && typeof delta.signature === "string") b.block.signature = delta.signature;
  else if (delta.type === "citations_delta" && delta.citation !== undefined) b.block.citations = [...((b.block.citations as unknown[] | undefined) ?? []), delta.citation];
}

/** A streamed block as the request's assistant content needs it (tool input parsed from its JSON text). */
function requestBlock(b: Block): Obj {
  if (b.json === "") return b.block;
  let input: unknown = {};
  try {
    input = JSON.parse(b.json);
  } catch {
    /* a cut-off input: the retrieval answer explains the missing ref */
  }
  return { ...b.block, input };
}
