/**
 * What the readers share: turning a tool call into a comparable one-liner, and error text into
 * a short line.
 * @module
 */
import type { ToolEvent } from "../types.js";

const SHELL = /^(bash|shell|exec_command|local_shell|run_shell_command|run_terminal_cmd|terminal|execute_command|container\.exec)$/i;
const FILE = /^(read|read_file|readfile|view|edit|multiedit|write|write_file|str_replace_editor|str_replace_based_edit_tool|replace|edit_file|read_many_files|list_directory|ls|glob)$/i;

/** The text of a tool result's content (a string, or text blocks). */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((c) => (c && typeof c === "object" && typeof (c as { text?: unknown }).text === "string" ? (c as { text: string }).text : "")).join("\n");
  if (content && typeof content === "object") return JSON.stringify(content);
  return "";
}

/** The first two non-empty lines of an error, at most 200 characters. */
export function errorLines(text: string): string {
  // Claude Code wraps tool errors in <tool_use_error> tags
  return text.replace(/<\/?tool_use_error>/g, "").split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 2).join(" | ").slice(0, 200);
}

// `["bash", "-lc", "npm test"]` → `npm test`; other arrays are joined with spaces.
function commandFromArray(a: unknown[]): string {
  const words = a.map(String);
  if (words.length >= 3 && /(^|\/)(ba|z|)sh$/.test(words[0]!) && /^-[a-z]*c$/.test(words[1]!)) return words.slice(2).join(" ");
  return words.map((w) => (/\s/.test(w) ? JSON.stringify(w) : w)).join(" ");
}

/** Stable JSON (sorted keys), for comparing arguments. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** Tool name, kind and one-line form of a call. */
export function describeCall(tool: string, input: unknown): Pick<ToolEvent, "tool" | "kind" | "command" | "args"> {
  const i = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  if (SHELL.test(tool)) {
    const c = i.command ?? i.cmd;
    if (typeof c === "string") return { tool, kind: "shell", command: c.trim() };
    if (Array.isArray(c)) return { tool, kind: "shell", command: commandFromArray(c).trim() };
  }
  if (FILE.test(tool)) {
    const p = i.file_path ?? i.absolute_path ?? i.path ?? i.filePath ?? i.dir_path ?? i.notebook_path;
    if (typeof p === "string") return { tool, kind: "file", command: p };
  }
  return { tool, kind: "other", command: stableJson(input ?? {}), args: input };
}

/** The JSON objects of a JSONL session log, one per line; blank and unparsable lines are skipped. */
export function* jsonLines(text: string): Generator<Record<string, unknown>> {
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof o === "object" && o !== null) yield o as Record<string, unknown>;
  }
}
