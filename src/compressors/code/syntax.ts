/**
 * Small questions asked of tree-sitter nodes: how many parse errors a tree has, where they are,
 * and what a function is called.
 * @module
 */
import type { Node } from "web-tree-sitter";

/** A parse error's span (UTF-16 offsets into the parsed text). */
export interface ErrorSpan {
  start: number;
  end: number;
}

/**
 * The ERROR and MISSING nodes under `root` (outermost only), in source order. Descends only into
 * subtrees that report an error, so a clean tree costs one check.
 * @example errorSpans(tree.rootNode).length === 0 // the text parsed clean
 */
export function errorSpans(root: Node, limit = 1000): ErrorSpan[] {
  const out: ErrorSpan[] = [];
  if (!root.hasError) return out;
  const stack: Node[] = [root];
  while (stack.length > 0 && out.length < limit) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) {
      out.push({ start: n.startIndex, end: n.endIndex });
      continue;
    }
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i]!;
      if (k.hasError || k.isMissing) stack.push(k);
    }
  }
  return out;
}

// Parents a function value sits in that give it its name: `const f = () => {}`, `{ f: function () {} }`.
const NAMING_PARENTS: Record<string, string> = {
  variable_declarator: "name",
  pair: "key",
  assignment_expression: "left",
  public_field_definition: "name",
  field_definition: "property",
  let_declaration: "pattern",
  init_declarator: "declarator",
};

/**
 * The name a function is known by: its own `name`, a C declarator's identifier, or the variable,
 * key or member it is assigned to (`exports.handler = function () {}` → `handler`). `""` when
 * it has none.
 * @example functionName(node) // "make_response"
 */
export function functionName(fn: Node): string {
  const own = fn.childForFieldName("name");
  if (own) return lastSegment(own.text);
  const decl = fn.childForFieldName("declarator");
  if (decl) return declaratorName(decl);
  const parent = fn.parent;
  if (parent) {
    const field = NAMING_PARENTS[parent.type];
    const target = field ? parent.childForFieldName(field) : null;
    if (target && target.id !== fn.id) {
      if (target.type === "member_expression") return target.childForFieldName("property")?.text ?? "";
      return declaratorName(target);
    }
  }
  return "";
}

/** The identifier inside a (possibly nested) C/C++ declarator: `*f(int)` → `f`, `A::b` → `b`. */
function declaratorName(node: Node): string {
  let n: Node | null = node;
  for (let depth = 0; n && depth < 8; depth++) {
    const inner: Node | null = n.childForFieldName("declarator");
    if (!inner) break;
    n = inner;
  }
  if (!n) return "";
  if (/identifier|name$/.test(n.type) || n.type === "identifier") return lastSegment(n.text);
  return "";
}

function lastSegment(s: string): string {
  const m = /([A-Za-z_$~][\w$]*)\s*$/.exec(s);
  return m ? m[1]! : s.trim();
}
