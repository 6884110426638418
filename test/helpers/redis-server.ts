/**
 * A real `redis-server` for tests: one child process per call, on a free port, without
 * persistence, killed by `stop()`. `kill()` and `start()` again on the same port simulate an outage.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createConnection, createServer } from "node:net";

/** The binary (CI installs it with apt; `.ci/run`). */
export const REDIS_SERVER = process.env.REDIS_SERVER_PATH || "redis-server";

/** Why Redis tests cannot run here, or undefined when they can. */
export function redisMissing(): string | undefined {
  const r = spawnSync(REDIS_SERVER, ["--version"], { encoding: "utf8" });
  return r.error !== undefined || r.status !== 0 ? `${REDIS_SERVER} not found (apt-get install -y redis-server)` : undefined;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** True once something accepts TCP connections on the port. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" });
    c.once("connect", () => (c.destroy(), resolve(true)));
    c.once("error", () => resolve(false));
  });

/** A running (or stopped) test Redis. */
export interface TestRedis {
  port: number;
  url: string;
  /** Starts the server (again) on the same port; resolves when it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: an outage with no goodbye. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a hung server whose sockets stay open. */
  pause(): void;
  resume(): void;
  /** Stops it for good (afterAll). */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server --port P --bind 127.0.0.1 --save '' --appendonly no` as a child.
 * @example
 * const redis = await startRedis(); … await redis.stop();
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = "";
  const start = async () => {
    log = "";
    const c = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    c.stdout!.on("data", (d: Buffer) => (log += d));
    c.stderr!.on("data", (d: Buffer) => (log += d));
    child = c;
    for (let i = 0; i < 200; i++) {
      if (c.exitCode !== null) throw new Error(`redis-server exited ${c.exitCode}: ${log}`);
      if (await accepts(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`redis-server did not accept connections on ${port}: ${log}`);
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once("exit", r));
    c.kill("SIGCONT");
    c.kill("SIGKILL");
    await gone;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    pause: () => void child?.kill("SIGSTOP"),
    resume: () => void child?.kill("SIGCONT"),
    stop: kill,
  };
}
