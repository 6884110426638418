/**
 * Puts one server entry into a JSON config file's `mcpServers` object (Claude Code's `~/.claude.json`,
 * Cursor's `~/.cursor/mcp.json`), keeping every other key as it was.
 * @module
 */
import { isDeepStrictEqual } from "node:util";

/** What {@link upsertJsonServer} decided. */
export interface ConfigEdit {
  /** The file's new text (the old text when nothing changes). */
  text: string;
  /** Whether the text differs from the file's. */
  changed: boolean;
}

/**
 * Sets `mcpServers[name] = entry` in a JSON config. An entry that is already equal leaves the text
 * byte-identical; otherwise the document is re-serialised with the file's own indentation and
 * final newline. A file that is not a JSON object is refused (thrown), never overwritten.
 * @param existing - the file's text, or undefined when there is no file
 * @example
 * upsertJsonServer('{"theme":"dark"}', "tokenfold", { command: "node", args: ["tf.js", "mcp"] }).text;
 * // '{\n  "theme": "dark",\n  "mcpServers": {\n    "tokenfold": { … }\n  }\n}\n'
 */
export function upsertJsonServer(existing: string | undefined, name: string, entry: Record<string, unknown>): ConfigEdit {
  if (existing === undefined || existing.trim() === "") {
    return { text: JSON.stringify({ mcpServers: { [name]: entry } }, null, 2) + "\n", changed: true };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(existing);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message}); fix or move the file, then run again`);
  }
  if (!isPlainObject(doc)) throw new Error("not a JSON object; left unchanged");
  const servers = doc.mcpServers ?? {};
  if (!isPlainObject(servers)) throw new Error('its "mcpServers" is not an object; left unchanged');
  if (isDeepStrictEqual(servers[name], entry)) return { text: existing, changed: false };
  const next = { ...doc, mcpServers: { ...servers, [name]: entry } };
  const indent = /\n([ \t]+)"/.exec(existing)?.[1] ?? "  ";
  const text = JSON.stringify(next, null, indent) + (existing.endsWith("\n") ? "\n" : "");
  return { text, changed: text !== existing };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
