// `tokenfold compress|retrieve --store redis` as real processes: a ref made on one "machine"
// (its own TOKENFOLD_HOME) is retrieved on another through Redis; with Redis down the CLI still
// works, through its local SQLite store, with one warning.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, redisMissing, startRedis, type TestRedis } from "./helpers/redis-server.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../bench/generate-text.mjs";

const missing = redisMissing();
const bin = join(import.meta.dirname, "..", "bin", "tokenfold.js");
const root = mkdtempSync(join(tmpdir(), "tokenfold-redis-cli-"));
let server: TestRedis;
beforeAll(async () => {
  if (missing === undefined) server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

const machine = (name: string, url: string) => {
  const home = join(root, name);
  const env = { ...process.env, HOME: home, TOKENFOLD_HOME: home, TOKENFOLD_REDIS_URL: url };
  return (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args, "--store", "redis"], { env, input, encoding: "utf8", maxBuffer: 64 << 20 });
};

describe.skipIf(missing !== undefined)(`tokenfold --store redis${missing ? ` (skipped: ${missing})` : ""}`, () => {
  it("a ref compressed on one machine is retrieved on another", () => {
    const log = authLog(2000) as string;
    const one = machine("one", server.url);
    const two = machine("two", server.url);
    const r = one(["compress", "--json", "--type", "log"], log);
    expect(r.status, r.stderr).toBe(0);
    const ref = JSON.parse(r.stdout).refs[0] as string;
    expect(ref).toMatch(/^tf_[0-9a-f]{24}$/);
    const back = two(["retrieve", ref]);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toBe(log);
    expect(back.stderr).toBe("");
  });

  it("--redis-url names the server (it wins over TOKENFOLD_REDIS_URL)", async () => {
    const log = `${authLog(1500) as string}by flag\n`;
    const wrong = `redis://127.0.0.1:${await freePort()}`;
    const four = machine("four", wrong);
    const five = machine("five", wrong);
    const r = four(["compress", "--json", "--type", "log", "--redis-url", server.url], log);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const ref = JSON.parse(r.stdout).refs[0] as string;
    const back = five(["retrieve", ref, "--redis-url", server.url]);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toBe(log);
  });

  it("with Redis unreachable, compress and retrieve still work on one machine, through SQLite, with one warning", async () => {
    const log = `${authLog(2000) as string}offline run\n`;
    const three = machine("three", `redis://127.0.0.1:${await freePort()}`);
    const r = three(["compress", "--json", "--type", "log"], log);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.match(/unreachable/g)).toHaveLength(1);
    const ref = JSON.parse(r.stdout).refs[0] as string;
    const back = three(["retrieve", ref]);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toBe(log);
    expect(back.stderr).toBe(""); // found in the local SQLite copy first, so Redis was not even asked
    // and that ref is not on the other machines (it never reached Redis)
    expect(machine("two", server.url)(["retrieve", ref]).status).toBe(1);
  });
});
