/**
 * `tokenfold wrap <agent> [--bin PATH] [--verbose] [-- ARGS]`: the agent runs behind an in-process
 * proxy on a free port; `tokenfold wrap cursor|copilot [--write] [--port N] [--model ID]` prints
 * (or writes) the editor's settings instead.
 * @module
 */
import { parseArgs } from "node:util";
import { AGENTS, findAgent } from "../wrap/agents.js";
import { configureFileAgent } from "../wrap/file-agents.js";
import { findExecutable } from "../wrap/which.js";

const USAGE = `Usage:
  tokenfold wrap <claude|codex|aider|openclaw> [--bin PATH] [--verbose] [-- AGENT ARGS]
      starts the proxy on a free port, runs the agent with its base URL pointed at it, passes
      signals on, exits with the agent's exit code, and stops the proxy.
      --bin PATH (or TOKENFOLD_WRAP_BIN) runs that executable instead of the one on PATH.
  tokenfold wrap <cursor|copilot> [--port 8787] [--write] [--model ID]
      prints what to set so the editor goes through \`tokenfold proxy --port 8787\`;
      --write edits the config file (Cursor: ~/.cursor/mcp.json; Copilot: chatLanguageModels.json).
`;

/** Runs `tokenfold wrap …`; resolves with the exit code. */
export async function run(argv: string[]): Promise<number> {
  const cut = argv.indexOf("--");
  const own = cut >= 0 ? argv.slice(0, cut) : argv;
  const passed = cut >= 0 ? argv.slice(cut + 1) : [];
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      options: {
        bin: { type: "string" }, write: { type: "boolean" }, port: { type: "string" }, model: { type: "string" },
        verbose: { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`tokenfold: ${(e as Error).message} (put the agent's own arguments after --)\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (name === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const agent = findAgent(name);
  if (!agent) {
    process.stderr.write(`tokenfold: unknown agent '${name}'; supported: ${AGENTS.join(", ")}\n`);
    return 2;
  }

  if (agent.kind === "file") {
    const port = values.port === undefined ? 8787 : Number(values.port);
    if (!(Number.isInteger(port) && port > 0 && port < 65536)) {
      process.stderr.write("tokenfold: --port must be a port number\n");
      return 2;
    }
    const r = configureFileAgent(agent, { url: `http://127.0.0.1:${port}`, port, write: values.write === true, model: values.model });
    process.stdout.write(r.text);
    return 0;
  }

  const requested = values.bin ?? process.env.TOKENFOLD_WRAP_BIN ?? agent.command;
  const file = findExecutable(requested);
  if (!file) {
    process.stderr.write(`tokenfold: ${agent.label} ('${requested}') not found${requested === agent.command ? " on PATH" : ""}; install it, or pass --bin PATH\n`);
    return 127;
  }
  const log = values.verbose ? (line: string) => process.stderr.write(`tokenfold proxy: ${line}\n`) : undefined;
  const { wrapAgent } = await import("../wrap/wrap-agent.js");
  return wrapAgent({
    agent, file, args: [...extra, ...passed],
    proxy: { log },
    onReady: (proxy, vars) => {
      const names = Object.keys(vars).filter((k) => k !== "TOKENFOLD_PROXY_URL").join(", ");
      process.stderr.write(`tokenfold: ${agent.label} → proxy ${proxy.url} (${names})\n`);
    },
  });
}
