// The memory MCP tools through the official SDK client, over an in-memory transport to our own
// McpServer: list, add (added, duplicate, supersede), search, and provenance from the client name.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemory } from "../src/memory/index.js";
import { registerMemoryTools } from "../src/memory/mcp.js";

const dir = mkdtempSync(join(tmpdir(), "tf-memory-mcp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function connect(memory: ReturnType<typeof createMemory>, clientName: string) {
  const server = new McpServer({ name: "tokenfold-test", version: "0" });
  registerMemoryTools(server, { memory, project: "/repo" });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: clientName, version: "1.0.0" });
  await client.connect(b);
  return { client, server };
}

const text = (r: unknown) => ((r as { content: Array<{ text: string }> }).content.map((c) => c.text).join("\n"));

describe("memory MCP tools", () => {
  it("lists both tools with their schemas", async () => {
    const { client, server } = await connect(createMemory({ path: join(dir, "a.db") }), "claude-code");
    const tools = (await client.listTools()).tools;
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(["tokenfold_memory_add", "tokenfold_memory_search"]);
    const add = tools.find((t) => t.name === "tokenfold_memory_add")!;
    expect(add.inputSchema.required).toEqual(["text"]);
    await server.close();
  });

  it("add then search, across two clients sharing one SQLite memory", async () => {
    const file = join(dir, "b.db");
    const one = await connect(createMemory({ path: file }), "claude-code");
    const added = text(await one.client.callTool({ name: "tokenfold_memory_add", arguments: { text: "Integration tests need a running redis-server on a free port", subject: "integration tests" } }));
    expect(added).toMatch(/^Remembered as mem_[0-9a-f]{16}\.$/);
    const dup = text(await one.client.callTool({ name: "tokenfold_memory_add", arguments: { text: "integration tests need a running redis-server on a free port." } }));
    expect(dup).toMatch(/^Already remembered as mem_/);
    await one.server.close();

    const memory = createMemory({ path: file });
    const two = await connect(memory, "codex");
    const found = text(await two.client.callTool({ name: "tokenfold_memory_search", arguments: { query: "what do the integration tests need?" } }));
    expect(found).toContain("redis-server");
    expect(found).toContain("mcp:claude-code");
    const repl = text(await two.client.callTool({ name: "tokenfold_memory_add", arguments: { text: "Integration tests start their own redis-server", subject: "Integration tests" } }));
    expect(repl).toMatch(/replaces mem_/);
    const now = text(await two.client.callTool({ name: "tokenfold_memory_search", arguments: { query: "integration tests redis", scope: "project" } }));
    expect(now).toContain("start their own");
    expect(now).not.toContain("free port");
    expect((await memory.list())[0]!.provenance.agent).toBe("mcp:codex");
    expect((await memory.list())[0]!.scope).toEqual({ kind: "project", key: "/repo" });
    const none = text(await two.client.callTool({ name: "tokenfold_memory_search", arguments: { query: "kubernetes helm chart" } }));
    expect(none).toBe("No remembered facts match.");
    await two.server.close();
    await memory.close();
  });

  it("bad arguments are refused by the schema, not stored", async () => {
    const memory = createMemory({ path: join(dir, "c.db") });
    const { client, server } = await connect(memory, "x");
    const r = (await client.callTool({ name: "tokenfold_memory_add", arguments: { text: "" } })) as { isError?: boolean };
    expect(r.isError).toBe(true);
    expect(await memory.list()).toEqual([]);
    await server.close();
    await memory.close();
  });
});
