/**
 * Codex CLI session logs (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl`). Shapes matched:
 *
 * | shape                     | a call                                                          | its output                                       |
 * |---------------------------|-----------------------------------------------------------------|--------------------------------------------------|
 * | envelope (current)        | `{type:"response_item", payload:{type:"function_call", name, arguments, call_id}}` | `payload:{type:"function_call_output", call_id, output}` |
 * | bare items (older)        | the payload alone on its line: `{type:"function_call", …}`      | `{type:"function_call_output", …}`                |
 * | custom tools (apply_patch)| `type:"custom_tool_call"`, `input`                              | `type:"custom_tool_call_output"`                   |
 * | local shell               | `type:"local_shell_call"`, `action.command` (array)             | `type:"local_shell_call_output"`                   |
 *
 * `arguments` is a JSON string: `{"command":["bash","-lc","…"]}` (shell) or `{"cmd":"…"}`
 * (exec_command). `output` is a string that is either JSON `{"output","metadata":{"exit_code"}}`
 * or text starting `Exit code: N` / `Process exited with code N`; an object with `success`
 * is accepted too. The working directory comes from `session_meta.payload.cwd` (or the older
 * first line's `cwd`, or `turn_context`). Other lines (`event_msg`, reasoning, messages) are skipped.
 * @module
 */
import type { ToolEvent } from "../types.js";
import { describeCall, errorLines, jsonLines, textOf } from "./common.js";

// Whether a tool output reports failure, and its text.
function outcome(output: unknown): { ok: boolean; text: string } {
  if (output && typeof output === "object" && !Array.isArray(output)) {
    const o = output as { success?: unknown; content?: unknown };
    return { ok: o.success !== false, text: textOf(o.content ?? output) };
  }
  const s = textOf(output);
  try {
    const j = JSON.parse(s) as { output?: unknown; metadata?: { exit_code?: unknown } };
    if (j && typeof j === "object" && j.metadata && typeof j.metadata.exit_code === "number") return { ok: j.metadata.exit_code === 0, text: textOf(j.output) };
  } catch {
    // plain text output
  }
  const code = /^(?:Exit code:|Process exited with code)\s*(-?\d+)/m.exec(s);
  if (code) return { ok: code[1] === "0", text: s.replace(/^(?:Exit code:.*|Wall time:.*|Output:|Process exited with code.*|Chunk ID:.*|Original token count:.*)$/gm, "").trim() };
  // apply_patch and other custom tools answer in words
  return { ok: !/^(?:error|failed|invalid|unknown|verification failed)\b/i.test(s.trim()), text: s };
}

function parseArgs(a: unknown): unknown {
  if (typeof a !== "string") return a;
  try {
    return JSON.parse(a);
  } catch {
    return { input: a };
  }
}

/**
 * The tool calls of one Codex session, in order.
 * @param text the JSONL file's content
 * @param name the file's name (session id fallback)
 */
export function readCodex(text: string, name: string): ToolEvent[] {
  const calls = new Map<string, { tool: string; input: unknown; seq: number }>();
  const out: ToolEvent[] = [];
  let seq = 0;
  let session = name;
  let cwd: string | undefined;
  for (const o of jsonLines(text)) {
    const p = (o.type === "response_item" || o.type === "session_meta" || o.type === "turn_context") && o.payload && typeof o.payload === "object" ? (o.payload as Record<string, unknown>) : o;
    if (o.type === "session_meta" || (seq === 0 && typeof o.id === "string" && typeof o.timestamp === "string" && o.type === undefined)) {
      if (typeof p.id === "string") session = p.id;
      if (typeof p.cwd === "string") cwd = p.cwd;
      continue;
    }
    if (o.type === "turn_context") {
      if (typeof p.cwd === "string") cwd ??= p.cwd;
      continue;
    }
    const id = typeof p.call_id === "string" ? p.call_id : typeof p.id === "string" ? p.id : undefined;
    if (id === undefined) continue;
    if (p.type === "function_call" && typeof p.name === "string") calls.set(id, { tool: p.name, input: parseArgs(p.arguments), seq: seq++ });
    else if (p.type === "custom_tool_call" && typeof p.name === "string") calls.set(id, { tool: p.name, input: { input: p.input }, seq: seq++ });
    else if (p.type === "local_shell_call") calls.set(id, { tool: "local_shell", input: { command: (p.action as { command?: unknown } | undefined)?.command }, seq: seq++ });
    else if (p.type === "function_call_output" || p.type === "custom_tool_call_output" || p.type === "local_shell_call_output") {
      const call = calls.get(id);
      if (!call) continue;
      calls.delete(id);
      const r = outcome(p.output);
      out.push({ agent: "codex", session, cwd, seq: call.seq, ...describeCall(call.tool, call.input), ok: r.ok, ...(r.ok ? {} : { error: errorLines(r.text) }) });
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}
