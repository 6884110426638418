/**
 * Where each agent keeps its session logs, and which of them belong to a project.
 *
 * | agent  | files                                                         | project match                          |
 * |--------|---------------------------------------------------------------|----------------------------------------|
 * | claude | `$CLAUDE_CONFIG_DIR` or `~/.claude` → `projects/<dir>/*.jsonl` | `<dir>` = project path with `/` and `.` as `-` (or a line's `cwd`) |
 * | codex  | `$CODEX_HOME` or `~/.codex` → `sessions/**\/rollout-*.jsonl`   | the session's `cwd` inside the project |
 * | gemini | `~/.gemini/tmp/<hash>/chats/*.json`                           | `<hash>` = SHA-256 of the project path |
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { AgentName } from "./types.js";

/** A log file and the agent that wrote it. */
export interface LogFile {
  agent: AgentName;
  path: string;
  /** Set when the location alone tells the project (Claude's folder, Gemini's hash). */
  projectMatch?: boolean;
}

const list = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};

function walk(dir: string, test: (name: string) => boolean, out: string[] = [], depth = 0): string[] {
  if (depth > 6) return out;
  for (const name of list(dir)) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) walk(p, test, out, depth + 1);
    else if (test(name)) out.push(p);
  }
  return out;
}

/** Claude Code's folder name for a project path. */
export const claudeProjectDir = (project: string) => resolve(project).replace(/[/.\\:]/g, "-");

/** Gemini CLI's folder name for a project path. */
export const geminiProjectHash = (project: string) => createHash("sha256").update(resolve(project)).digest("hex");

/**
 * The log files of the given agents.
 * @param agents which agents
 * @param options `home` (default the user's home), `project` (to mark files whose location names it)
 */
export function findLogs(agents: readonly AgentName[], options: { home?: string; project?: string } = {}): LogFile[] {
  const home = options.home ?? homedir();
  const out: LogFile[] = [];
  if (agents.includes("claude")) {
    const root = join(process.env.CLAUDE_CONFIG_DIR && !options.home ? process.env.CLAUDE_CONFIG_DIR : join(home, ".claude"), "projects");
    const mine = options.project ? claudeProjectDir(options.project) : undefined;
    for (const d of list(root)) for (const f of list(join(root, d))) if (f.endsWith(".jsonl")) out.push({ agent: "claude", path: join(root, d, f), projectMatch: d === mine });
  }
  if (agents.includes("codex")) {
    const root = join(process.env.CODEX_HOME && !options.home ? process.env.CODEX_HOME : join(home, ".codex"), "sessions");
    for (const p of walk(root, (n) => /^rollout-.*\.jsonl$/.test(n))) out.push({ agent: "codex", path: p });
  }
  if (agents.includes("gemini")) {
    const root = join(home, ".gemini", "tmp");
    const mine = options.project ? geminiProjectHash(options.project) : undefined;
    for (const d of list(root)) {
      const chats = join(root, d, "chats");
      if (existsSync(chats)) for (const f of list(chats)) if (f.endsWith(".json")) out.push({ agent: "gemini", path: join(chats, f), projectMatch: d === mine });
    }
  }
  return out;
}
