/**
 * Streamed retrieval loop for OpenAI chat completions. Chunks pass through as they arrive until a
 * tool-call delta names `tokenfold_retrieve`; from there the round is held. Another tool call
 * releases everything held (the client gets the reply unchanged). A round that ends holding only
 * retrieval calls is continued: the next round's chunks get the first round's id, lose the
 * repeated `role`, and its usage chunk counts every round; the client sees one `[DONE]`.
 * @module
 */
import type { EventSourceMessage } from "eventsource-parser";
import { RETRIEVE_TOOL, isObj } from "../../messages/types.js";
import type { Answerer } from "./answerer.js";
import { parseData, serializeEvent, type Splicer } from "./splice.js";
import { addUsage, type Usage } from "./usage.js";

type Call = { id?: string; name?: string; args: string };

/** A splicer for `/v1/chat/completions` streams. */
export function openaiChatSplicer(): Splicer {
  let round = 0;
  let firstId: string | undefined;
  let held: string[] = [];
  let holding = false;
  let released = false;
  let text = "";
  let calls = new Map<number, Call>();
  let usage: Usage | undefined;
  let usageBefore: Usage | undefined;

  const release = (now: string): string => {
    released = true;
    const out = held.join("") + now;
    held = [];
    return out;
  };

  return {
    event(e: EventSourceMessage): string {
      if (e.data === "[DONE]") {
        const wire = serializeEvent(e);
        if (!holding || released) return wire;
        held.push(wire);
        return "";
      }
      const chunk = parseData(e.data);
      if (chunk && round === 0 && firstId === undefined && typeof chunk.id === "string") firstId = chunk.id;
      const wire = serializeEvent(chunk && round > 0 ? { ...e, data: continued(chunk, firstId, usageBefore) } : e);
      if (released) return wire;
      if (!chunk) return release(wire);
      const choices = Array.isArray(chunk.choices) ? (chunk.choices as Array<Record<string, unknown>>) : [];
      // one choice only: with n > 1 the rounds of different choices could not be told apart
      if (choices.some((c) => c.index !== 0)) return release(wire);
      let retrieveSeen = false;
      let otherSeen = false;
      for (const c of choices) {
        const delta = isObj(c.delta) ? c.delta : {};
        if (typeof delta.content === "string") text += delta.content;
        for (const tc of Array.isArray(delta.tool_calls) ? (delta.tool_calls as Array<Record<string, any>>) : []) {
          const index = typeof tc.index === "number" ? tc.index : 0;
          const call = calls.get(index) ?? { args: "" };
          if (typeof tc.id === "string") call.id = tc.id;
          if (typeof tc.function?.name === "string") call.name = tc.function.name;
          if (typeof tc.function?.arguments === "string") call.args += tc.function.arguments;
          calls.set(index, call);
          if (call.name === RETRIEVE_TOOL) retrieveSeen = true;
          else otherSeen = true;
        }
      }
      if (isObj(chunk.usage)) usage = chunk.usage;
      if (otherSeen) return release(wire);
      if (retrieveSeen) holding = true;
      if (!holding) return wire;
      held.push(wire);
      return "";
    },
    async next(sent, answer) {
      if (!holding || released || calls.size === 0 || !isObj(sent) || !Array.isArray(sent.messages)) return undefined;
      const list = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
      if (!list.every((c) => c.name === RETRIEVE_TOOL)) return undefined;
      const wire = list.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.args || "{}" } }));
      const results = await answer(wire);
      if (!results) return undefined;
      return {
        ...sent,
        messages: [
          ...sent.messages,
          { role: "assistant", content: text === "" ? null : text, tool_calls: wire },
          ...wire.map((c, i) => ({ role: "tool", tool_call_id: c.id, content: results[i] })),
        ],
      };
    },
    beginRound() {
      round++;
      usageBefore = addUsage(usageBefore, usage);
      held = [];
      holding = false;
      released = false;
      text = "";
      calls = new Map();
      usage = undefined;
    },
    flush() {
      const out = held.join("");
      held = [];
      return out;
    },
    quiet: (events) => round === 0 && !holding && !released && !events.includes("tool_calls"),
  };
}

/** A later round's chunk as part of the first round's stream. */
function continued(chunk: Record<string, unknown>, firstId: string | undefined, usageBefore: Usage | undefined): string {
  const out: Record<string, unknown> = { ...chunk };
  if (firstId !== undefined) out.id = firstId;
  if (Array.isArray(chunk.choices)) {
    out.choices = (chunk.choices as Array<Record<string, unknown>>).map((c) => {
      if (!isObj(c.delta) || c.delta.role === undefined) return c;
      const { role: _role, ...delta } = c.delta;
      return { ...c, delta };
    });
  }
  if (isObj(chunk.usage) && usageBefore) out.usage = addUsage(usageBefore, chunk.usage);
  return JSON.stringify(out);
}
