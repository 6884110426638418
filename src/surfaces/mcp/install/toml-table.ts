/**
 * Replaces (or appends) one table in a TOML file as text, leaving every other byte as it was:
 * Codex's `~/.codex/config.toml` holds the user's own settings and comments, which a parse and
 * re-serialise would lose. Only table headers are recognised; strings, comments and multi-line
 * arrays are skipped over so that a `[` inside them is never taken for a header.
 * @module
 */
import type { ConfigEdit } from "./json-config.js";

/** A `[table]` or `[[array]]` header found in a TOML text. */
interface Header {
  /** 0-based line index. */
  line: number;
  /** Its dotted key, unquoted: `[mcp_servers."tokenfold"]` → ["mcp_servers", "tokenfold"]. */
  path: string[];
  array: boolean;
}

/**
 * Sets the table `path` to exactly `body` (lines of `key = value`), replacing the table (and its
 * sub-tables) when present, appending it otherwise. Same input → same output; a second run with
 * the same body changes nothing. Throws when the key is also defined another way (a dotted key or
 * an inline table), since either edit would leave a file the client refuses.
 * @param existing - the file's text, or undefined when there is no file
 * @param path - the table's key, e.g. ["mcp_servers", "tokenfold"]
 * @param body - the table's lines, without the header
 * @example
 * upsertTomlTable('model = "o3"\n', ["mcp_servers", "tokenfold"], ['command = "node"']).text;
 * // 'model = "o3"\n\n[mcp_servers.tokenfold]\ncommand = "node"\n'
 */
export function upsertTomlTable(existing: string | undefined, path: string[], body: string[]): ConfigEdit {
  const text = existing ?? "";
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const block = [`[${path.map(tomlKey).join(".")}]`, ...body];
  const lines = text.split("\n");
  const headers = scanHeaders(lines);
  assertNoOtherDefinition(lines, headers, path);

  // Our table and its sub-tables: from each such header to the next header that is not ours,
  // minus trailing blank and comment lines (those introduce whatever follows).
  const ours = (h: Header) => !h.array && startsWith(h.path, path);
  const regions: Array<[number, number]> = [];
  headers.forEach((h, i) => {
    if (!ours(h)) return;
    let end = i + 1 < headers.length ? headers[i + 1]!.line : lines.length;
    while (end > h.line + 1 && /^\s*(#.*)?\r?$/.test(lines[end - 1]!)) end--;
    regions.push([h.line, end]);
  });

  if (regions.length === 0) {
    if (text === "") return { text: block.join(eol) + eol, changed: true };
    // one blank line between the file's last line and our table
    const sep = !text.endsWith("\n") ? eol + eol : /\n\r?\n$/.test(text) ? "" : eol;
    return { text: text + sep + block.join(eol) + eol, changed: true };
  }
  const out: string[] = [];
  let at = 0;
  regions.forEach(([start, end], k) => {
    const gap = lines.slice(at, start);
    // blank lines between two of our own tables go with them
    if (k === 0 || gap.some((l) => !/^\s*\r?$/.test(l))) out.push(...gap);
    if (k === 0) out.push(...block.map((l) => l + (eol === "\r\n" ? "\r" : "")));
    at = end;
  });
  out.push(...lines.slice(at));
  const result = out.join("\n");
  return { text: result, changed: result !== text };
}

/** Finds the table headers, skipping strings, comments and values that span lines. */
function scanHeaders(lines: string[]): Header[] {
  const headers: Header[] = [];
  let multi: '"""' | "'''" | null = null;
  let depth = 0;
  lines.forEach((line, index) => {
    let i = 0;
    if (multi) {
      const close = line.indexOf(multi);
      if (close < 0) return;
      i = close + 3;
      multi = null;
    } else if (depth === 0 && /^\s*\[/.test(line)) {
      const h = parseHeader(line);
      if (h) headers.push({ line: index, ...h });
      return;
    }
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (c === "#") break;
      if (c === '"' || c === "'") {
        const triple = line.startsWith(c.repeat(3), i);
        if (triple) {
          const close = line.indexOf(c.repeat(3), i + 3);
          if (close < 0) {
            multi = c.repeat(3) as '"""' | "'''";
            break;
          }
          i = close + 2;
        } else {
          i = endOfString(line, i);
        }
      } else if (c === "[" || c === "{") depth++;
      else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
    }
  });
  return headers;
}

/** `[a.b]` or `[[a.b]]` (with an optional trailing comment) → its key path. */
function parseHeader(line: string): Omit<Header, "line"> | undefined {
  const m = /^\s*(\[\[?)(.*)$/.exec(line.replace(/\r$/, ""));
  if (!m) return undefined;
  const array = m[1] === "[[";
  const rest = m[2]!;
  const path: string[] = [];
  let i = 0;
  let key = "";
  for (; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '"' || c === "'") {
      const end = endOfString(rest, i);
      const raw = rest.slice(i, end + 1);
      key += c === '"' ? safeJson(raw) : raw.slice(1, -1);
      i = end;
    } else if (c === ".") {
      path.push(key.trim());
      key = "";
    } else if (c === "]") break;
    else key += c;
  }
  path.push(key.trim());
  return path.every((p) => p !== "") ? { path, array } : undefined;
}

/** Index of the quote that closes the one-line string opening at `start`. */
function endOfString(line: string, start: number): number {
  const q = line[start]!;
  for (let i = start + 1; i < line.length; i++) {
    if (q === '"' && line[i] === "\\") i++;
    else if (line[i] === q) return i;
  }
  return line.length - 1;
}

function safeJson(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** Refuses a file that defines the same key outside a `[table]` header (a dotted key or inline table). */
function assertNoOtherDefinition(lines: string[], headers: Header[], path: string[]): void {
  const parent = path.slice(0, -1);
  const leaf = path.at(-1)!;
  const firstHeader = headers[0]?.line ?? lines.length;
  const keyRe = (parts: string[]) => new RegExp(`^\\s*${parts.map((p) => `(?:${escapeRe(p)}|"${escapeRe(p)}")`).join("\\s*\\.\\s*")}\\s*[.=]`);
  // at the root: `mcp_servers.tokenfold… =` or `mcp_servers = { … }`
  for (let i = 0; i < firstHeader; i++) {
    if (keyRe(path).test(lines[i]!) || (parent.length > 0 && keyRe(parent).test(lines[i]!) && /=\s*\{/.test(lines[i]!))) {
      throw new Error(`line ${i + 1} already defines ${path.join(".")} outside a [${path.join(".")}] table; edit it by hand`);
    }
  }
  // inside the parent table: `tokenfold = { … }` or `tokenfold.command = …`
  headers.forEach((h, k) => {
    if (h.array || h.path.join("\u0000") !== parent.join("\u0000")) return;
    const end = headers[k + 1]?.line ?? lines.length;
    for (let i = h.line + 1; i < end; i++) {
      if (keyRe([leaf]).test(lines[i]!)) throw new Error(`line ${i + 1} already defines ${path.join(".")} inside [${parent.join(".")}]; edit it by hand`);
    }
  });
}

function startsWith(a: string[], prefix: string[]): boolean {
  return prefix.length <= a.length && prefix.every((p, i) => a[i] === p);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A bare key when it can be one, else a quoted key. */
function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : tomlString(k);
}

/**
 * A TOML basic string: quotes, backslashes and control characters escaped.
 * @example
 * tomlString('C:\\node.exe'); // '"C:\\\\node.exe"'
 */
export function tomlString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => (c === "\\" ? "\\\\" : c === '"' ? '\\"' : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))}"`;
}
