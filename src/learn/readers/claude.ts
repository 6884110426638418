/**
 * Claude Code session logs (`~/.claude/projects/<cwd with / as ->/<session>.jsonl`): one JSON
 * object per line. Calls are `tool_use` blocks in `type: "assistant"` lines
 * (`message.content[]`: `{ type: "tool_use", id, name, input }`); results are `tool_result`
 * blocks in `type: "user"` lines (`{ type: "tool_result", tool_use_id, content, is_error }`).
 * Lines also carry `cwd` and `sessionId`. Unknown lines are skipped.
 * @module
 */
import type { ToolEvent } from "../types.js";
import { describeCall, errorLines, jsonLines, textOf } from "./common.js";

/**
 * The tool calls of one Claude Code session, in order.
 * @param text the JSONL file's content
 * @param name the file's name (session id fallback)
 */
export function readClaude(text: string, name: string): ToolEvent[] {
  const calls = new Map<string, { tool: string; input: unknown; seq: number; cwd?: string; session: string }>();
  const out: ToolEvent[] = [];
  let seq = 0;
  for (const o of jsonLines(text)) {
    const msg = o.message as { content?: unknown } | undefined;
    const blocks = Array.isArray(msg?.content) ? (msg!.content as Array<Record<string, unknown>>) : [];
    const session = typeof o.sessionId === "string" ? o.sessionId : name;
    const cwd = typeof o.cwd === "string" ? o.cwd : undefined;
    for (const b of blocks) {
      if (o.type === "assistant" && b?.type === "tool_use" && typeof b.id === "string" && typeof b.name === "string") {
        calls.set(b.id, { tool: b.name, input: b.input, seq: seq++, cwd, session });
      } else if (o.type === "user" && b?.type === "tool_result" && typeof b.tool_use_id === "string") {
        const call = calls.get(b.tool_use_id);
        if (!call) continue;
        calls.delete(b.tool_use_id);
        const ok = b.is_error !== true;
        out.push({ agent: "claude", session: call.session, cwd: call.cwd, seq: call.seq, ...describeCall(call.tool, call.input), ok, ...(ok ? {} : { error: errorLines(textOf(b.content)) }) });
      }
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}
