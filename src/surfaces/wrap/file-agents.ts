/**
 * Editor agents keep their model endpoint in settings, not in the environment, so `wrap` cannot
 * start them behind an in-process proxy. Instead it explains what to set for a `tokenfold proxy`
 * that the user keeps running, and with `--write` edits the one file that can be edited safely:
 * Cursor's MCP config (`~/.cursor/mcp.json`), VS Code's Copilot custom endpoints
 * (`chatLanguageModels.json`).
 * @module
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { installMcp } from "../mcp/install/index.js";
import type { FileAgent } from "./agents.js";

/** Options of {@link configureFileAgent}. */
export interface FileAgentOptions {
  /** The proxy's URL (`http://127.0.0.1:8787` for `tokenfold proxy` with its defaults). */
  url: string;
  /** The port the user should start `tokenfold proxy` on. */
  port: number;
  /** Edit the config file instead of only printing it. */
  write?: boolean;
  /** Copilot: the model id the custom endpoint offers (default `gpt-4.1`). */
  model?: string;
  home?: string;
  env?: NodeJS.ProcessEnv;
}

/** What to tell the user, and the file touched (if any). */
export interface FileAgentResult {
  /** Text for stdout: the settings, the file and its content. */
  text: string;
  path: string;
  /** Whether `path` was written. */
  written: boolean;
}

/**
 * Prints (or, with `write`, applies) the configuration that sends an editor agent through the proxy.
 * @example
 * process.stdout.write(configureFileAgent(findAgent("cursor") as FileAgent, { url: "http://127.0.0.1:8787", port: 8787 }).text);
 */
export function configureFileAgent(agent: FileAgent, options: FileAgentOptions): FileAgentResult {
  return agent.name === "cursor" ? cursor(options) : copilot(options);
}

function cursor(o: FileAgentOptions): FileAgentResult {
  const r = installMcp({ client: "cursor", home: o.home, env: o.env, dryRun: !o.write });
  const text = [
    "Cursor keeps its model endpoint in its settings screen, not in a file or the environment:",
    "  Cursor Settings → Models → API Keys → OpenAI API Key: your key",
    `  Override OpenAI Base URL: ${o.url}/v1`,
    `and keep the proxy running:  tokenfold proxy --port ${o.port}`,
    "Cursor sends these requests from its own servers, so they reach a proxy on 127.0.0.1 only through a",
    "public tunnel to it (and then use the proxy's --allow-remote --token).",
    "",
    "What works locally is tokenfold's MCP server (tokenfold_compress, tokenfold_retrieve, tokenfold_stats):",
    `# ${r.path}${o.write ? (r.written ? " (written)" : " (already set; unchanged)") : " (run with --write to add it)"}`,
    r.text.trimEnd(),
    "",
  ].join("\n");
  return { text, path: r.path, written: r.written };
}

/** VS Code's user settings folder, where `chatLanguageModels.json` lives. */
export function vscodeUserDir(home: string = homedir(), env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === "darwin") return join(home, "Library", "Application Support", "Code", "User");
  if (platform === "win32") return join(env.APPDATA || join(home, "AppData", "Roaming"), "Code", "User");
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "Code", "User");
}

function copilot(o: FileAgentOptions): FileAgentResult {
  const path = join(vscodeUserDir(o.home ?? homedir(), o.env ?? process.env), "chatLanguageModels.json");
  const model = o.model ?? "gpt-4.1";
  // A Copilot "Custom Endpoint" provider (VS Code's BYOK); the key is entered in VS Code, never written here.
  const entry = {
    name: "tokenfold",
    vendor: "customendpoint",
    apiType: "chat-completions",
    models: [{ id: model, name: `${model} (tokenfold)`, url: `${o.url}/v1/chat/completions`, toolCalling: true, vision: true, maxInputTokens: 128000, maxOutputTokens: 16000 }],
  };
  let existing: string | undefined;
  try {
    existing = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const { text: content, changed } = upsertNamedEntry(existing, entry, path);
  let written = false;
  if (o.write && changed) {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tokenfold-${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, path);
    written = true;
  }
  const text = [
    "GitHub Copilot in VS Code reaches other endpoints through a Custom Endpoint model provider",
    "(Copilot Chat → model picker → Manage Models → Custom Endpoint), kept in chatLanguageModels.json.",
    `Keep the proxy running:  tokenfold proxy --port ${o.port}`,
    "then pick the tokenfold model in Copilot Chat and enter your provider's API key when VS Code asks.",
    "",
    `# ${path}${o.write ? (written ? " (written)" : " (already set; unchanged)") : " (run with --write to add it)"}`,
    content.trimEnd(),
    "",
  ].join("\n");
  return { text, path, written };
}

/** Replaces the array element with the same `name`, or appends it; a file that is not a JSON array is refused. */
function upsertNamedEntry(existing: string | undefined, entry: { name: string }, path: string): { text: string; changed: boolean } {
  if (existing === undefined || existing.trim() === "") return { text: JSON.stringify([entry], null, 2) + "\n", changed: true };
  let doc: unknown;
  try {
    doc = JSON.parse(existing);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message}); left unchanged`);
  }
  if (!Array.isArray(doc)) throw new Error(`${path}: not a JSON array; left unchanged`);
  const at = doc.findIndex((p) => typeof p === "object" && p !== null && (p as { name?: unknown }).name === entry.name);
  if (at >= 0 && JSON.stringify(doc[at]) === JSON.stringify(entry)) return { text: existing, changed: false };
  const next = at >= 0 ? doc.map((p, i) => (i === at ? entry : p)) : [...doc, entry];
  return { text: JSON.stringify(next, null, 2) + "\n", changed: true };
}
