/**
 * Streamed retrieval loop for Gemini `:streamGenerateContent?alt=sse`, where each SSE event's data
 * is one GenerateContentResponse and `functionCall` parts arrive whole. Chunks pass through as
 * they arrive until one carries a `tokenfold_retrieve` functionCall; from there the round is
 * held. Another function call releases everything held (the client gets the reply unchanged). A
 * round that ends holding only retrieval calls is continued with the follow-up the non-streamed
 * loop would send (the model turn with this round's parts, then a user turn of
 * `functionResponse` parts). The next round's chunks carry the first round's `responseId` (when
 * it had one) and `usageMetadata` summed over every round.
 *
 * Without `alt=sse` Gemini streams one JSON array, not events: such replies get no splicer and
 * are relayed unchanged (a retrieval call in them reaches the client).
 * @module
 */
import type { EventSourceMessage } from "eventsource-parser";
import { FOLLOW_UPS } from "../../messages/follow-up.js";
import { RETRIEVE_TOOL, isObj } from "../../messages/types.js";
import { createHold, parseData, serializeEvent, type Splicer } from "./splice.js";
import { addUsage, type Usage } from "./usage.js";

type Obj = Record<string, unknown>;

/**
 * A splicer for Gemini SSE streams, or undefined for a request target that does not ask for
 * SSE (`alt=sse`).
 * @example
 * geminiSplicer("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse") // → a Splicer
 * geminiSplicer("/v1beta/models/gemini-2.5-flash:streamGenerateContent") // → undefined
 */
export function geminiSplicer(url: string): Splicer | undefined {
  const query = url.indexOf("?");
  if (query < 0 || new URLSearchParams(url.slice(query + 1)).get("alt") !== "sse") return undefined;
  return geminiSseSplicer();
}

function geminiSseSplicer(): Splicer {
  let round = 0;
  let firstId: string | undefined;
  let usageBefore: Usage | undefined;
  let holding = false;
  /** This round's model parts, in the order they came. */
  let parts: Obj[] = [];
  let usage: Usage | undefined;

  const wire = (e: EventSourceMessage, data: Obj | undefined): string => {
    if (!data || round === 0) return serializeEvent(e);
    const out: Obj = { ...data };
    if (firstId !== undefined && "responseId" in data) out.responseId = firstId;
    if (usageBefore && isObj(data.usageMetadata)) out.usageMetadata = addUsage(usageBefore, data.usageMetadata);
    return serializeEvent({ ...e, data: JSON.stringify(out) });
  };
  const held = createHold(wire);

  return {
    event(e) {
      const data = parseData(e.data);
      if (data && round === 0 && firstId === undefined && typeof data.responseId === "string") firstId = data.responseId;
      if (data && isObj(data.usageMetadata)) usage = data.usageMetadata;
      if (held.released) return wire(e, data);
      if (!data || isObj(data.error)) return held.release(e, data);
      const candidates = Array.isArray(data.candidates) ? (data.candidates as unknown[]) : [];
      // one candidate only: with candidateCount > 1 the rounds of different candidates could not be told apart
      if (candidates.some((c) => !isObj(c) || (c.index !== undefined && c.index !== 0))) return held.release(e, data);
      let retrieveSeen = false;
      for (const c of candidates as Obj[]) {
        const cParts = isObj(c.content) && Array.isArray(c.content.parts) ? (c.content.parts as unknown[]) : [];
        for (const p of cParts) {
          if (!isObj(p)) continue;
          parts.push(p);
          if (!isObj(p.functionCall)) continue;
          if (p.functionCall.name !== RETRIEVE_TOOL) return held.release(e, data);
          retrieveSeen = true;
        }
      }
      if (!retrieveSeen && !holding) return wire(e, data);
      if (!retrieveSeen || holding) {
        held.hold(e, data);
        return "";
      }
      holding = true;
      // the chunk that brings the call: its other parts (text said before the call) go out now,
      // the call and the chunk's ending (finishReason, usage) are held
      const [now, later] = splitCalls(data);
      held.hold(later === data ? e : { ...e, data: JSON.stringify(later) }, later);
      return now ? wire({ ...e, data: JSON.stringify(now) }, now) : "";
    },
    async next(sent, answer) {
      if (!holding || held.released) return undefined;
      const reply = { candidates: [{ content: { role: "model", parts: mergeText(parts) } }] };
      return FOLLOW_UPS.gemini(reply, sent, answer);
    },
    beginRound() {
      round++;
      usageBefore = addUsage(usageBefore, usage);
      held.clear();
      holding = false;
      parts = [];
      usage = undefined;
    },
    flush() {
      return held.drain();
    },
  };
}

/**
 * A chunk cut in two: its parts other than function calls, as a chunk without ending or usage
 * (undefined when it has none), and the rest (the calls, with the chunk's other fields).
 */
function splitCalls(data: Obj): [Obj | undefined, Obj] {
  const c = (data.candidates as Obj[])[0]!;
  const content = c.content as Obj;
  const parts = content.parts as unknown[];
  const calls = parts.filter((p) => isObj(p) && isObj(p.functionCall));
  if (calls.length === parts.length) return [undefined, data];
  const { finishReason: _f, finishMessage: _m, ...rest } = c;
  const { usageMetadata: _u, ...chunk } = data;
  const now = { ...chunk, candidates: [{ ...rest, content: { ...content, parts: parts.filter((p) => !calls.includes(p)) } }] };
  return [now, { ...data, candidates: [{ ...c, content: { ...content, parts: calls } }] }];
}

/** Streamed text pieces joined back into one part each (parts with anything beside `text` stay as they are). */
function mergeText(parts: Obj[]): Obj[] {
  const out: Obj[] = [];
  for (const p of parts) {
    const last = out.at(-1);
    const plain = typeof p.text === "string" && Object.keys(p).length === 1;
    if (plain && last && typeof last.text === "string" && Object.keys(last).length === 1) out[out.length - 1] = { text: last.text + (p.text as string) };
    else out.push(p);
  }
  return out;
}
