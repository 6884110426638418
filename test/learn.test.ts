// `tokenfold learn` on session logs generated in the real formats (test/fixtures/sessions):
// the expected corrections for each agent and nothing else, noise ignored, other projects left
// out, an idempotent marked block, --dry-run, and the optional LLM pass against a local stand-in.
import { spawnSync } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { learn, LEARN_END, LEARN_START, upsertBlock, type AgentName } from "../src/learn/index.js";
import { ELSEWHERE, generateSessions, NOISE } from "./fixtures/sessions/generate.js";

const root = mkdtempSync(join(tmpdir(), "tf-learn-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function setup(seed: number) {
  const home = join(root, `home${seed}`);
  const project = join(root, `proj${seed}`);
  mkdirSync(join(project, ".git"), { recursive: true });
  const gen = generateSessions(home, project, seed);
  return { home, project, gen };
}

const pairs = (cs: Array<{ bad: string; good: string }>) => cs.map((c) => `${c.bad} => ${c.good}`).sort();
const noiseCalls = [...NOISE.flatMap((s) => s.steps.filter((x) => !x.ok).map((x) => x.call)), ...ELSEWHERE.steps.map((x) => x.call)];

describe("learn: mining generated sessions", () => {
  for (const seed of [1, 2, 3]) {
    it.each(["claude", "codex", "gemini"] as AgentName[])(`seed ${seed}: %s — exactly the taught corrections`, async (agent) => {
      const { home, project, gen } = setup(seed * 10 + ["claude", "codex", "gemini"].indexOf(agent));
      const r = await learn({ agents: [agent], project, home });
      const want = gen.lessons[agent].map((s) => s.teaches!);
      expect(pairs(r.corrections)).toEqual(pairs(want));
      for (const c of r.corrections) {
        const w = want.find((x) => x.bad === c.bad)!;
        expect(c.kind).toBe(w.kind);
        expect(c.count).toBe(2);
        expect(c.sessions).toBe(2);
        expect(c.agents).toEqual([agent]);
        expect(c.text).toContain(`\`${c.good}\``);
      }
      for (const call of noiseCalls) expect(r.block).not.toContain(call);
      expect(r.failures).toBeGreaterThan(r.corrections.length);
    });
  }

  it("all agents together merge the same lesson across agents; other projects only with allProjects", async () => {
    const { home, project, gen } = setup(7);
    const r = await learn({ project, home });
    const all = new Map<string, { bad: string; good: string }>();
    for (const a of ["claude", "codex", "gemini"] as AgentName[]) for (const s of gen.lessons[a]) all.set(s.teaches!.bad, s.teaches!);
    expect(pairs(r.corrections)).toEqual(pairs([...all.values()]));
    const npm = r.corrections.find((c) => c.bad === "npm run tests")!;
    expect(npm.agents).toEqual(["claude", "codex", "gemini"]);
    expect(npm.count).toBe(6);
    // most often seen first
    expect(r.corrections.map((c) => c.count)).toEqual([...r.corrections.map((c) => c.count)].sort((a, b) => b - a));
    expect(r.block).not.toContain("yarn");
    const everywhere = await learn({ project, home, allProjects: true });
    expect(everywhere.corrections.some((c) => c.bad === ELSEWHERE.teaches!.bad && c.good === ELSEWHERE.teaches!.good)).toBe(true);
  });

  it("is deterministic: the same logs give the same block", async () => {
    const { home, project } = setup(8);
    expect((await learn({ project, home })).block).toBe((await learn({ project, home })).block);
  });

  it("bad lines and unreadable files never stop the run", async () => {
    const { home, project } = setup(9);
    const dir = join(home, ".claude", "projects", project.replace(/[/.\\:]/g, "-"));
    writeFileSync(join(dir, "broken.jsonl"), '{"type":"assistant","message":{"content":[{"type":"tool_use"\nnot json\n{"type":"user"}\n');
    mkdirSync(join(home, ".gemini", "tmp", "x", "chats"), { recursive: true });
    writeFileSync(join(home, ".gemini", "tmp", "x", "chats", "session-bad.json"), "{ nope");
    const r = await learn({ project, home });
    expect(r.corrections.length).toBeGreaterThan(0);
  });
});

describe("learn: the marked block", () => {
  it("upsert replaces the block in place, removes stray copies, keeps the rest byte-identical", () => {
    const block = `${LEARN_START}\nnew\n${LEARN_END}`;
    expect(upsertBlock("", block)).toBe(block + "\n");
    expect(upsertBlock("# Notes\n\nkeep me\n", block)).toBe(`# Notes\n\nkeep me\n\n${block}\n`);
    const twice = `# A\n${LEARN_START}\nold\n${LEARN_END}\nmiddle\n${LEARN_START}\nold2\n${LEARN_END}\n`;
    const out = upsertBlock(twice, block);
    expect(out.split(LEARN_START).length).toBe(2);
    expect(out.startsWith(`# A\n${block}\nmiddle\n`)).toBe(true);
    expect(upsertBlock(out, block)).toBe(out);
  });

  it("CLI: --write is idempotent, preserves the file, --dry-run does not write", () => {
    const { home, project } = setup(11);
    const bin = join(import.meta.dirname, "..", "bin", "tokenfold.js");
    const env = { ...process.env, HOME: home, TOKENFOLD_HOME: join(home, ".tokenfold") };
    const notes = join(project, "CLAUDE.md");
    writeFileSync(notes, "# Project notes\n\nAlways run the linter.\n");
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, "learn", ...args], { cwd: project, env, encoding: "utf8" });
    const dry = cli("--agent", "claude", "--write", "CLAUDE.md", "--dry-run");
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(LEARN_START);
    expect(dry.stdout).toContain("src/core/backend.ts");
    expect(readFileSync(notes, "utf8")).toBe("# Project notes\n\nAlways run the linter.\n");
    const first = cli("--agent", "claude", "--write", "CLAUDE.md");
    expect(first.status).toBe(0);
    const once = readFileSync(notes, "utf8");
    expect(once.startsWith("# Project notes\n\nAlways run the linter.\n\n" + LEARN_START)).toBe(true);
    expect(once).toContain("Use `npm test`, not `npm run tests`");
    const second = cli("--agent", "claude", "--write", "CLAUDE.md");
    expect(second.status).toBe(0);
    expect(second.stderr).toContain("already up to date");
    expect(readFileSync(notes, "utf8")).toBe(once);
    // --memory puts the corrections into the shared memory; a second run adds nothing new
    expect(cli("--agent", "claude", "--memory").stderr).toMatch(/ [1-9]\d* new correction\(s\) in the shared memory/);
    expect(cli("--agent", "claude", "--memory").stderr).toContain(" 0 new correction(s)");
    const found = spawnSync(process.execPath, [bin, "memory", "search", "npm run tests"], { cwd: project, env, encoding: "utf8" });
    expect(found.stdout).toContain("Use `npm test`, not `npm run tests`");
    // codex's lessons go to AGENTS.md the same way
    expect(cli("--agent", "codex", "--write", "AGENTS.md").status).toBe(0);
    expect(readFileSync(join(project, "AGENTS.md"), "utf8")).toContain("cargo test --release");
    expect(cli("--agent", "nobody").status).toBe(2);
    const help = cli("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--dry-run");
    // nothing learned: the file is left alone
    const empty = join(root, "empty-home");
    const none = spawnSync(process.execPath, [bin, "learn", "--write", "GEMINI.md"], { cwd: project, env: { ...env, HOME: empty }, encoding: "utf8" });
    expect(none.status).toBe(0);
    expect(existsSync(join(project, "GEMINI.md"))).toBe(false);
  });
});

