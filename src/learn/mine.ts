/**
 * The offline miner: in each session, a failed tool call followed soon by a successful call of
 * the same tool that differs in a telling way becomes a correction. Deterministic: the same
 * events give the same corrections in the same order.
 *
 * | failed → succeeded (same tool, within 8 calls)               | kind      |
 * |--------------------------------------------------------------|-----------|
 * | shell, same program, only options differ                      | `flag`    |
 * | shell, same program, a path-like word differs (similar name) | `path`    |
 * | shell, same program, other words differ, usage-style error   | `command` |
 * | shell, another program with the same arguments               | `command` |
 * | file tool, another path with a similar file name             | `path`    |
 * | other tool, other arguments, usage-style error               | `api`     |
 *
 * Not corrections: the same call succeeding later (a flaky or since-fixed failure), a failure
 * with no similar success after it, and a success on an unrelated target.
 * @module
 */
import type { Correction, ToolEvent } from "./types.js";
import { commandWords, isFlag, isPathLike } from "./shell-words.js";

const WINDOW = 8;
// Errors that say the call itself was wrong, not the code it ran.
const USAGE = /no such file|not found|does not exist|doesn't exist|enoent|unknown (?:option|command|flag|argument|subcommand|script)|unrecognized|unexpected argument|invalid (?:option|argument|value|arguments|parameter)|missing (?:script|argument|required|parameter)|required (?:field|argument|parameter)|usage:|cannot find|could not find|is not a (?:directory|file|git command)|not a directory|is a directory|no module named|command not found|did you mean|no upstream|not recognized|unsupported|not allowed|bad (?:option|flag|argument)/i;

const base = (p: string) => p.replace(/\/+$/, "").split(/[\\/]/).pop() ?? p;

/** Edit distance, for "similar names" (small strings only). */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

const similarName = (a: string, b: string) => {
  const x = base(a).toLowerCase();
  const y = base(b).toLowerCase();
  return x === y || (Math.min(x.length, y.length) >= 3 && distance(x, y) <= Math.max(1, Math.floor(Math.min(x.length, y.length) / 4)));
};

/**
 * The name a tool is grouped under across agents: `shell` and `file` for those kinds (Bash,
 * shell, exec_command and run_shell_command are one thing), else the name without an MCP
 * server prefix (`mcp__github__create_issue`, `github__create_issue` → `create_issue`).
 */
export function toolFamily(e: Pick<ToolEvent, "kind" | "tool">): string {
  if (e.kind !== "other") return e.kind;
  return e.tool.split("__").pop()!.toLowerCase();
}

/** Classifies a failed → succeeded pair; undefined when it is not a correction. */
export function classify(bad: ToolEvent, good: ToolEvent): Correction["kind"] | undefined {
  if (toolFamily(bad) !== toolFamily(good) || bad.command === good.command) return undefined;
  const usage = USAGE.test(bad.error ?? "");
  if (bad.kind === "file") return similarName(bad.command, good.command) ? "path" : undefined;
  if (bad.kind === "other") {
    if (!usage) return undefined;
    const keys = (v: unknown) => (v && typeof v === "object" ? Object.keys(v) : []);
    const a = new Set(keys(bad.args));
    return keys(good.args).some((k) => a.has(k)) || a.size === 0 ? "api" : undefined;
  }
  const a = commandWords(bad.command);
  const b = commandWords(good.command);
  if (a.length === 0 || b.length === 0) return undefined;
  if (a[0] !== b[0]) {
    // another program, same arguments: python → python3, yarn → npm
    const sameArgs = a.slice(1).join(" ") === b.slice(1).join(" ");
    return sameArgs && usage ? "command" : undefined;
  }
  const onlyA = a.slice(1).filter((w) => !b.includes(w));
  const onlyB = b.slice(1).filter((w) => !a.includes(w));
  if (onlyA.length === 0 && onlyB.length === 0) return undefined;
  const changed = [...onlyA, ...onlyB];
  const flags = changed.filter(isFlag);
  const rest = changed.filter((w) => !isFlag(w));
  // options added, removed or renamed (with at most one option value changing alongside)
  if (flags.length > 0 && (rest.length === 0 || (rest.length === 1 && !isPathLike(rest[0]!)))) return "flag";
  if (changed.some(isPathLike)) {
    // another file after a failing test run is a new target, not a fix
    if (!usage) return undefined;
    const pa = onlyA.filter(isPathLike);
    const pb = onlyB.filter(isPathLike);
    return pa.length > 0 && pb.length > 0 && pa.every((p) => pb.some((q) => similarName(p, q))) ? "path" : undefined;
  }
  return usage ? "command" : undefined;
}

