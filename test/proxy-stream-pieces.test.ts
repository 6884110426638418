// A watched stream (the request declares tokenfold_retrieve) as providers really send it: one
// write per event with pauses between, events cut in the middle, CRLF line ends, keep-alive
// comments. Events that cannot start a retrieval go to the client as they came (not parsed);
// when a retrieval call comes after them, the proxy still knows what came before (the text the
// follow-up repeats, the first id), and the client sees one coherent stream.
import Anthropic from "@anthropic-ai/sdk";
import type { ServerResponse } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../src/index.js";
import { startProxy, type RunningProxy } from "../src/surfaces/proxy/index.js";
import { anthropicStream, chatChunk, chatTextStream, chatToolCall, chatToolCallStream, startSse, startUpstream, type Received, type SseEvent, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const LOG = authLog(3000) as string;
const REF = /tf_[0-9a-f]{24}/;
const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

let up: StandIn;
let proxy: RunningProxy;
beforeAll(async () => {
  up = await startUpstream();
  proxy = await startProxy({ port: 0, upstreams: { openai: up.url, anthropic: up.url }, store: memoryStore(), stats: false });
});
afterAll(async () => {
  await proxy.close();
  await up.close();
});
beforeEach(() => {
  up.received.length = 0;
});

const wire = (e: SseEvent, eol = "\n") => `${e.event ? `event: ${e.event}${eol}` : ""}data: ${typeof e.data === "string" ? e.data : JSON.stringify(e.data)}${eol}${eol}`;

/** Writes `pieces` one at a time with a pause between, so each reaches the proxy on its own. */
async function trickle(res: ServerResponse, pieces: string[]): Promise<void> {
  startSse(res);
  for (const p of pieces) {
    res.write(p);
    await pause(15);
  }
  res.end();
}

/** Every event's wire text cut in two, so no piece ends on an event boundary but the last. */
const halves = (events: SseEvent[], eol = "\n") => events.flatMap((e) => {
  const w = wire(e, eol);
  return [w.slice(0, w.length >> 1), w.slice(w.length >> 1)];
});

function chatRequest() {
  return {
    model: "gpt-standin",
    stream: true as const,
    messages: [
      { role: "user" as const, content: "Did anyone log in successfully on web-1?" },
      { role: "assistant" as const, content: null, tool_calls: [chatToolCall("call_1", "read_log", {}) as any] },
      { role: "tool" as const, tool_call_id: "call_1", content: LOG },
    ],
  };
}
const refIn = (r: Received) => REF.exec(JSON.stringify(r.json))![0];
const openai = () => new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
const rawChat = async () => (await fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(chatRequest()) })).text();

