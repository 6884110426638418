/**
 * Which functions a question names: by an identifier (`make_response`, `Context.ClientIP`), by a
 * plain word (`abbreviate`), by all the words of a compound name (`isTrustedProxy` ← "trusted
 * proxy"), or as the constructor of a type it names (`Builder` → `Builder::new`, `__init__`,
 * `constructor`), since constructors hold a type's defaults.
 * @module
 */
import type { Node } from "web-tree-sitter";
import type { ParsedQuery } from "../../core/query.js";

/** The names a query gives. */
export interface QueryNames {
  /** Identifiers and their dotted, `::`, `#` or `/` parts, exactly. */
  exact: Set<string>;
  /** The query's words (lower-case). */
  words: Set<string>;
}

/** Collects the names a query gives. */
export function queryNames(query: ParsedQuery): QueryNames {
  const exact = new Set<string>();
  for (const id of query.identifiers) {
    exact.add(id);
    for (const part of id.split(/::|[.#/\\:\s]+/)) if (part.length >= 2) exact.add(part.replace(/\(.*$/, ""));
  }
  return { exact, words: new Set(query.words) };
}

/**
 * Lower-case parts of a camelCase, PascalCase or snake_case name.
 * @example nameParts("isTrustedProxy") // ["is", "trusted", "proxy"]
 * @example nameParts("HTTPServer_v2") // ["http", "server", "v2"]
 */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_$-]+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase());
}

/** A word of the query matches a name part: equal, or a prefix of it when 4+ letters (`thread` → `threads`). */
function partMatches(part: string, words: Set<string>): boolean {
  if (words.has(part)) return true;
  for (const w of words) if (w.length >= 4 && part.startsWith(w)) return true;
  return false;
}

/** True when the query names `name` exactly, as a word, or by all its (3+ letter) parts. */
export function isNamed(name: string, names: QueryNames): boolean {
  if (name.length < 2) return false;
  // `_tunnel` and `__len__` are named by the words "tunnel" and "len".
  const bare = name.replace(/^[_$]+|[_$]+$/g, "");
  if (names.exact.has(name) || names.words.has(name.toLowerCase()) || (bare.length >= 3 && names.words.has(bare.toLowerCase()))) return true;
  const parts = nameParts(name).filter((p) => p.length >= 3);
  return parts.length >= 2 && parts.every((p) => partMatches(p, names.words));
}

/**
 * Marks the functions a rare query word half-names: a 4+ letter part of the name matches a query
 * word (`IsAborted` ← "abort") that few function names in the file share (a word in many names,
 * like "thread" in a thread-pool builder, tells nothing apart).
 * @returns for each name, whether a rare query word hints at it
 */
export function nameHints(fnNames: readonly string[], names: QueryNames): boolean[] {
  const words = [...names.words].filter((w) => w.length >= 4);
  const hitsByName = fnNames.map((name) => {
    const parts = nameParts(name).filter((p) => p.length >= 4);
    return words.filter((w) => parts.some((p) => p === w || p.startsWith(w)));
  });
  const count = new Map<string, number>();
  for (const ws of hitsByName) for (const w of ws) count.set(w, (count.get(w) ?? 0) + 1);
  const rare = Math.max(2, fnNames.length * 0.05);
  return hitsByName.map((ws) => ws.some((w) => count.get(w)! <= rare));
}

// Nodes that declare a type whose methods a function may be.
const TYPE_NODES = new Set([
  "class_definition", "class_declaration", "abstract_class_declaration", "class", "interface_declaration",
  "record_declaration", "enum_declaration", "class_specifier", "struct_specifier", "impl_item", "trait_item",
]);

/** The name of the type a function is a method of (`""` for free functions). */
export function ownerType(fn: Node): string {
  // Go: the receiver's type.
  const receiver = fn.childForFieldName("receiver");
  if (receiver) return /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\)\s*$/.exec(receiver.text)?.[1] ?? "";
  // C++: `Running::quantiles` defined outside the class.
  const decl = fn.childForFieldName("declarator")?.childForFieldName("declarator");
  if (decl?.type === "qualified_identifier") return decl.childForFieldName("scope")?.text ?? "";
  for (let n = fn.parent, depth = 0; n && depth < 6; n = n.parent, depth++) {
    if (!TYPE_NODES.has(n.type)) continue;
    const name = n.childForFieldName("name") ?? n.childForFieldName("type");
    return name ? (/([A-Za-z_]\w*)/.exec(name.text)?.[1] ?? "") : "";
  }
  return "";
}

/** True for a constructor of `type` (or the Go/Rust conventions that play that part). */
export function isConstructor(fn: Node, name: string, type: string): boolean {
  if (fn.type === "constructor_declaration" || fn.type === "compact_constructor_declaration") return true;
  if (name === "__init__" || name === "__post_init__" || name === "constructor") return true;
  if (type !== "" && name === type) return true; // C++
  if (fn.type === "function_item") return name === "new" || name === "default";
  return false;
}

/** Go-style constructor of `type`: `NewBuilder`, `newBuilder`. */
export function isFactoryOf(name: string, type: string): boolean {
  return name === `New${type}` || name === `new${type.charAt(0).toUpperCase()}${type.slice(1)}`;
}
