// `tokenfold mcp` as a real stdio server, driven by the official MCP SDK client; refs live in SQLite on disk.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JS module without types
import { jobListing } from "../bench/generate.mjs";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const root = join(import.meta.dirname, "..");
const home = mkdtempSync(join(tmpdir(), "tokenfold-mcp-"));

function connect(): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(root, "bin", "tokenfold.js"), "mcp"],
    env: { PATH: process.env.PATH ?? "", HOME: home, TOKENFOLD_HOME: home },
    stderr: "pipe",
  });
  const client = new Client({ name: "tokenfold-test", version: "0.0.0" });
  return client.connect(transport).then(() => client);
}

const texts = (r: unknown) => ((r as CallToolResult).content as Array<{ type: string; text: string }>).map((c) => c.text);

describe("tokenfold mcp (stdio, SDK client)", () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => {
    await client?.close();
  });

  it("reports its name and version and lists its tools (and the memory tools) with their schemas", async () => {
    expect(client.getServerVersion()?.name).toBe("tokenfold");
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(client.getServerVersion()?.version).toBe(version);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["tokenfold_compress", "tokenfold_retrieve", "tokenfold_stats", "tokenfold_memory_search", "tokenfold_memory_add"]));
    const compress = tools.find((t) => t.name === "tokenfold_compress")!;
    expect(compress.inputSchema.required).toEqual(["content"]);
    expect(Object.keys(compress.inputSchema.properties ?? {})).toEqual(["content", "query", "type"]);
    const retrieve = tools.find((t) => t.name === "tokenfold_retrieve")!;
    expect(retrieve.inputSchema.required).toEqual(["ref"]);
  });

  it("compresses a 3,000-job JSON listing, keeps the failed job, and retrieve gives it back byte-for-byte", async () => {
    const original = JSON.stringify(jobListing(3000, { failAt: [1717] }), null, 2);
    const r = await client.callTool({ name: "tokenfold_compress", arguments: { content: original, query: "which job failed?" } });
    expect(r.isError).toBeFalsy();
    const [text, summary] = texts(r);
    expect(text!.length).toBeLessThan(original.length / 5);
    expect(text).toContain('"id":101717');
    expect(summary).toMatch(/^\[tokenfold\] json: \d+ → \d+ tokens \(−\d+\.\d %\); refs: tf_[0-9a-f]{24}/);
    const [before, after] = /(\d+) → (\d+)/.exec(summary!)!.slice(1).map(Number);
    expect(after).toBeLessThan(before! / 5);
    const ref = /tf_[0-9a-f]{24}/.exec(summary!)![0];

    const back = await client.callTool({ name: "tokenfold_retrieve", arguments: { ref } });
    expect(back.isError).toBeFalsy();
    expect(texts(back)).toEqual([original]);

    // a second server process (a new session) reads the same ref from SQLite
    const other = await connect();
    try {
      const again = await other.callTool({ name: "tokenfold_retrieve", arguments: { ref, query: "101717" } });
      expect(again.isError).toBeFalsy();
      const [hits, note] = texts(again);
      expect(hits).toContain("101717");
      expect(hits!.length).toBeLessThan(original.length / 100);
      expect(note).toMatch(/^\[tokenfold\] 1 of \d+ items match/);
    } finally {
      await other.close();
    }
  });

  it("compresses a real-size auth log and keeps the one accepted login", async () => {
    const log = authLog(4000) as string;
    const r = await client.callTool({ name: "tokenfold_compress", arguments: { content: log, type: "log" } });
    const [text, summary] = texts(r);
    expect(text!.length).toBeLessThan(log.length / 10);
    expect(text).toContain("Accepted publickey for deploy");
    expect(summary).toMatch(/^\[tokenfold\] log: /);
    const ref = /tf_[0-9a-f]{24}/.exec(summary!)![0];
    // a query searches what was dropped (the kept lines are already in the text above)
    const dropped = log.split("\n").find((l) => l.includes("Failed password") && !text!.includes(l))!;
    const ip = /from (\d+\.\d+\.\d+\.\d+)/.exec(dropped)![1]!;
    const back = await client.callTool({ name: "tokenfold_retrieve", arguments: { ref, query: `\`${ip}\`` } });
    expect(back.isError).toBeFalsy();
    const found = texts(back)[0]!;
    expect(found).toContain(dropped);
    expect(found.length).toBeLessThan(log.length);
    const originalLines = new Set(log.split("\n"));
    for (const line of found.split("\n")) expect(originalLines.has(line)).toBe(true);
  });

  it("small input comes back unchanged with the reason", async () => {
    const r = await client.callTool({ name: "tokenfold_compress", arguments: { content: "hello" } });
    const [text, summary] = texts(r);
    expect(text).toBe("hello");
    expect(summary).toMatch(/unchanged/);
  });

  it("a malformed or unknown ref is an isError result, and the server keeps serving", async () => {
    const bad = await client.callTool({ name: "tokenfold_retrieve", arguments: { ref: "not-a-ref" } });
    expect(bad.isError).toBe(true);
    expect(texts(bad)[0]).toMatch(/malformed ref/);
    const unknown = await client.callTool({ name: "tokenfold_retrieve", arguments: { ref: "tf_000000000000000000000000" } });
    expect(unknown.isError).toBe(true);
    expect(texts(unknown)[0]).toMatch(/unknown or expired ref/);
    const wrongArgs = await client.callTool({ name: "tokenfold_compress", arguments: { content: 42 } });
    expect(wrongArgs.isError).toBe(true);
    const badType = await client.callTool({ name: "tokenfold_compress", arguments: { content: "x", type: "pdf" } });
    expect(badType.isError).toBe(true);
    const ok = await client.callTool({ name: "tokenfold_compress", arguments: { content: "still alive" } });
    expect(texts(ok)[0]).toBe("still alive");
  });

  it("stats counts this session's calls and tokens", async () => {
    const r = await client.callTool({ name: "tokenfold_stats", arguments: {} });
    expect(r.isError).toBeFalsy();
    const body = JSON.parse(texts(r)[0]!) as { session: Record<string, number>; all: unknown };
    expect(body.all).not.toBeNull();
    // the tests above: 4 compress calls that passed schema validation, 4 retrieves (2 of them bad refs)
    expect(body.session.compressCalls).toBe(4);
    expect(body.session.retrieveCalls).toBe(4);
    expect(body.session.refs).toBe(2);
    expect(body.session.saved).toBe(body.session.tokensBefore - body.session.tokensAfter);
    expect(body.session.saved).toBeGreaterThan(body.session.tokensBefore * 0.8);
    expect(body.session.errors).toBe(2);
    expect(body.session.statsCalls).toBe(1);
    // the stored history (src/stats, $TOKENFOLD_HOME/stats.db): this session's 4 compressions and 2
    // good retrievals, plus the other session's retrieval
    const all = body.all as { requests: number; saved: number; bySurface: Array<{ surface: string; requests: number }> };
    expect(all.requests).toBe(7);
    expect(all.saved).toBe(body.session.saved);
    expect(all.bySurface).toEqual([expect.objectContaining({ surface: "mcp", requests: 7 })]);
  });
});

describe("tokenfold mcp over raw stdio", () => {
  it("stdout carries only JSON-RPC; requests sent before stdin closes are answered, then the server exits 0", () => {
    const content = JSON.stringify(jobListing(500, { failAt: [42] }), null, 2);
    const input = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "tokenfold_compress", arguments: { content } } },
      { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "tokenfold_stats", arguments: {} } },
    ].map((m) => JSON.stringify(m) + "\n").join("");
    const r = spawnSync(process.execPath, [join(root, "bin", "tokenfold.js"), "mcp"], { input, env: { PATH: process.env.PATH ?? "", HOME: home, TOKENFOLD_HOME: home }, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l !== "");
    const messages = lines.map((l) => JSON.parse(l) as { jsonrpc: string; id: number; result?: { content: Array<{ text: string }> } });
    expect(messages.every((m) => m.jsonrpc === "2.0")).toBe(true);
    expect(messages.map((m) => m.id).sort()).toEqual([1, 2, 3]);
    const compressed = messages.find((m) => m.id === 2)!.result!.content;
    expect(compressed[0]!.text.length).toBeLessThan(content.length / 3);
    expect(compressed[1]!.text).toMatch(/^\[tokenfold\] json: /);
  });
});
