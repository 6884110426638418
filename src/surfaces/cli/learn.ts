/**
 * `tokenfold learn`: mine local agent session logs for failed tool calls that were fixed on
 * retry, and write the corrections as a marked block into CLAUDE.md / AGENTS.md / GEMINI.md.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parseArgs } from "node:util";
import { learn, upsertBlock, type AgentName } from "../../learn/index.js";
import { projectRoot } from "../../learn/project-root.js";
import { createMemory } from "../../memory/index.js";

const USAGE = `Usage:
  tokenfold learn [--agent claude|codex|gemini] [--path P] [--write CLAUDE.md|AGENTS.md|GEMINI.md] [--dry-run]
                  [--all-projects] [--max 30] [--llm-url URL [--llm-model M]] [--memory] [--json]

Reads Claude Code (~/.claude/projects), Codex (~/.codex/sessions) and Gemini CLI (~/.gemini/tmp)
session logs of the project at P (default: this git root), finds tool calls that failed and were
fixed right after (wrong path, missing flag, wrong command, wrong API), and distils them into
short corrections. --write FILE puts them into FILE (relative to P) between
<!-- tokenfold:learn:start --> and <!-- tokenfold:learn:end -->; re-running replaces the block.
Without --write, or with --dry-run, the block is printed. --agent alone writes to that agent's
file (CLAUDE.md, AGENTS.md, GEMINI.md) only with --write. --llm-url runs an optional rewrite
through an OpenAI-compatible endpoint (key from TOKENFOLD_LLM_API_KEY); offline by default.
--memory also stores each correction in the shared memory (project scope), so every agent can
search it (tokenfold memory search, the MCP tool, the proxy's --memory injection).
`;

const AGENTS = ["claude", "codex", "gemini"] as const;
const FILES: Record<AgentName, string> = { claude: "CLAUDE.md", codex: "AGENTS.md", gemini: "GEMINI.md" };

/** Runs `tokenfold learn …`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args,
      allowPositionals: false,
      options: {
        agent: { type: "string", multiple: true },
        path: { type: "string" },
        write: { type: "string" },
        "dry-run": { type: "boolean" },
        "all-projects": { type: "boolean" },
        max: { type: "string" },
        "llm-url": { type: "string" },
        "llm-model": { type: "string" },
        json: { type: "boolean" },
        memory: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`tokenfold learn: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (v.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const agents = (v.agent ?? []).flatMap((a) => a.split(","));
  const bad = agents.find((a) => !AGENTS.includes(a as AgentName));
  if (bad) {
    process.stderr.write(`tokenfold learn: unknown agent '${bad}'\n${USAGE}`);
    return 2;
  }
  const max = v.max === undefined ? 30 : Number(v.max);
  if (!Number.isInteger(max) || max < 1) {
    process.stderr.write(`tokenfold learn: --max takes a positive integer\n`);
    return 2;
  }
  const project = projectRoot(v.path ?? process.cwd());
  try {
    const r = await learn({
      agents: agents.length ? (agents as AgentName[]) : undefined,
      project,
      allProjects: v["all-projects"],
      max,
      llm: v["llm-url"] ? { url: v["llm-url"], model: v["llm-model"], apiKey: process.env.TOKENFOLD_LLM_API_KEY } : undefined,
    });
    for (const w of r.warnings) process.stderr.write(`tokenfold learn: ${w}\n`);
    process.stderr.write(`tokenfold learn: ${r.files} session file(s), ${r.calls} tool calls, ${r.failures} failed, ${r.corrections.length} correction(s)\n`);
    if (v.memory && r.corrections.length > 0) {
      // one fact per failed call: a newer fix for the same mistake supersedes the older one
      const memory = createMemory({ scope: { kind: "project", key: project }, agent: "learn" });
      try {
        let added = 0;
        for (const c of r.corrections) {
          const res = await memory.add({ text: c.text.replace(/^- /, "").replace(/ \[seen \d+×\]$/, ""), subject: `correction: ${c.tool} ${c.bad}`, source: `tokenfold learn (${c.agents.join(", ")})` });
          if (res.status === "added") added++;
        }
        process.stderr.write(`tokenfold learn: ${added} new correction(s) in the shared memory\n`);
      } finally {
        await memory.close();
      }
    }
    if (v.json) {
      process.stdout.write(JSON.stringify({ corrections: r.corrections, lines: r.lines, block: r.block }) + "\n");
      return 0;
    }
    if (!v.write || v["dry-run"]) {
      process.stdout.write(r.block + "\n");
      if (v.write) process.stderr.write(`tokenfold learn: dry run; ${v.write} not changed\n`);
      return 0;
    }
    const target = isAbsolute(v.write) ? v.write : join(project, v.write);
    if (r.corrections.length === 0) {
      process.stderr.write(`tokenfold learn: nothing learned; ${target} not changed\n`);
      return 0;
    }
    const before = existsSync(target) ? readFileSync(target, "utf8") : "";
    const after = upsertBlock(before, r.block);
    if (after !== before) writeFileSync(target, after);
    process.stderr.write(`tokenfold learn: ${after === before ? "already up to date" : "wrote"} ${target}${agents.length === 1 && v.write !== FILES[agents[0] as AgentName] ? ` (${agents[0]} reads ${FILES[agents[0] as AgentName]})` : ""}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`tokenfold learn: ${(e as Error).message.split("\n")[0]}\n`);
    return 1;
  }
}