describe("learn: optional LLM pass", () => {
  async function standIn(handler: (body: { model: string; messages: Array<{ role: string; content: string }> }, req: IncomingMessage) => [number, unknown]) {
    const seen: Array<{ model: string; messages: Array<{ role: string; content: string }>; auth?: string }> = [];
    const server = createServer((req, res) => {
      let data = "";
      req.on("data", (d) => (data += d));
      req.on("end", () => {
        const body = JSON.parse(data);
        seen.push({ ...body, auth: req.headers.authorization });
        const [status, out] = req.url === "/v1/chat/completions" ? handler(body, req) : [404, { error: "no" }];
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(out));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}/v1`, seen, close: () => new Promise((r) => server.close(r)) };
  }

  it("sends the mined pairs and uses the lines that come back", async () => {
    const { home, project } = setup(12);
    // the stand-in rewrites each record from the request itself, so the test checks the round trip
    const llm = await standIn((body) => {
      const records = JSON.parse(body.messages[1]!.content) as Array<{ failed: string; worked: string }>;
      return [200, { choices: [{ message: { role: "assistant", content: records.map((r) => `- Prefer \`${r.worked}\` over \`${r.failed}\``).join("\n") + "\nSome chatter." } }] }];
    });
    try {
      const r = await learn({ agents: ["codex"], project, home, llm: { url: llm.url, model: "local-model", apiKey: "k1" } });
      expect(llm.seen.length).toBe(1);
      expect(llm.seen[0]!.model).toBe("local-model");
      expect(llm.seen[0]!.auth).toBe("Bearer k1");
      expect(r.lines.length).toBe(r.corrections.length);
      for (const c of r.corrections) expect(r.block).toContain(`- Prefer \`${c.good}\` over \`${c.bad}\``);
      expect(r.block).not.toContain("chatter");
      expect(r.warnings).toEqual([]);
    } finally {
      await llm.close();
    }
  });

  it("keeps the offline lines when the endpoint fails", async () => {
    const { home, project } = setup(13);
    const llm = await standIn(() => [500, { error: "overloaded" }]);
    try {
      const offline = await learn({ agents: ["claude"], project, home });
      const r = await learn({ agents: ["claude"], project, home, llm: { url: llm.url } });
      expect(r.block).toBe(offline.block);
      expect(r.warnings[0]).toMatch(/500/);
    } finally {
      await llm.close();
    }
  });
});
