// statsRoutes on a real node:http server: /stats JSON, /metrics parsed back from the Prometheus
// text, /dashboard served with only local assets and drawn by real Chromium with the network cut.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStats, statsRoutes, type RequestStat, type Stats, type StatsHandler } from "../src/stats/index.js";
import { launch, recordRequests } from "./e2e/helpers/chromium.js";

const root = mkdtempSync(join(tmpdir(), "tokenfold-stats-routes-"));
let stats: Stats;
let routes: StatsHandler;
let server: Server;
let base: string;

beforeAll(async () => {
  stats = openStats({ path: join(root, "stats.db"), retentionMs: 0 });
  routes = statsRoutes(stats);
  server = createServer((req, res) => {
    if (!routes(req, res)) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not ours\n");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  routes.close();
  stats.close();
  rmSync(root, { recursive: true, force: true });
});

/** Prometheus text exposition → `name{sorted labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null) throw new Error(`not an exposition line: ${line}`);
    const labels = m[2] === undefined ? [] : [...m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((x) => `${x[1]}=${x[2]}`).sort();
    out.set(labels.length ? `${m[1]}{${labels.join(",")}}` : m[1]!, Number(m[3]));
  }
  return out;
}

const now = Date.now();
const recorded: RequestStat[] = [
  { at: now - 3000, surface: "proxy", route: "/v1/chat/completions", format: "openai-chat", tokensBefore: 5000, tokensAfter: 1000, latencyMs: 1.5, status: 200, byType: { json: { before: 4000, after: 500, count: 2 } } },
  { at: now - 2000, surface: "proxy", route: "/v1/messages", format: "anthropic", tokensBefore: 3000, tokensAfter: 2000, latencyMs: 0.3, status: 200, byType: { log: { before: 2000, after: 1000, count: 1 } } },
  { at: now - 1000, surface: "mcp", route: "tokenfold_compress", tokensBefore: 800, tokensAfter: 200, latencyMs: 30, byType: { json: { before: 800, after: 200, count: 1 } } },
];

describe("statsRoutes", () => {
  it("answers false for other paths and writes nothing", async () => {
    const r = await fetch(`${base}/v1/chat/completions`);
    expect(r.status).toBe(404);
    expect(await r.text()).toBe("not ours\n");
    expect((await fetch(`${base}/statsx`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/../../etc/passwd`)).status).toBe(404);
  });

  it("/metrics reports per-process counters and the latency histogram, fed by record", async () => {
    for (const s of recorded) stats.record(s);
    const r = await fetch(`${base}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parseMetrics(await r.text());
    expect(m.get('tokenfold_requests_total{format=openai-chat,surface=proxy}')).toBe(1);
    expect(m.get('tokenfold_requests_total{format=anthropic,surface=proxy}')).toBe(1);
    expect(m.get('tokenfold_requests_total{format=,surface=mcp}')).toBe(1);
    expect(m.get("tokenfold_tokens_before_total{surface=proxy}")).toBe(8000);
    expect(m.get("tokenfold_tokens_after_total{surface=proxy}")).toBe(3000);
    expect(m.get("tokenfold_tokens_saved_total{surface=proxy}")).toBe(5000);
    expect(m.get("tokenfold_tokens_saved_total{surface=mcp}")).toBe(600);
    expect(m.get("tokenfold_type_tokens_saved_total{type=json}")).toBe(3500 + 600);
    expect(m.get("tokenfold_type_tokens_before_total{type=log}")).toBe(2000);
    expect(m.get("tokenfold_type_outputs_total{type=json}")).toBe(3);
    expect(m.get("tokenfold_added_latency_seconds_count{surface=proxy}")).toBe(2);
    expect(m.get("tokenfold_added_latency_seconds_sum{surface=proxy}")).toBeCloseTo(0.0018, 9);
    // 0.3 ms and 1.5 ms: one at or below 1 ms, both at or below 2 ms.
    expect(m.get("tokenfold_added_latency_seconds_bucket{le=0.001,surface=proxy}")).toBe(1);
    expect(m.get("tokenfold_added_latency_seconds_bucket{le=0.002,surface=proxy}")).toBe(2);
    expect(m.get("tokenfold_added_latency_seconds_bucket{le=0.025,surface=mcp}")).toBe(0);
    expect(m.get("tokenfold_added_latency_seconds_bucket{le=0.05,surface=mcp}")).toBe(1);
  });

  it("/stats gives the summary and a series, filtered by since, in the bucket asked for", async () => {
    const all = (await (await fetch(`${base}/stats`)).json()) as { summary: { requests: number; saved: number }; series: Array<{ requests: number }> };
    expect(all.summary).toEqual(JSON.parse(JSON.stringify(stats.summary())));
    expect(all.summary.requests).toBe(3);
    expect(all.series.reduce((a, p) => a + p.requests, 0)).toBe(3);
    const r = await fetch(`${base}/stats?since=${now - 1500}&bucket=60000`);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    const later = (await r.json()) as { summary: { requests: number; tokensBefore: number }; series: Array<{ at: number; requests: number }>; bucket: number };
    expect(later.summary.requests).toBe(1);
    expect(later.summary.tokensBefore).toBe(800);
    expect(later.bucket).toBe(60000);
    expect(later.series).toEqual([{ at: Math.floor((now - 1000) / 60000) * 60000, requests: 1, tokensBefore: 800, tokensAfter: 200 }]);
  });

  it("/stats rejects a bad query with 400, and a POST with 405", async () => {
    expect((await fetch(`${base}/stats?since=yesterday`)).status).toBe(400);
    expect((await fetch(`${base}/stats?bucket=0`)).status).toBe(400);
    const post = await fetch(`${base}/stats`, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("/dashboard names only its own local assets, and each one is served", async () => {
    const r = await fetch(`${base}/dashboard`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await r.text();
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const ref of refs) {
      if (ref === "data:,") continue; // the empty favicon, so the browser asks for no /favicon.ico
      expect(ref).toMatch(/^\/dashboard\/[a-z.]+$/);
      const a = await fetch(base + ref);
      expect(a.status, ref).toBe(200);
      expect((await a.text()).length, ref).toBeGreaterThan(100);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("the dashboard draws its charts and tables in Chromium with every outside host unreachable", async () => {
    const browser = await launch();
    try {
      const ctx = await browser.newContext();
      const requests = recordRequests(ctx);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
      await page.goto(`${base}/dashboard`);
      await page.waitForSelector("body[data-loaded]", { timeout: 15_000 });
      expect(await page.locator("#saved-chart canvas").count()).toBe(1);
      expect(await page.locator("#tokens-chart canvas").count()).toBe(1);
      const types = await page.locator("#by-type tbody tr td:first-child").allTextContents();
      expect(types.sort()).toEqual(["json", "log"]);
      const surfaces = await page.locator("#by-surface tbody tr td:first-child").allTextContents();
      expect(surfaces.sort()).toEqual(["mcp", "proxy"]);
      expect(await page.locator("#totals").textContent()).toContain("5,600"); // saved: 4000 + 1000 + 600
      expect(errors).toEqual([]);
      expect(requests.outside()).toEqual([]);
      expect(requests.all.some((u) => u.includes("/stats?since="))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
