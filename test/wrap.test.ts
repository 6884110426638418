// `tokenfold wrap` as a real process: it starts the real proxy in-process and runs a stand-in agent
// (test/fixtures/agents/stand-in.mjs) that reports its environment and calls /health through it.
import { spawn, spawnSync } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JS module without types
import { jobListing } from "../bench/generate.mjs";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "tokenfold.js");
const standIn = join(root, "test", "fixtures", "agents", "stand-in.mjs");

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), "tokenfold-wrap-"));
  return { PATH: process.env.PATH ?? "", HOME: home, TOKENFOLD_HOME: home, KEEP_ME: "kept", ...extra };
}

interface Report {
  env: Record<string, string>;
  argv: string[];
  health: { status?: number; body?: { name: string; upstreams: Record<string, string> }; error?: string };
}

function wrap(args: string[], env: NodeJS.ProcessEnv = baseEnv()) {
  const r = spawnSync(process.execPath, [bin, "wrap", ...args], { env, encoding: "utf8" });
  // the stand-in prints its report as one JSON line
  const line = r.stdout.split("\n").find((l) => l.startsWith('{"env"'));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, report: line ? (JSON.parse(line) as Report) : undefined };
}

async function proxyIsDown(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`);
    return false;
  } catch {
    return true;
  }
}

describe("tokenfold wrap <terminal agent>", () => {
  it("claude: ANTHROPIC_BASE_URL points at a live proxy, args pass through, the exit code comes back, the proxy stops after", async () => {
    const r = wrap(["claude", "--bin", standIn, "--", "--print", "hello world", "-x"], baseEnv({ STANDIN_EXIT: "3" }));
    expect(r.status).toBe(3);
    const { env, argv, health } = r.report!;
    expect(env.ANTHROPIC_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.ANTHROPIC_BASE_URL).not.toBe("http://127.0.0.1:8787"); // a free port, not the CLI default
    expect(env.TOKENFOLD_PROXY_URL).toBe(env.ANTHROPIC_BASE_URL);
    expect(env.OPENAI_BASE_URL).toBeUndefined();
    expect(env.KEEP_ME).toBe("kept");
    expect(argv).toEqual(["--print", "hello world", "-x"]);
    expect(health.status).toBe(200);
    expect(health.body!.name).toBe("tokenfold");
    expect(r.stderr).toContain(`Claude Code → proxy ${env.ANTHROPIC_BASE_URL} (ANTHROPIC_BASE_URL)`);
    expect(await proxyIsDown(env.ANTHROPIC_BASE_URL!)).toBe(true);
  });

  it("codex: OPENAI_BASE_URL and OPENAI_API_BASE end in /v1; TOKENFOLD_WRAP_BIN picks the binary", () => {
    const r = wrap(["codex"], baseEnv({ TOKENFOLD_WRAP_BIN: standIn }));
    expect(r.status).toBe(0);
    const { env, health } = r.report!;
    expect(env.OPENAI_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(env.OPENAI_API_BASE).toBe(env.OPENAI_BASE_URL);
    expect(env.ANTHROPIC_BASE_URL).toBeUndefined();
    expect(health.status).toBe(200);
  });

  it("aider and openclaw get both the OpenAI and the Anthropic variables", () => {
    for (const agent of ["aider", "openclaw"]) {
      const r = wrap([agent, "--bin", standIn]);
      expect(r.status).toBe(0);
      const { env, health } = r.report!;
      expect(env.OPENAI_BASE_URL).toBe(`${env.ANTHROPIC_BASE_URL}/v1`);
      expect(env.OPENAI_API_BASE).toBe(env.OPENAI_BASE_URL);
      if (agent === "aider") expect(env.ANTHROPIC_API_BASE).toBe(env.ANTHROPIC_BASE_URL);
      expect(health.status).toBe(200);
    }
  });

  it("a base URL the user already set becomes the proxy's upstream", () => {
    const r = wrap(["claude", "--bin", standIn], baseEnv({ ANTHROPIC_BASE_URL: "https://gateway.example/anthropic/", OPENAI_BASE_URL: "https://gateway.example/api/v1" }));
    expect(r.status).toBe(0);
    const { env, health } = r.report!;
    expect(env.ANTHROPIC_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.OPENAI_BASE_URL).toBe("https://gateway.example/api/v1"); // not claude's variable: left alone
    expect(health.body!.upstreams).toMatchObject({ anthropic: "https://gateway.example/anthropic", openai: "https://gateway.example/api" });
  });

  it("end to end: the official Anthropic and OpenAI SDKs inside the agent, configured by wrap's variables alone, send compressed tool results upstream", async () => {
    const seen: Array<{ path: string; headers: IncomingHttpHeaders; body: any }> = [];
    // a stand-in provider: the proxy's upstream (wrap takes it from the base URL the user had set)
    const upstream = createServer((req, res) => {
      let raw = "";
      req.on("data", (d: Buffer) => (raw += d.toString()));
      req.on("end", () => {
        seen.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(raw) });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(req.url === "/v1/messages"
          ? { id: "msg_1", type: "message", role: "assistant", model: "claude-stand-in", content: [{ type: "text", text: "job 100042 failed" }], stop_reason: "end_turn", stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } }
          : { id: "chatcmpl-1", object: "chat.completion", created: 0, model: "gpt-stand-in", choices: [{ index: 0, message: { role: "assistant", content: "job 100042 failed" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    try {
      const env = baseEnv({ ANTHROPIC_BASE_URL: upstreamUrl, OPENAI_BASE_URL: `${upstreamUrl}/v1`, ANTHROPIC_API_KEY: "sk-ant-test", OPENAI_API_KEY: "sk-test" });
      const payload = join(env.HOME!, "jobs.json");
      const original = JSON.stringify(jobListing(2000, { failAt: [42] }), null, 2);
      writeFileSync(payload, original);
      for (const [agent, mode] of [["claude", "anthropic-sdk"], ["codex", "openai-sdk"]] as const) {
        const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [bin, "wrap", agent, "--bin", standIn], { env: { ...env, STANDIN_MODE: mode, STANDIN_PAYLOAD: payload } });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
          child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
          child.once("exit", (status) => resolve({ status, stdout, stderr }));
        });
        expect(r.stderr).not.toMatch(/Error/);
        expect(r.status).toBe(0);
        expect(JSON.parse(r.stdout.split("\n").find((l) => l.startsWith('{"reply"'))!)).toEqual({ reply: "job 100042 failed" });
        const got = seen.at(-1)!;
        const toolOutput: string = agent === "claude" ? got.body.messages[2].content[0].content : got.body.messages[2].content;
        expect(got.path).toBe(agent === "claude" ? "/v1/messages" : "/v1/chat/completions");
        expect(toolOutput.length).toBeLessThan(original.length / 5);
        expect(toolOutput).toContain('"id":100042');
        expect(toolOutput).toMatch(/tf_[0-9a-f]{24}/);
        const auth = `${got.headers["x-api-key"] ?? ""} ${got.headers.authorization ?? ""}`;
        expect(auth).toContain(agent === "claude" ? "sk-ant-test" : "sk-test");
      }
      expect(seen).toHaveLength(2);
    } finally {
      await new Promise((r) => upstream.close(r));
    }
  });

  for (const [signal, code] of [["SIGTERM", 7], ["SIGINT", 8], ["SIGHUP", 9]] as const) {
    it(`passes ${signal} on to the agent and exits with the agent's code (${code})`, async () => {
      const child = spawn(process.execPath, [bin, "wrap", "claude", "--bin", standIn], { env: baseEnv({ STANDIN_MODE: "wait" }), stdio: ["pipe", "pipe", "pipe"] });
      let out = "";
      const ready = new Promise<void>((resolve) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes('"ready":true')) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
      await ready;
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(out).toContain(`{"got":"${signal}"}`);
    });
  }

  it("an agent killed by a signal → 128 + its number", () => {
    const r = wrap(["claude", "--bin", standIn], baseEnv({ STANDIN_MODE: "kill" }));
    expect(r.status).toBe(128 + 9);
  });

  it("unknown agent → the supported list, exit 2; missing binary → 127; own flags after the agent need --", () => {
    const u = wrap(["vim"]);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain("supported: claude, codex, cursor, aider, copilot, openclaw");
    const m = wrap(["claude"], baseEnv({ PATH: mkdtempSync(join(tmpdir(), "empty-path-")) }));
    expect(m.status).toBe(127);
    expect(m.stderr).toMatch(/'claude'\) not found on PATH/);
    const f = wrap(["claude", "--bin", standIn, "--resume"]);
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/after --/);
  });
});

