/**
 * Streamed retrieval loop for OpenAI Responses (`/v1/responses` with `stream: true`). Events pass
 * through as they arrive until an output item that is a `tokenfold_retrieve` function_call is
 * added; from there the round is held. Any other tool call (a function_call of another name, or
 * any `*_call` item) releases everything held, and the client gets the reply unchanged. A round
 * that ends (`response.completed`) holding only retrieval calls is continued with the follow-up
 * the non-streamed loop would send, built from the held `response.completed`'s response.
 *
 * The next round's events continue the same stream: its `response.created` / `in_progress` /
 * `queued` are dropped, its `sequence_number`s carry on after the last one of the earlier rounds,
 * its `output_index`es follow the items the client already has, and its lifecycle events carry
 * the first round's response id. Its `response.completed` carries its own id (a client that
 * chains the next turn with `previous_response_id` must continue from the round that holds the
 * answered retrieval, as the non-streamed loop's last reply does), lists the items the client
 * was shown (earlier rounds' shown items, then its own) and reports usage summed over every round.
 * @module
 */
import type { EventSourceMessage } from "eventsource-parser";
import { FOLLOW_UPS } from "../../messages/follow-up.js";
import { RETRIEVE_TOOL, isObj } from "../../messages/types.js";
import { createHold, parseData, serializeEvent, type Splicer } from "./splice.js";
import { addUsage, type Usage } from "./usage.js";

type Obj = Record<string, unknown>;

/** Lifecycle events that would reset the client's snapshot: only the first round's reach it. */
const STARTS = new Set(["response.created", "response.in_progress", "response.queued"]);
/** Lifecycle events that carry the whole response. */
const ENDS = new Set(["response.completed", "response.failed", "response.incomplete"]);

/**
 * A splicer for `/v1/responses` streams.
 * @example
 * const SPLICERS = { "openai-responses": openaiResponsesSplicer };
 */
export function openaiResponsesSplicer(): Splicer {
  let round = 0;
  let firstId: string | undefined;
  /** Items the client got in earlier rounds, as their rounds completed them. */
  let shown: Obj[] = [];
  /** Added to this round's sequence numbers (0 in the first round). */
  let seqBase = 0;
  /** The highest sequence number any event so far got (after rewriting). */
  let lastSeq = -1;
  let usageBefore: Usage | undefined;
  let holding = false;
  /** This round's items the client got before the hold began. */
  let forwardedItems = 0;
  /** This round's `response.completed` response, as upstream sent it. */
  let completed: Obj | undefined;

  const wire = (e: EventSourceMessage, data: Obj | undefined): string => {
    if (!data || round === 0) return serializeEvent(e);
    return serializeEvent({ ...e, data: JSON.stringify(continued(data)) });
  };
  /** A later round's event as part of the first round's stream. */
  const continued = (data: Obj): Obj => {
    const out: Obj = { ...data };
    if (typeof data.sequence_number === "number") out.sequence_number = data.sequence_number + seqBase;
    if (typeof data.output_index === "number") out.output_index = data.output_index + shown.length;
    if (isObj(data.response)) {
      const r: Obj = { ...data.response };
      // the final event names the last round's response: the one a client chains its next turn
      // to (previous_response_id) holds the answered retrieval; the first round's ends unanswered
      if (firstId !== undefined && !ENDS.has(data.type as string)) r.id = firstId;
      if (Array.isArray(r.output)) r.output = [...shown, ...r.output];
      if (usageBefore && (isObj(r.usage) || ENDS.has(data.type as string))) r.usage = addUsage(usageBefore, isObj(r.usage) ? r.usage : undefined);
      out.response = r;
    }
    return out;
  };
  const held = createHold(wire);

  return {
    event(e) {
      const data = parseData(e.data);
      const type = typeof data?.type === "string" ? data.type : e.event;
      if (data && typeof data.sequence_number === "number") lastSeq = Math.max(lastSeq, data.sequence_number + seqBase);
      if (data && round === 0 && firstId === undefined && isObj(data.response) && typeof data.response.id === "string") firstId = data.response.id;
      if (round > 0 && type !== undefined && STARTS.has(type)) return "";
      if (type === "response.completed" && isObj(data?.response)) completed = data.response;
      if (held.released) return wire(e, data);
      if (!data || type === "error") return held.release(e, data);
      if (type === "response.output_item.added" && isObj(data.item) && typeof data.output_index === "number") {
        const item = data.item;
        const isCall = typeof item.type === "string" && item.type.endsWith("_call");
        const isRetrieve = item.type === "function_call" && item.name === RETRIEVE_TOOL;
        if (isCall && !isRetrieve) return held.release(e, data);
        if (isRetrieve) holding = true;
        else if (!holding) forwardedItems = Math.max(forwardedItems, data.output_index + 1);
      }
      if (!holding) return wire(e, data);
      held.hold(e, data);
      return "";
    },
    async next(sent, answer) {
      if (!holding || held.released || !completed) return undefined;
      return FOLLOW_UPS["openai-responses"](completed, sent, answer);
    },
    beginRound() {
      round++;
      const output = Array.isArray(completed?.output) ? (completed!.output as Obj[]) : [];
      shown = [...shown, ...output.slice(0, forwardedItems)];
      usageBefore = addUsage(usageBefore, isObj(completed?.usage) ? completed!.usage : undefined);
      seqBase = lastSeq + 1;
      held.clear();
      holding = false;
      forwardedItems = 0;
      completed = undefined;
    },
    flush() {
      return held.drain();
    },
  };
}
