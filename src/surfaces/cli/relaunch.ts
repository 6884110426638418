/**
 * Starting the CLI again under Node flags that a command needs from the start. `tokenfold proxy`
 * wants its GC settings (see {@link PROXY_NODE_FLAGS}), and Node sizes its heap once, at start
 * (`v8.setFlagsFromString` later has no effect on it). So the proxy command runs itself once more
 * with the flags: stdio is shared, signals are passed on, and the child's exit code becomes this
 * process's. When the user set any of these flags (in NODE_OPTIONS or Node's own arguments), their
 * choice wins and nothing is relaunched; nor is a process under the inspector (`--inspect…`:
 * whoever debugs it wants to debug the proxy, not a launcher).
 * @module
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";

/**
 * The proxy's garbage-collection settings. Each GC pause stalls every stream the proxy serves, so
 * both trade a little CPU or memory for shorter or fewer pauses. Measured with bench/proxy.mjs
 * (agent mode, 64 streams, interleaved pairs on a 2-core machine; README "Benchmarks"):
 * - `--max-semi-space-size=4`: the young generation capped at 4 MB per semi-space (Node lets it
 *   grow to 16). Young GCs run about five times as often, but each pauses for ~1.2 ms instead of
 *   ~3; GC time rises from ~0.8 to ~1.2 s a minute. The added TTFB p99 was lower in 7 of 9
 *   comparisons, and the flag never gave the outlier run.
 * - `--heap-growing-percent=100`: the old generation may grow to twice what survived the last full
 *   GC before the next one (V8's own factor kept it near 1.2 on the proxy's ~20 MB heap). Full
 *   GCs, whose final pause takes 3-10 ms, ran a third as often; in two 60 s pairs the added TTFB p99
 *   was 7.4 and 6.7 ms against 10.6 and 11.3. The heap peaks a few MB higher.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4", "--heap-growing-percent=100"];

/** Set in the relaunched process, so it never relaunches again. */
const RELAUNCHED = "TOKENFOLD_RELAUNCHED";

/** Signals passed on to the child (a terminal's Ctrl-C reaches both; the proxy takes a second one calmly). */
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Runs this same command line again under `flags`, unless the process already sets any of them
 * (the user's choice) or is itself the relaunched one. Resolves with the child's exit code (128 +
 * the signal's number when a signal ended it); undefined when no relaunch was needed.
 */
export function relaunchWith(flags: readonly string[]): Promise<number> | undefined {
  if (process.env[RELAUNCHED] === "1" || process.execArgv.some((a) => a.startsWith("--inspect"))) return undefined;
  const given = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  if (flags.some((f) => given.includes(f.split("=")[0]!))) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
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
