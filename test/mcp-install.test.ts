// `tokenfold mcp install` run as a real process against config files in a temporary HOME.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "..", "bin", "tokenfold.js");

function newHome(): string {
  return mkdtempSync(join(tmpdir(), "tokenfold-install-"));
}
function install(home: string, ...args: string[]) {
  const env = { PATH: process.env.PATH ?? "", HOME: home, USERPROFILE: home, TOKENFOLD_HOME: join(home, ".tokenfold") };
  const r = spawnSync(process.execPath, [bin, "mcp", "install", ...args], { env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses TOML with Python's tomllib (3.11+) when there is one; undefined otherwise. */
function parseToml(path: string): unknown {
  const r = spawnSync("python3", ["-c", "import tomllib,sys,json; print(json.dumps(tomllib.load(open(sys.argv[1],'rb'))))", path], { encoding: "utf8" });
  if (r.error || r.status !== 0 && /No module named 'tomllib'/.test(r.stderr)) return undefined;
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

describe("tokenfold mcp install", () => {
  it("--dry-run prints the path and the would-be content and writes nothing", () => {
    const home = newHome();
    for (const client of ["claude", "codex", "cursor"]) {
      const r = install(home, "--client", client, "--dry-run");
      expect(r.status).toBe(0);
      const [first, ...rest] = r.stdout.split("\n");
      const path = /^# (.+) \(would change\)$/.exec(first!)![1]!;
      expect(path.startsWith(home)).toBe(true);
      expect(existsSync(path)).toBe(false);
      expect(rest.join("\n")).toContain(process.execPath.replace(/\\/g, "\\\\"));
      expect(rest.join("\n")).toContain("tokenfold");
    }
    expect(install(home, "--dry-run").stdout).toContain(join(home, ".claude.json")); // default client: claude
  });

  it("claude: merges into ~/.claude.json keeping other keys, is idempotent, and the entry starts a working server", async () => {
    const home = newHome();
    const path = join(home, ".claude.json");
    const before = { numStartups: 12, theme: "dark", mcpServers: { other: { type: "stdio", command: "other-server", args: [], env: {} } }, projects: { "/x": { allowedTools: ["Bash"] } } };
    writeFileSync(path, JSON.stringify(before, null, 2), { mode: 0o600 });
    const r = install(home);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/added the tokenfold MCP server/);
    const after = JSON.parse(readFileSync(path, "utf8"));
    expect(after.numStartups).toBe(12);
    expect(after.theme).toBe("dark");
    expect(after.projects).toEqual(before.projects);
    expect(after.mcpServers.other).toEqual(before.mcpServers.other);
    const entry = after.mcpServers.tokenfold;
    expect(entry).toEqual({ type: "stdio", command: process.execPath, args: [bin, "mcp"], env: { TOKENFOLD_HOME: join(home, ".tokenfold") } });
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const bytes = readFileSync(path);
    const again = install(home);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/nothing changed/);
    expect(Buffer.compare(readFileSync(path), bytes)).toBe(0);

    // the written launch command really starts the server
    const client = new Client({ name: "install-test", version: "0" });
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env: { PATH: process.env.PATH ?? "", HOME: home, ...entry.env }, stderr: "pipe" }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("tokenfold_compress");
    } finally {
      await client.close();
    }
  });

  it("cursor: creates ~/.cursor/mcp.json, then merges into an existing one", () => {
    const home = newHome();
    expect(install(home, "--client", "cursor").status).toBe(0);
    const path = join(home, ".cursor", "mcp.json");
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ mcpServers: { tokenfold: { command: process.execPath, args: [bin, "mcp"], env: { TOKENFOLD_HOME: join(home, ".tokenfold") } } } });

    const home2 = newHome();
    mkdirSync(join(home2, ".cursor"));
    const path2 = join(home2, ".cursor", "mcp.json");
    writeFileSync(path2, '{\n    "mcpServers": {\n        "github": { "url": "https://example.test/mcp" }\n    }\n}\n');
    expect(install(home2, "--client", "cursor").status).toBe(0);
    const text = readFileSync(path2, "utf8");
    expect(text).toMatch(/^\{\n {4}"mcpServers"/); // the file's own indentation is kept
    expect(text.endsWith("}\n")).toBe(true);
    const doc = JSON.parse(text);
    expect(doc.mcpServers.github).toEqual({ url: "https://example.test/mcp" });
    expect(doc.mcpServers.tokenfold.args).toEqual([bin, "mcp"]);
    const bytes = readFileSync(path2);
    expect(install(home2, "--client", "cursor").stdout).toMatch(/nothing changed/);
    expect(Buffer.compare(readFileSync(path2), bytes)).toBe(0);
  });

  it("codex: appends [mcp_servers.tokenfold] to config.toml, replaces only that table later, keeps every other byte", () => {
    const home = newHome();
    mkdirSync(join(home, ".codex"));
    const path = join(home, ".codex", "config.toml");
    const head = [
      "# my codex settings",
      'model = "o3"  # comment',
      'notes = """',
      "[mcp_servers.tokenfold]",
      'not a header: this is inside a multi-line string"""',
      "matrix = [",
      "  [1, 2],",
      "  [3, 4],",
      "]",
      "",
      "[mcp_servers.github]",
      'command = "gh-mcp"',
      "",
    ].join("\n");
    const tail = ["", "# the next table", "[profiles.fast]", 'model = "o4-mini"', ""].join("\n");
    // an older tokenfold table (with a sub-table) sits between the user's tables
    const old = ["[mcp_servers.tokenfold]", 'command = "/old/node"', 'args = ["/old/tokenfold.js", "mcp"]', "", "[mcp_servers.tokenfold.env]", 'TOKENFOLD_HOME = "/old"'].join("\n");
    writeFileSync(path, head + old + "\n" + tail);

    expect(install(home, "--client", "codex").status).toBe(0);
    const text = readFileSync(path, "utf8");
    const table = [
      "[mcp_servers.tokenfold]",
      `command = ${JSON.stringify(process.execPath)}`,
      `args = [${JSON.stringify(bin)}, "mcp"]`,
      `env = { TOKENFOLD_HOME = ${JSON.stringify(join(home, ".tokenfold"))} }`,
    ].join("\n");
    expect(text).toBe(head + table + "\n" + tail);
    const parsed = parseToml(path) as { model: string; notes: string; mcp_servers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>; profiles: unknown } | undefined;
    if (parsed) {
      expect(parsed.model).toBe("o3");
      expect(parsed.notes).toContain("[mcp_servers.tokenfold]");
      expect(parsed.mcp_servers.github!.command).toBe("gh-mcp");
      expect(parsed.mcp_servers.tokenfold).toEqual({ command: process.execPath, args: [bin, "mcp"], env: { TOKENFOLD_HOME: join(home, ".tokenfold") } });
      expect(parsed.profiles).toEqual({ fast: { model: "o4-mini" } });
    }
    const bytes = readFileSync(path);
    expect(install(home, "--client", "codex").stdout).toMatch(/nothing changed/);
    expect(Buffer.compare(readFileSync(path), bytes)).toBe(0);

    // a file without the table gets it appended after one blank line
    const home2 = newHome();
    mkdirSync(join(home2, ".codex"));
    const path2 = join(home2, ".codex", "config.toml");
    writeFileSync(path2, 'model = "o3"');
    expect(install(home2, "--client", "codex").status).toBe(0);
    expect(readFileSync(path2, "utf8")).toBe(`model = "o3"\n\n${table.replace(JSON.stringify(join(home, ".tokenfold")), JSON.stringify(join(home2, ".tokenfold")))}\n`);
  });

  it("refuses to touch a config it cannot edit safely, and leaves it as it was", () => {
    const home = newHome();
    const path = join(home, ".claude.json");
    writeFileSync(path, "{ not json");
    const r = install(home);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON/);
    expect(readFileSync(path, "utf8")).toBe("{ not json");

    mkdirSync(join(home, ".codex"));
    const toml = join(home, ".codex", "config.toml");
    writeFileSync(toml, '[mcp_servers]\ntokenfold = { command = "x" }\n');
    const t = install(home, "--client", "codex");
    expect(t.status).toBe(1);
    expect(t.stderr).toMatch(/already defines mcp_servers\.tokenfold/);
    expect(readFileSync(toml, "utf8")).toBe('[mcp_servers]\ntokenfold = { command = "x" }\n');

    expect(install(home, "--client", "vscode").status).toBe(2);
  });
});

