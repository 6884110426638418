/**
 * Gemini CLI session logs. Chats are recorded in `~/.gemini/tmp/<project hash>/chats/session-*.json`,
 * one JSON object `{ sessionId, projectHash, startTime, lastUpdated, messages }`; a message of
 * `type: "gemini"` holds `toolCalls: [{ id, name, args, result, status: "success" | "error", error? }]`.
 * `<project hash>` is the SHA-256 of the project root. `logs.json` beside it holds only the
 * user's prompts (no tool calls), so it is not mined.
 * @module
 */
import type { ToolEvent } from "../types.js";
import { describeCall, errorLines, textOf } from "./common.js";

/**
 * The tool calls of one Gemini CLI chat file, in order.
 * @param text the JSON file's content
 * @param name the file's name (session id fallback)
 */
export function readGemini(text: string, name: string): ToolEvent[] {
  let o: { sessionId?: unknown; messages?: unknown };
  try {
    o = JSON.parse(text) as typeof o;
  } catch {
    return [];
  }
  const session = typeof o?.sessionId === "string" ? o.sessionId : name;
  const out: ToolEvent[] = [];
  let seq = 0;
  for (const m of Array.isArray(o?.messages) ? o.messages : []) {
    const calls = m && typeof m === "object" && Array.isArray((m as { toolCalls?: unknown }).toolCalls) ? ((m as { toolCalls: Array<Record<string, unknown>> }).toolCalls) : [];
    for (const c of calls) {
      if (typeof c?.name !== "string" || (c.status !== "success" && c.status !== "error")) continue; // cancelled calls say nothing
      const ok = c.status === "success";
      const err = typeof c.error === "string" ? c.error : textOf(c.resultDisplay ?? c.result);
      out.push({ agent: "gemini", session, seq: seq++, ...describeCall(c.name, c.args), ok, ...(ok ? {} : { error: errorLines(err) }) });
    }
  }
  return out;
}
