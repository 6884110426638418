/**
 * Rust macro bodies: the grammar sees `cfg_unstable! { … }` as a token tree, so the functions inside
 * would keep their bodies. Each `{ … }` body that parses as items gets a model of its own.
 * @module
 */
import type { Parser, Tree } from "web-tree-sitter";
import type { ParsedQuery } from "../../core/query.js";
import { buildModel, type CodeModel } from "./model.js";
import { errorSpans } from "./syntax.js";

/** Macro bodies parsed at most, and the text they may mask in all (each parse reads the whole file). */
const MAX_MACROS = 64;
const MAX_MASKED = 32 * 1024 * 1024;

/**
 * Parses each `{ … }` macro body as items, in a copy of the file where everything else is blanked
 * (newlines kept), so its nodes have the file's own offsets and rows. Bodies that do not parse
 * clean stay opaque.
 */
export function parseMacroBodies(model: CodeModel, parser: Parser, text: string, query: ParsedQuery): Tree[] {
  const trees: Tree[] = [];
  let masked = 0;
  for (const tt of model.macroBodies.slice(0, MAX_MACROS)) {
    if ((masked += text.length) > MAX_MASKED) break;
    const a = tt.startIndex + 1;
    const b = tt.endIndex - 1;
    const copy = blank(text.slice(0, a)) + text.slice(a, b) + blank(text.slice(b));
    const t = parser.parse(copy);
    if (!t) continue;
    if (errorSpans(t.rootNode).length > 0) {
      t.delete();
      continue;
    }
    trees.push(t);
    model.subModels.set(tt.id, buildModel(copy, t.rootNode, model.spec, query));
  }
  return trees;
}

const blank = (s: string) => s.replace(/[^\n\r]/g, " ");
