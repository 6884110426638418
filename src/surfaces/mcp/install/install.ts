/** `tokenfold mcp install`: writes a client's config so that it starts `tokenfold mcp`. @module */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname } from "node:path";
import { editMcpConfig, mcpConfigPath, type McpClientName } from "./clients.js";
import { defaultLaunch, type LaunchCommand } from "./launch.js";

/** Options of {@link installMcp}. */
export interface InstallOptions {
  client: McpClientName;
  /** Home directory (default `os.homedir()`, which follows `$HOME`). */
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** Compute the new content but write nothing. */
  dryRun?: boolean;
  /** Override the launch command (default: this Node + this package's bin). */
  launch?: LaunchCommand;
}

/** What {@link installMcp} did. */
export interface InstallResult {
  client: McpClientName;
  path: string;
  /** The file's content after the install (or, with dryRun, what it would be). */
  text: string;
  /** Whether the content differs from the file's. */
  changed: boolean;
  /** Whether the file was written (false on a dry run or when nothing changed). */
  written: boolean;
}

/**
 * Adds (or updates) the tokenfold server in a client's config. Idempotent: a second run finds the
 * same entry and writes nothing. The write is atomic (temp file + rename) and keeps the file's mode;
 * a file that cannot be edited safely is left alone and the reason thrown.
 * @example
 * const r = installMcp({ client: "claude", dryRun: true });
 * console.log(r.path, r.text);
 */
export function installMcp(options: InstallOptions): InstallResult {
  const env = options.env ?? process.env;
  const path = mcpConfigPath(options.client, options.home ?? homedir(), env);
  let existing: string | undefined;
  try {
    existing = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  let edit;
  try {
    edit = editMcpConfig(options.client, existing, options.launch ?? defaultLaunch(env));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  if (options.dryRun || !edit.changed) return { client: options.client, path, text: edit.text, changed: edit.changed, written: false };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tokenfold-${process.pid}.tmp`;
  writeFileSync(tmp, edit.text, { mode: 0o600 });
  if (existing !== undefined) chmodSync(tmp, statSync(path).mode & 0o7777);
  renameSync(tmp, path);
  return { client: options.client, path, text: edit.text, changed: true, written: true };
}
