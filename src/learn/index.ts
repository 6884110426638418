/**
 * `learn(options)`: read local agent session logs, mine failed-then-fixed tool calls into short
 * corrections, and (optionally) write them as a marked block into the agent's notes file.
 * Node-only (reads the file system).
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import { findLogs, type LogFile } from "./discover.js";
import { mineCorrections } from "./mine.js";
import { readClaude } from "./readers/claude.js";
import { readCodex } from "./readers/codex.js";
import { readGemini } from "./readers/gemini.js";
import { refineWithLlm, type LlmOptions } from "./llm.js";
import { renderLearnBlock } from "./block.js";
import type { AgentName, Correction, ToolEvent } from "./types.js";

export { upsertBlock, renderLearnBlock, LEARN_START, LEARN_END } from "./block.js";
export { mineCorrections } from "./mine.js";
export { readClaude, readCodex, readGemini };
export type { AgentName, Correction, ToolEvent } from "./types.js";

/** Options of {@link learn}. */
export interface LearnOptions {
  /** Agents whose logs are read (default all three). */
  agents?: AgentName[];
  /** The project: only its sessions are read (default: the working directory). */
  project?: string;
  /** Read every project's sessions. */
  allProjects?: boolean;
  /** Home directory the agents' folders are under (default the user's). */
  home?: string;
  /** Extra log files or folders to read, with their agent. */
  files?: Array<{ agent: AgentName; path: string }>;
  /** At most this many corrections (default 30). */
  max?: number;
  /** Optional LLM pass. */
  llm?: LlmOptions;
}

/** What {@link learn} found. */
export interface LearnResult {
  corrections: Correction[];
  /** The lines of the block (the LLM's when it ran). */
  lines: string[];
  /** The block, ready for {@link upsertBlock}. */
  block: string;
  /** Files read, tool calls seen, failed calls. */
  files: number;
  calls: number;
  failures: number;
  warnings: string[];
}

const READERS = { claude: readClaude, codex: readCodex, gemini: readGemini } as const;

const inside = (dir: string | undefined, project: string) => dir !== undefined && (resolve(dir) === project || resolve(dir).startsWith(project + sep));

/**
 * Mines the corrections.
 * @example
 * const r = await learn({ agents: ["claude"], project: process.cwd() });
 * writeFileSync("CLAUDE.md", upsertBlock(readFileSync("CLAUDE.md", "utf8"), r.block));
 */
export async function learn(options: LearnOptions = {}): Promise<LearnResult> {
  const agents = options.agents ?? ["claude", "codex", "gemini"];
  const project = resolve(options.project ?? process.cwd());
  const logs: LogFile[] = [...findLogs(agents, { home: options.home, project }), ...(options.files ?? []).map((f) => ({ ...f, projectMatch: true }))];
  const events: ToolEvent[] = [];
  const warnings: string[] = [];
  let files = 0;
  for (const log of logs) {
    let text: string;
    try {
      text = readFileSync(log.path, "utf8");
    } catch (e) {
      warnings.push(`cannot read ${log.path}: ${(e as Error).message}`);
      continue;
    }
    const evs = READERS[log.agent](text, log.path.split(/[\\/]/).pop() ?? log.path);
    const mine = options.allProjects || log.projectMatch || evs.some((e) => inside(e.cwd, project));
    if (!mine || evs.length === 0) continue;
    files++;
    for (const e of evs) events.push(e);
  }
  const corrections = mineCorrections(events, project).slice(0, options.max ?? 30);
  let lines = corrections.map((c) => c.text);
  if (options.llm) {
    const r = await refineWithLlm(corrections, options.llm);
    lines = r.lines;
    if (r.warning) warnings.push(r.warning);
  }
  return { corrections, lines, block: renderLearnBlock(lines, corrections), files, calls: events.length, failures: events.filter((e) => !e.ok).length, warnings };
}