describe("tokenfold wrap <editor agent>", () => {
  it("cursor: prints the settings and the MCP config; --write adds the MCP server, idempotently", () => {
    const env = baseEnv();
    const p = wrap(["cursor"], env);
    expect(p.status).toBe(0);
    expect(p.stdout).toContain("Override OpenAI Base URL: http://127.0.0.1:8787/v1");
    expect(p.stdout).toContain("tokenfold proxy --port 8787");
    const path = join(env.HOME!, ".cursor", "mcp.json");
    expect(p.stdout).toContain(`# ${path} (run with --write to add it)`);
    expect(existsSync(path)).toBe(false);

    const w = wrap(["cursor", "--write"], env);
    expect(w.stdout).toContain(`# ${path} (written)`);
    expect(JSON.parse(readFileSync(path, "utf8")).mcpServers.tokenfold.args).toEqual([bin, "mcp"]);
    expect(wrap(["cursor", "--write"], env).stdout).toContain("(already set; unchanged)");
  });

  it("copilot: a Custom Endpoint provider in chatLanguageModels.json; --write merges it with the user's providers", () => {
    const env = baseEnv({ XDG_CONFIG_HOME: "" });
    const path = join(env.HOME!, ".config", "Code", "User", "chatLanguageModels.json");
    const p = wrap(["copilot", "--port", "9911", "--model", "gpt-5"], env);
    expect(p.status).toBe(0);
    expect(p.stdout).toContain("tokenfold proxy --port 9911");
    expect(p.stdout).toContain('"url": "http://127.0.0.1:9911/v1/chat/completions"');
    expect(existsSync(path)).toBe(false);

    const mine = [{ name: "ollama", vendor: "customendpoint", models: [{ id: "llama", url: "http://localhost:11434/v1/chat/completions" }] }];
    mkdirSync(join(env.HOME!, ".config", "Code", "User"), { recursive: true });
    writeFileSync(path, JSON.stringify(mine));
    expect(wrap(["copilot", "--port", "9911", "--model", "gpt-5", "--write"], env).status).toBe(0);
    const doc = JSON.parse(readFileSync(path, "utf8"));
    expect(doc[0]).toEqual(mine[0]);
    expect(doc[1]).toMatchObject({ name: "tokenfold", vendor: "customendpoint", models: [{ id: "gpt-5", url: "http://127.0.0.1:9911/v1/chat/completions" }] });
    expect(JSON.stringify(doc)).not.toMatch(/apiKey/);
    const bytes = readFileSync(path);
    expect(wrap(["copilot", "--port", "9911", "--model", "gpt-5", "--write"], env).stdout).toContain("(already set; unchanged)");
    expect(Buffer.compare(readFileSync(path), bytes)).toBe(0);
  });
});
