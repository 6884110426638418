// `tokenfold proxy` as a user runs it (the built CLI, in a child process with its own
// TOKENFOLD_HOME): it prints its URL and the env lines, serves requests, compresses into the
// SQLite store under TOKENFOLD_HOME, and exits 0 on SIGTERM. It runs the proxy in a relaunched
// Node under its GC flags (src/surfaces/cli/relaunch.ts), unless the user chose GC settings.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROXY_NODE_FLAGS } from "../src/surfaces/cli/relaunch.js";
import { chatCompletion, chatToolCall, sendJson, startUpstream, type StandIn } from "./helpers/upstream.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const bin = join(import.meta.dirname, "..", "bin", "tokenfold.js");
const LOG = authLog(2000) as string;
let home: string;
let up: StandIn;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "tf-proxy-cli-"));
  up = await startUpstream((_r, res) => sendJson(res, 200, chatCompletion({ content: "ok" })));
});
afterAll(async () => {
  await up.close();
  rmSync(home, { recursive: true, force: true });
});

const env = () => ({ ...process.env, TOKENFOLD_HOME: home, HOME: home });

/** `tokenfold proxy <args>` in a child process, once it printed its URL and the base-URL lines. */
async function startCli(args: string[], extraEnv: Record<string, string> = {}, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, bin, "proxy", ...args], { env: { ...env(), ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8");
  const url = await new Promise<string>((ok, fail) => {
    child.stdout.on("data", (c: string) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && out.includes("ANTHROPIC_BASE_URL")) ok(m[1]!);
    });
    child.on("exit", (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
  return { child, url, out };
}

/** The pids of a process's children (Linux: /proc/PID/task/PID/children). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}
const canListChildren = existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/** Sends `signal` and resolves with how the process ended. */
function stop(child: ReturnType<typeof spawn>, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((ok) => {
    child.removeAllListeners("exit");
    child.on("exit", (code, sig) => ok({ code, signal: sig }));
    child.kill(signal);
  });
}

describe("tokenfold proxy", () => {
  it("--help prints the usage and exits 0; bad flags exit 2", () => {
    const help = spawnSync(process.execPath, [bin, "proxy", "--help"], { env: env(), encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--upstream-anthropic");
    expect(spawnSync(process.execPath, [bin, "proxy", "--port", "x"], { env: env(), encoding: "utf8" }).status).toBe(2);
    expect(spawnSync(process.execPath, [bin, "proxy", "--allow-remote"], { env: env(), encoding: "utf8" }).status).toBe(2);
    expect(spawnSync(process.execPath, [bin, "proxy", "--store", "nope"], { env: env(), encoding: "utf8" }).status).toBe(2);
  });

  it("serves, stores refs under TOKENFOLD_HOME, and exits 0 on SIGTERM", async () => {
    const { child, url, out } = await startCli(["--port", "0", "--upstream-openai", up.url]);
    expect(out).toContain(`OPENAI_BASE_URL=${url}/v1`);
    expect(out).toContain(`ANTHROPIC_BASE_URL=${url}`);
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-cli" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "who logged in?" }, { role: "assistant", content: null, tool_calls: [chatToolCall("c", "read_log", {})] }, { role: "tool", tool_call_id: "c", content: LOG }] }),
    });
    expect((await res.json()).choices[0].message.content).toBe("ok");
    expect(up.received.at(-1)!.json.messages[2].content).toMatch(/tf_[0-9a-f]{24}/);
    expect(existsSync(join(home, "store.db"))).toBe(true);
    const code = await new Promise<number | null>((ok) => {
      child.removeAllListeners("exit");
      child.on("exit", (c) => ok(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
  });

  // (skipped only where the kernel does not list a process's children)
  it.skipIf(!canListChildren)("serves from a relaunched Node under the proxy's GC flags, passes SIGTERM and SIGINT on, exits 0", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const { child, url } = await startCli(["--port", "0", "--no-stats", "--store", "memory", "--upstream-openai", up.url]);
      const kids = childrenOf(child.pid!);
      expect(kids).toHaveLength(1);
      const argv = readFileSync(`/proc/${kids[0]}/cmdline`, "utf8").split("\0");
      for (const flag of PROXY_NODE_FLAGS) expect(argv).toContain(flag);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect(await stop(child, signal)).toEqual({ code: 0, signal: null });
      expect(existsSync(`/proc/${kids[0]}`)).toBe(false);
    }
  });

  it.skipIf(!canListChildren)("GC settings the user chose win, and a process under the inspector stays one: nothing is relaunched", async () => {
    const args = ["--port", "0", "--no-stats", "--store", "memory", "--upstream-openai", up.url];
    const cases = [[{ NODE_OPTIONS: "--max-semi-space-size=8" }, []], [{}, ["--heap-growing-percent=50"]], [{}, ["--inspect=127.0.0.1:0"]]] as const;
    for (const [extraEnv, nodeArgs] of cases) {
      const { child, url } = await startCli(args, extraEnv, [...nodeArgs]);
      expect(childrenOf(child.pid!)).toEqual([]);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect(await stop(child, "SIGTERM")).toEqual({ code: 0, signal: null });
    }
  });

  it("the relaunched proxy's failure is the command's exit code (port in use → 1)", async () => {
    const { child, url } = await startCli(["--port", "0", "--no-stats", "--store", "memory", "--upstream-openai", up.url]);
    const port = new URL(url).port;
    const second = spawnSync(process.execPath, [bin, "proxy", "--port", port, "--no-stats", "--store", "memory"], { env: env(), encoding: "utf8" });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/EADDRINUSE|in use/);
    await stop(child, "SIGTERM");
  });

  it("--memory puts the user's and this project's facts into the system prompt, the same block on every turn", async () => {
    const add = spawnSync(process.execPath, [bin, "memory", "add", "Deploys go through the staging cluster first", "--subject", "deploy", "--scope", "user"], { env: env(), encoding: "utf8" });
    expect(add.status, add.stderr).toBe(0);
    const { child, url } = await startCli(["--port", "0", "--memory", "--no-stats", "--upstream-openai", up.url]);
    const turn = (messages: unknown[]) => fetch(`${url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages }) }).then((r) => r.json());
    const first = [{ role: "system", content: "You are a release assistant." }, { role: "user", content: "How do we deploy?" }];
    await turn(first);
    const sent1 = up.received.at(-1)!.json.messages[0].content as string;
    expect(sent1.startsWith("You are a release assistant.")).toBe(true);
    expect(sent1).toContain("Deploys go through the staging cluster first");
    await turn([...first, { role: "assistant", content: "Through staging." }, { role: "user", content: "And rollbacks?" }]);
    expect(up.received.at(-1)!.json.messages[0].content).toBe(sent1);
    child.kill("SIGTERM");
    await new Promise((ok) => child.on("exit", ok));
  });
});
