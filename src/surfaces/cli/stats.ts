/**
 * `tokenfold stats [--json] [--since 24h] [--db FILE]`: what tokenfold saved, from the stats
 * database every surface writes to (`$TOKENFOLD_HOME/stats.db`).
 * @module
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultStatsPath, emptySummary, openStats, type StatsSummary } from "../../stats/index.js";
import { UsageError } from "./main.js";

const USAGE = `Usage: tokenfold stats [--json] [--since DURATION|DATE] [--db FILE]

Prints tokens before and after compression, tokens saved, the ratio and the p50/p99 latency
tokenfold added: overall, by compressor type and by surface (proxy, mcp, cli, library).

  --json          print the summary as JSON
  --since 24h     only requests in the last 24 h (units ms, s, m, h, d, w), or since a date (2026-01-31)
  --db FILE       the stats database (default $TOKENFOLD_HOME/stats.db, else ~/.tokenfold/stats.db)
`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Turns `--since` into epoch ms: a duration back from `now` (`90m`, `24h`, `7d`) or a date.
 * @returns epoch ms, or `undefined` when the text is neither
 */
export function parseSince(text: string, now = Date.now()): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text.trim());
  if (m !== null) return now - Number(m[1]) * UNIT_MS[m[2]!]!;
  const date = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : date;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (r: number) => `${(100 * r).toFixed(1)} %`;
const ms = (n: number) => n.toFixed(2);
const ratio = (before: number, after: number) => (before > 0 ? (before - after) / before : 0);

/** Lays out rows as columns: the first left-aligned, the rest right-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** The human-readable report of a summary. */
export function formatSummary(s: StatsSummary, scope: string): string {
  const head = ["", "requests", "tokens before", "tokens after", "saved", "ratio", "p50 ms", "p99 ms"];
  const overall = table(head, [["overall", int(s.requests), int(s.tokensBefore), int(s.tokensAfter), int(s.saved), pct(s.ratio), ms(s.latencyMs.p50), ms(s.latencyMs.p99)]]);
  const types = table(
    ["by type", "outputs", "tokens before", "tokens after", "saved", "ratio"],
    s.byType.map((t) => [t.type, int(t.count), int(t.before), int(t.after), int(t.before - t.after), pct(ratio(t.before, t.after))]),
  );
  const surfaces = table(
    ["by surface", ...head.slice(1)],
    s.bySurface.map((x) => [x.surface, int(x.requests), int(x.tokensBefore), int(x.tokensAfter), int(x.saved), pct(x.ratio), ms(x.latencyMs.p50), ms(x.latencyMs.p99)]),
  );
  return `tokenfold stats — ${scope}\n\n${overall}\n\n${s.byType.length > 0 ? types : "by type: none recorded"}\n\n${s.bySurface.length > 0 ? surfaces : "by surface: none recorded"}\n`;
}

/** Runs `tokenfold stats`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: "boolean" }, since: { type: "string" }, db: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const sinceMs = values.since === undefined ? undefined : parseSince(values.since);
  if (values.since !== undefined && sinceMs === undefined) throw new UsageError(`--since takes a duration like 24h or 7d, or a date; got '${values.since}'`);
  const path = values.db ?? defaultStatsPath();
  let failure: string | undefined;
  const stats = openStats({ path, log: (line) => (failure = line) });
  try {
    // Reading never creates the file: no database yet simply means nothing recorded yet.
    const summary = existsSync(path) ? stats.summary(sinceMs === undefined ? undefined : { sinceMs }) : emptySummary();
    if (failure !== undefined) {
      process.stderr.write(`tokenfold: ${failure}\n`);
      return 1;
    }
    const scope = sinceMs === undefined ? "all time" : `since ${new Date(sinceMs).toISOString()}`;
    process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary, `${scope} (${path})`));
    return 0;
  } finally {
    stats.close();
  }
}