/** Shortens a call for display: long commands keep their head and tail. */
function show(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length <= 100 ? one : `${one.slice(0, 60)} … ${one.slice(-30)}`;
}

/** A path shown relative to the project when it is inside it. */
function rel(p: string, project: string | undefined): string {
  if (project && p.startsWith(project.replace(/\/+$/, "") + "/")) return p.slice(project.replace(/\/+$/, "").length + 1);
  return p;
}

/** The line for a correction. */
export function correctionText(c: Pick<Correction, "kind" | "tool" | "bad" | "good" | "reason" | "count">): string {
  // "Exit code 1 | npm error Missing script" → the part that says what was wrong
  const reason = c.reason.replace(/^(?:exit code:? -?\d+|error:?)\s*(?:\|\s*)?/i, "");
  const why = reason ? ` (${reason.slice(0, 90)}${reason.length > 90 ? "…" : ""})` : "";
  const seen = c.count > 1 ? ` [seen ${c.count}×]` : "";
  const code = (s: string) => `\`${show(s).replace(/`/g, "'")}\``;
  if (c.kind === "api") return `- \`${c.tool}\`: call it with ${code(c.good)}, not ${code(c.bad)}${why}${seen}`;
  if (c.kind === "path") return `- Path: use ${code(c.good)}, not ${code(c.bad)}${why}${seen}`;
  return `- Use ${code(c.good)}, not ${code(c.bad)}${why}${seen}`;
}

/**
 * Mines corrections from the events of many sessions.
 * @param events tool calls, any agents and sessions (grouped by session here)
 * @param project the project root, to show paths relative to it
 * @returns corrections, most often seen first; one per failed call (the most frequent fix wins)
 */
export function mineCorrections(events: readonly ToolEvent[], project?: string): Correction[] {
  const bySession = new Map<string, ToolEvent[]>();
  for (const e of events) {
    const k = `${e.agent}\u0000${e.session}`;
    if (!bySession.has(k)) bySession.set(k, []);
    bySession.get(k)!.push(e);
  }
  type Acc = { kind: Correction["kind"]; tool: string; bad: string; good: string; reason: string; count: number; sessions: Set<string>; agents: Set<ToolEvent["agent"]> };
  const found = new Map<string, Acc>();
  for (const [key, list] of bySession) {
    const evs = [...list].sort((a, b) => a.seq - b.seq);
    evs.forEach((bad, i) => {
      if (bad.ok) return;
      for (let j = i + 1; j < Math.min(evs.length, i + 1 + WINDOW); j++) {
        const next = evs[j]!;
        if (toolFamily(next) !== toolFamily(bad)) continue;
        if (next.command === bad.command) {
          if (next.ok) return; // the same call worked later: nothing was wrong with it
          continue; // a plain retry that failed again
        }
        if (!next.ok) continue;
        const kind = classify(bad, next);
        if (!kind) continue;
        const b = bad.kind === "file" ? rel(bad.command, project ?? bad.cwd) : bad.command;
        const g = next.kind === "file" ? rel(next.command, project ?? next.cwd) : next.command;
        const tool = toolFamily(bad);
        const id = `${kind}\u0000${tool}\u0000${b}\u0000${g}`;
        const acc = found.get(id) ?? { kind, tool, bad: b, good: g, reason: bad.error ?? "", count: 0, sessions: new Set(), agents: new Set() };
        acc.count++;
        acc.sessions.add(key);
        acc.agents.add(bad.agent);
        found.set(id, acc);
        return;
      }
    });
  }
  // one fix per failed call: the most frequent (then the first in sorted order)
  const best = new Map<string, Acc>();
  const order = (x: Acc, y: Acc) => y.count - x.count || y.sessions.size - x.sessions.size || (x.kind + x.bad + x.good < y.kind + y.bad + y.good ? -1 : 1);
  for (const acc of [...found.values()].sort(order)) {
    const k = `${acc.tool}\u0000${acc.bad}`;
    if (!best.has(k)) best.set(k, acc);
  }
  return [...best.values()].sort(order).map((a) => {
    const c = { kind: a.kind, tool: a.tool, bad: a.bad, good: a.good, reason: a.reason, count: a.count, sessions: a.sessions.size, agents: [...a.agents].sort() };
    return { ...c, text: correctionText(c) };
  });
}
