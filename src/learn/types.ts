/**
 * What `tokenfold learn` reads and writes: tool calls read from agent session logs, in one shape
 * whatever the agent, and the corrections mined from them.
 * @module
 */

/** Agents whose logs are read. */
export type AgentName = "claude" | "codex" | "gemini";

/** One tool call with its outcome, as read from a session log. */
export interface ToolEvent {
  agent: AgentName;
  /** Session id (or the log file's name). */
  session: string;
  /** Working directory of the session, when the log says. */
  cwd?: string;
  /** Order within the session. */
  seq: number;
  /** Tool name as the agent logged it (`Bash`, `shell`, `exec_command`, `run_shell_command`, `Read` …). */
  tool: string;
  /** What kind of tool it is, for comparing calls. */
  kind: "shell" | "file" | "other";
  /** The call in one line: the shell command, the file path, or the arguments as JSON. */
  command: string;
  /** For `other` tools: the arguments. */
  args?: unknown;
  ok: boolean;
  /** First lines of the error output of a failed call. */
  error?: string;
}

/** One learned correction. */
export interface Correction {
  /** `path` (wrong file or directory), `flag` (missing or wrong option), `command` (wrong program or subcommand), `api` (wrong tool arguments). */
  kind: "path" | "flag" | "command" | "api";
  tool: string;
  /** What failed. */
  bad: string;
  /** What worked right after. */
  good: string;
  /** The failure's error, one short line. */
  reason: string;
  /** How many times the pair was seen, and in how many sessions. */
  count: number;
  sessions: number;
  agents: AgentName[];
  /** The line written to the file. */
  text: string;
}