describe("watched streams in pieces", () => {
  it("a stream without retrieval reaches the client byte for byte, one write per event or cut mid-event", async () => {
    const events = [...chatTextStream(["No ", "one ", "did."]), ];
    for (const pieces of [events.map((e) => wire(e)), halves(events), [":keep-alive\n\n", ...events.map((e) => wire(e))]]) {
      up.received.length = 0;
      up.handler = (_r, res) => trickle(res, pieces);
      expect(await rawChat()).toBe(pieces.join(""));
      expect(up.received[0]!.json.tools.map((t: any) => t.function.name)).toContain("tokenfold_retrieve");
    }
  });

  it("text sent before a retrieval call is repeated in the follow-up; the client sees one stream", async () => {
    for (const split of [false, true]) {
      up.received.length = 0;
      up.handler = (r, res) => {
        if (up.received.length > 1) return trickle(res, chatTextStream(["Found ", "it."], "chatcmpl-second").map((e) => wire(e)));
        const round1 = [chatChunk({ role: "assistant", content: "" }), chatChunk({ content: "Let me " }), chatChunk({ content: "check. " }), ...chatToolCallStream([{ id: "call_r", name: "tokenfold_retrieve", args: { ref: refIn(r) } }]).slice(1)];
        return trickle(res, split ? halves(round1) : round1.map((e) => wire(e)));
      };
      let text = "";
      const ids = new Set<string>();
      for await (const chunk of await openai().chat.completions.create(chatRequest())) {
        ids.add(chunk.id);
        expect(chunk.choices[0]?.delta?.tool_calls).toBeUndefined();
        text += chunk.choices[0]?.delta?.content ?? "";
      }
      expect(text).toBe("Let me check. Found it.");
      expect([...ids]).toEqual(["chatcmpl-standin"]);
      const second = up.received[1]!.json.messages as any[];
      expect(second.at(-2)).toMatchObject({ role: "assistant", content: "Let me check. " });
      expect(second.at(-1)).toEqual({ role: "tool", tool_call_id: "call_r", content: LOG });
    }
  });

  it("text in several scripts, cut at arbitrary bytes (mid-character too), before a retrieval call: repeated exactly", async () => {
    const said = ["Café ", "日本語で ", "✓ naïve 🚀 ", "done. "];
    for (const step of [5, 7, 64]) {
      up.received.length = 0;
      up.handler = async (r, res) => {
        if (up.received.length > 1) return trickle(res, chatTextStream(["Found it."], "chatcmpl-second").map((e) => wire(e)));
        const round1 = [chatChunk({ role: "assistant", content: "" }), ...said.map((t) => chatChunk({ content: t })), ...chatToolCallStream([{ id: "call_r", name: "tokenfold_retrieve", args: { ref: refIn(r) } }]).slice(1)];
        // whole events first (the fast path), then the rest cut every `step` bytes
        const head = round1.slice(0, 3).map((e) => wire(e)).join("");
        const tail = Buffer.from(round1.slice(3).map((e) => wire(e)).join(""));
        startSse(res);
        res.write(head);
        await pause(15);
        for (let i = 0; i < tail.length; i += step) {
          res.write(tail.subarray(i, i + step));
          await pause(2);
        }
        res.end();
      };
      let text = "";
      for await (const chunk of await openai().chat.completions.create(chatRequest())) text += chunk.choices[0]?.delta?.content ?? "";
      expect(text).toBe(`${said.join("")}Found it.`);
      expect(up.received[1]!.json.messages.at(-2)).toMatchObject({ role: "assistant", content: said.join("") });
    }
  });

  it("CRLF line ends: the events arrive whole and the retrieval loop still works", async () => {
    up.handler = (r, res) => {
      if (up.received.length > 1) return trickle(res, chatTextStream(["Found it."], "chatcmpl-second").map((e) => wire(e, "\r\n")));
      const round1 = [chatChunk({ role: "assistant", content: "" }), chatChunk({ content: "Checking. " }), ...chatToolCallStream([{ id: "call_r", name: "tokenfold_retrieve", args: { ref: refIn(r) } }]).slice(1)];
      return trickle(res, halves(round1, "\r\n"));
    };
    const final = await openai().chat.completions.stream(chatRequest()).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe("Checking. Found it.");
    expect(final.choices[0]!.message.tool_calls ?? []).toEqual([]);
    expect(up.received[1]!.json.messages.at(-2)).toMatchObject({ content: "Checking. " });
  });

  it("Anthropic: a text block sent event by event before the retrieval block keeps its index and text", async () => {
    up.handler = (r, res) => {
      const events = up.received.length === 1
        ? anthropicStream([{ text: "Checking." }, { id: "tu_r", name: "tokenfold_retrieve", input: { ref: refIn(r) } }])
        : anthropicStream([{ text: "Found it." }], "msg_second");
      return trickle(res, events.map((e) => wire(e)));
    };
    const claude = new Anthropic({ baseURL: proxy.url, apiKey: "sk-ant-test", maxRetries: 0 });
    const final = await claude.messages.stream({
      model: "claude-standin", max_tokens: 256,
      messages: [
        { role: "user", content: "Did anyone log in successfully on web-1?" },
        { role: "assistant", content: [{ type: "tool_use", id: "tu_1", name: "read_log", input: {} }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "tu_1", content: LOG }] },
      ],
    }).finalMessage();
    expect(final.id).toBe("msg_standin");
    expect(final.content.map((b) => (b.type === "text" ? b.text : b.type))).toEqual(["Checking.", "Found it."]);
    expect(up.received[1]!.json.messages.at(-2).content[0]).toEqual({ type: "text", text: "Checking." });
  });
});
