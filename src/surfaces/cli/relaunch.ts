/**
 * Starting the CLI again under Node flags that a command needs from the start. `tokenfold proxy`
 * wants a small young generation (see {@link PROXY_NODE_FLAGS}), and Node sizes its heap once, at
 * start (`v8.setFlagsFromString` later has no effect on it). So the proxy command runs itself
 * once more with the flags: stdio is shared, signals are passed on, and the child's exit code
 * becomes this process's. A size the user set (in NODE_OPTIONS or Node's own arguments) wins, and
 * then nothing is relaunched; nor is a process under the inspector (`--inspect…`: whoever debugs
 * it wants to debug the proxy, not a launcher).
 * @module
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";

/**
 * V8's young generation capped at 4 MB per semi-space (Node lets it grow to 16). Young GCs then
 * run about five times as often, but each pauses every stream for ~1.2 ms instead of ~3 on
 * average. Measured with bench/proxy.mjs (agent mode, 64 streams, 2-core machine, see README
 * "Benchmarks"): the chunk delay p99 and the first byte's p99 were lower in most comparisons and
 * the flag never gave the outlier run; GC time rises from ~0.8 to ~1.2 s a minute.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];

/** Set in the relaunched process, so it never relaunches again. */
const RELAUNCHED = "TOKENFOLD_RELAUNCHED";

/** Signals passed on to the child (a terminal's Ctrl-C reaches both; the proxy takes a second one calmly). */
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Runs this same command line again under `flags`, unless the process already runs under them
 * (or under the user's own choice of those settings). Resolves with the child's exit code (128 +
 * the signal's number when a signal ended it); undefined when no relaunch was needed.
 */
export function relaunchWith(flags: readonly string[]): Promise<number> | undefined {
  if (process.env[RELAUNCHED] === "1" || process.execArgv.some((a) => a.startsWith("--inspect"))) return undefined;
  const given = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  const missing = flags.filter((f) => !given.includes(f.split("=")[0]!));
  if (missing.length === 0) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, [RELAUNCHED]: "1" },
  });
  const pass = (signal: NodeJS.Signals) => child.kill(signal);
  for (const s of FORWARDED) process.on(s, pass);
  return new Promise((ok, fail) => {
    child.on("error", (e) => {
      for (const s of FORWARDED) process.off(s, pass);
      fail(e);
    });
    child.on("exit", (code, signal) => {
      for (const s of FORWARDED) process.off(s, pass);
      ok(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
