// `tokenfold stats` as a real process on a tmp TOKENFOLD_HOME, reading what openStats recorded.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStats, type RequestStat } from "../src/stats/index.js";
import { parseSince } from "../src/surfaces/cli/stats.js";

const bin = join(import.meta.dirname, "..", "bin", "tokenfold.js");
const home = mkdtempSync(join(tmpdir(), "tokenfold-stats-cli-"));
const env = { ...process.env, TOKENFOLD_HOME: home, HOME: home };
const run = (args: string[], e: NodeJS.ProcessEnv = env) => spawnSync(process.execPath, [bin, "stats", ...args], { env: e, encoding: "utf8" });
afterAll(() => rmSync(home, { recursive: true, force: true }));

const HOUR = 3_600_000;
const now = Date.now();
const rows: RequestStat[] = [
  { at: now - 48 * HOUR, surface: "cli", route: "compress", tokensBefore: 10_000, tokensAfter: 1_000, latencyMs: 12, byType: { json: { before: 10_000, after: 1_000, count: 1 } } },
  { at: now - 2 * HOUR, surface: "proxy", route: "/v1/messages", tokensBefore: 4_000, tokensAfter: 3_000, latencyMs: 2, byType: { log: { before: 2_000, after: 1_000, count: 3 } } },
  { at: now - HOUR, surface: "proxy", route: "/v1/messages", tokensBefore: 6_000, tokensAfter: 2_000, latencyMs: 4, byType: { json: { before: 5_000, after: 1_000, count: 2 } } },
];

describe("tokenfold stats", () => {
  it("says nothing was recorded yet, without creating the database", () => {
    const r = run([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("overall");
    expect(r.stdout).toContain("by type: none recorded");
    expect(existsSync(join(home, "stats.db"))).toBe(false);
    expect(JSON.parse(run(["--json"]).stdout).requests).toBe(0);
  });

  it("prints the table: overall, by type, by surface", () => {
    const s = openStats({ path: join(home, "stats.db") });
    for (const row of rows) s.record(row);
    s.close();
    const r = run([]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    const line = (first: string) => lines.find((l) => l.split(/\s{2,}/)[0] === first)?.split(/\s{2,}/);
    // overall: 3 requests, 20,000 → 6,000, saved 14,000 (70.0 %), p50 4 ms, p99 12 ms
    expect(line("overall")).toEqual(["overall", "3", "20,000", "6,000", "14,000", "70.0 %", "4.00", "12.00"]);
    expect(line("json")).toEqual(["json", "3", "15,000", "2,000", "13,000", "86.7 %"]);
    expect(line("log")).toEqual(["log", "3", "2,000", "1,000", "1,000", "50.0 %"]);
    expect(line("cli")).toEqual(["cli", "1", "10,000", "1,000", "9,000", "90.0 %", "12.00", "12.00"]);
    expect(line("proxy")).toEqual(["proxy", "2", "10,000", "5,000", "5,000", "50.0 %", "2.00", "4.00"]);
  });

  it("--json prints the summary; --since keeps only recent requests", () => {
    const all = JSON.parse(run(["--json"]).stdout);
    expect(all.requests).toBe(3);
    expect(all.saved).toBe(14_000);
    const recent = run(["--json", "--since", "24h"]);
    expect(recent.status).toBe(0);
    const s = JSON.parse(recent.stdout);
    expect(s.requests).toBe(2);
    expect(s.tokensBefore).toBe(10_000);
    expect(s.bySurface.map((x: { surface: string }) => x.surface)).toEqual(["proxy"]);
    expect(JSON.parse(run(["--json", "--since", "90m"]).stdout).requests).toBe(1);
  });

  it("--db reads another file; bad flags are usage errors (exit 2); --help exits 0", () => {
    expect(JSON.parse(run(["--json", "--db", join(home, "stats.db")], { ...env, TOKENFOLD_HOME: join(home, "elsewhere") }).stdout).requests).toBe(3);
    expect(run(["--since", "soon"]).status).toBe(2);
    expect(run(["--frobnicate"]).status).toBe(2);
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--since");
  });

  it("parseSince reads durations and dates", () => {
    expect(parseSince("24h", 1e12)).toBe(1e12 - 24 * HOUR);
    expect(parseSince("7d", 1e12)).toBe(1e12 - 7 * 24 * HOUR);
    expect(parseSince("1.5m", 1e12)).toBe(1e12 - 90_000);
    expect(parseSince("2026-01-31")).toBe(Date.UTC(2026, 0, 31));
    expect(parseSince("tomorrow")).toBeUndefined();
    expect(parseSince("-3h")).toBeUndefined();
  });
});
