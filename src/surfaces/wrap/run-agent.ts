/**
 * Runs an agent as a child process that owns the terminal, and hands its fate back: signals sent
 * to `tokenfold wrap` are passed on, and its exit code (or 128 + signal number) becomes ours.
 * @module
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";

/** Signals passed on to the agent. */
export const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Options of {@link runAgent}. */
export interface RunAgentOptions {
  /** The child's full environment. */
  env: NodeJS.ProcessEnv;
  /**
   * Whether a SIGINT is passed on even when stdin is a terminal. Off by default: Ctrl-C on a
   * terminal already reaches the agent (same process group), and a second copy would look to
   * agents like Claude Code as "press Ctrl-C twice to exit".
   */
  forwardTerminalSigint?: boolean;
}

/**
 * Spawns `file` with inherited stdio and resolves with its exit code; 128 + n when it was killed
 * by signal n; 127 when it could not be started. A `.js`/`.mjs`/`.cjs` file runs under this Node.
 * @example
 * process.exitCode = await runAgent("/usr/local/bin/claude", ["-p", "hi"], { env });
 */
export function runAgent(file: string, args: string[], options: RunAgentOptions): Promise<number> {
  const [command, argv] = /\.[cm]?js$/i.test(file) ? [process.execPath, [file, ...args]] : [file, args];
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: "inherit", env: options.env });
    const handlers = FORWARDED_SIGNALS.map((signal) => {
      const handler = () => {
        if (signal === "SIGINT" && process.stdin.isTTY && !options.forwardTerminalSigint) return;
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    const done = (code: number) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(code);
    };
    child.once("error", (e) => {
      process.stderr.write(`tokenfold: could not start ${file} (${(e as NodeJS.ErrnoException).code ?? e.message})\n`);
      done(127);
    });
    child.once("exit", (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}
