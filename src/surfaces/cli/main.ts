/**
 * The `tokenfold` command. Exit codes: 0 ok, 1 failure (one-line reason on stderr), 2 usage.
 * @module
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runCompress } from "./compress.js";
import { runRetrieve } from "./retrieve.js";

const HELP = `tokenfold — compress tool outputs for LLMs, keep what the question needs

Usage:
  tokenfold compress [FILE|-] [--query Q] [--type auto|json|diff|search|code|html|log|text] [--file-name NAME] [--target R] [--lossless]
                     [--model DIR] [--allow-remote-models] [--messages [--budget N]]
                     [--engine wasm|js] [--store sqlite|memory|redis|none] [--redis-url URL] [--exact] [--json]
  tokenfold retrieve REF [--query Q] [--store sqlite|memory|redis] [--redis-url URL]
  tokenfold proxy [--port 8787] [--host 127.0.0.1] [--upstream-openai URL] [--upstream-anthropic URL] [--upstream-gemini URL]
                  [--store sqlite|memory|redis] [--redis-url URL] [--retrieval-rounds N] [--allow-remote --token T] [--no-stats] [--memory]
  tokenfold stats [--json]
  tokenfold mcp | tokenfold mcp install [--client claude|codex|cursor] [--dry-run]
  tokenfold wrap <claude|codex|aider|openclaw> [--bin PATH] [--verbose] [-- ARGS]
  tokenfold wrap <cursor|copilot> [--port N] [--model ID] [--write]
  tokenfold memory add|search|list|forget|export ...
  tokenfold learn [--agent claude|codex|gemini] [--path P] [--write FILE] [--dry-run] [--all-projects] [--llm-url URL] [--memory]
  tokenfold --help | --version

compress   reads FILE (or stdin), writes the compressed text to stdout; --json prints the
           result object (text, tokensBefore, tokensAfter, saved, ratio, refs, reasons).
           --exact counts every token with the real tokenizer (else texts over 4 KiB
           are estimated). Dropped content is kept in the store (default: SQLite under $TOKENFOLD_HOME or
           ~/.tokenfold) under the ref printed in the output. --file-name hints the type and
           language (default: FILE). --model DIR compresses prose with a local token-classification
           model (transformers.js); --allow-remote-models lets it download from the hub.
           --messages reads a message array or request body (OpenAI, Anthropic, Gemini) and
           writes it back with its tool outputs compressed; --budget N fits it into N tokens.
retrieve   prints the original behind REF byte-for-byte, or with --query only the matching
           items or lines.
`;

export class UsageError extends Error {}

/**
 * Commands that live in their own file and parse their own arguments (`run(args) → exit code`).
 * Loaded lazily so that `compress` never pays for the proxy, MCP or memory code.
 */
const SUBCOMMANDS = {
  proxy: () => import("./proxy.js"),
  stats: () => import("./stats.js"),
  mcp: () => import("./mcp.js"),
  wrap: () => import("./wrap.js"),
  memory: () => import("./memory.js"),
  learn: () => import("./learn.js"),
} as const satisfies Record<string, () => Promise<{ run(args: string[]): Promise<number> }>>;

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined || cmd === "--help" || cmd === "-h" || cmd === "help") {
      process.stdout.write(HELP);
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === "--version" || cmd === "-v") {
      const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    if (cmd === "compress") return await runCompress(parse(rest, { query: "string", type: "string", target: "string", lossless: "boolean", json: "boolean", exact: "boolean", engine: "string", store: "string", "file-name": "string", model: "string", "allow-remote-models": "boolean", messages: "boolean", budget: "string", "redis-url": "string" }));
    if (cmd === "retrieve") return await runRetrieve(parse(rest, { query: "string", store: "string", "redis-url": "string" }));
    const sub = SUBCOMMANDS[cmd as keyof typeof SUBCOMMANDS];
    if (sub !== undefined) return await (await sub()).run(rest);
    throw new UsageError(`unknown command '${cmd}' (try --help)`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`tokenfold: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`tokenfold: ${(e as Error).message.split("\n")[0]}\n`);
    return 1;
  }
}

export type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(args: string[], spec: Record<string, "string" | "boolean">): Parsed {
  const options = Object.fromEntries(Object.entries(spec).map(([k, type]) => [k, { type }]));
  return parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed;
}