describe("upsertTomlTable (the Codex config edit)", async () => {
  const { upsertTomlTable } = await import("../src/surfaces/mcp/install/toml-table.js");
  const fc = (await import("fast-check")).default;
  const body = ['command = "node"', 'args = ["tf.js", "mcp"]'];
  const path = ["mcp_servers", "tokenfold"];

  it("keeps CRLF line endings, finds quoted headers and headers with comments", () => {
    const crlf = 'model = "o3"\r\n\r\n[mcp_servers."tokenfold"] # mine\r\ncommand = "old"\r\n\r\n[other]\r\nx = 1\r\n';
    const r = upsertTomlTable(crlf, path, body);
    expect(r.text).toBe('model = "o3"\r\n\r\n[mcp_servers.tokenfold]\r\ncommand = "node"\r\nargs = ["tf.js", "mcp"]\r\n\r\n[other]\r\nx = 1\r\n');
    expect(upsertTomlTable(r.text, path, body)).toEqual({ text: r.text, changed: false });
  });

  it("leaves [[arrays]] and look-alike tables alone, and refuses dotted-key definitions", () => {
    const text = '[[mcp_servers.tokenfold_list]]\nx = 1\n\n[mcp_servers.tokenfolding]\ny = 2\n';
    expect(upsertTomlTable(text, path, body).text).toBe(text + "\n[mcp_servers.tokenfold]\n" + body.join("\n") + "\n");
    expect(() => upsertTomlTable('mcp_servers.tokenfold.command = "x"\n', path, body)).toThrow(/already defines/);
    expect(() => upsertTomlTable('mcp_servers = { tokenfold = { command = "x" } }\n', path, body)).toThrow(/already defines/);
  });

  it("property: any mix of other tables keeps its bytes, and a second run changes nothing", () => {
    // well-formed pieces, several with a "[mcp_servers.tokenfold]" that is not a header
    const piece = fc.constantFrom("a = 1", "# comment [mcp_servers.tokenfold]", 's = "[mcp_servers.tokenfold]"', "arr = [\n  [1, 2],\n  [3],\n]", 'm = """\n[mcp_servers.tokenfold]\n"""', "m2 = \'\'\'\n[mcp_servers.tokenfold]\'\'\'", "", "[profiles.x]", "[mcp_servers.github]", "k = 'v' # [x]");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.boolean(), (pieces, finalNewline) => {
        const text = pieces.join("\n") + (finalNewline ? "\n" : "");
        const first = upsertTomlTable(text, path, body);
        expect(first.text.startsWith(text)).toBe(true);
        expect(upsertTomlTable(first.text, path, body)).toEqual({ text: first.text, changed: false });
      }),
      { numRuns: 300 },
    );
  });
});
