/**
 * The languages the code compressor knows, and the few facts about each grammar it needs: which
 * nodes are functions with an elidable body, which nodes hold a list of statements (so runs of
 * them can be replaced by one comment), and how a comment is written. Node type names are those of
 * the `@repomix/tree-sitter-wasms` 0.1.17 grammars.
 * @module
 */

/** A language id; also the grammar's file stem (`tree-sitter-<id>.wasm`). */
export type LangId = "python" | "javascript" | "typescript" | "tsx" | "go" | "rust" | "java" | "c" | "cpp";

/** Every language, in a fixed order (ties in detection resolve by this order). */
export const LANG_IDS: readonly LangId[] = ["python", "javascript", "typescript", "tsx", "go", "rust", "java", "c", "cpp"];

/** What the compressor needs to know about one grammar. */
export interface LangSpec {
  id: LangId;
  /** Function-like nodes whose `body` field may be replaced by a placeholder. */
  functions: ReadonlySet<string>;
  /** Body node types that are statement blocks (an arrow function's expression body is not). */
  bodies: ReadonlySet<string>;
  /** Nodes whose named children are statements, members or `case` branches (runs of them can be elided). */
  containers: ReadonlySet<string>;
  /** Nodes that wrap a function without adding a body: decorators, `export`, `template<…>`. */
  wrappers: ReadonlySet<string>;
  /** Siblings that belong to the next function: attributes, annotations, decorators. */
  attachments: ReadonlySet<string>;
  /** `python`: bodies become `...  # marker`; `c`: bodies become a block holding one comment. */
  style: "python" | "c";
}

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const JS_FUNCTIONS = set("function_declaration generator_function_declaration function_expression function generator_function arrow_function method_definition");
const JS_CONTAINERS = set("program statement_block switch_body switch_case switch_default class_body");
const JS_WRAPPERS = set("export_statement");

/** The grammar facts of every language. */
export const LANGS: Readonly<Record<LangId, LangSpec>> = {
  python: {
    id: "python",
    functions: set("function_definition"),
    bodies: set("block"),
    containers: set("module block"),
    wrappers: set("decorated_definition"),
    attachments: set(""),
    style: "python",
  },
  javascript: { id: "javascript", functions: JS_FUNCTIONS, bodies: set("statement_block"), containers: JS_CONTAINERS, wrappers: JS_WRAPPERS, attachments: set("decorator"), style: "c" },
  typescript: { id: "typescript", functions: JS_FUNCTIONS, bodies: set("statement_block"), containers: JS_CONTAINERS, wrappers: JS_WRAPPERS, attachments: set("decorator"), style: "c" },
  tsx: { id: "tsx", functions: JS_FUNCTIONS, bodies: set("statement_block"), containers: JS_CONTAINERS, wrappers: JS_WRAPPERS, attachments: set("decorator"), style: "c" },
  go: {
    id: "go",
    functions: set("function_declaration method_declaration func_literal"),
    bodies: set("block"),
    containers: set("source_file statement_list expression_switch_statement type_switch_statement select_statement"),
    wrappers: set(""),
    attachments: set(""),
    style: "c",
  },
  rust: {
    id: "rust",
    functions: set("function_item closure_expression"),
    bodies: set("block"),
    containers: set("source_file block declaration_list match_block"),
    wrappers: set(""),
    attachments: set("attribute_item"),
    style: "c",
  },
  java: {
    id: "java",
    functions: set("method_declaration constructor_declaration compact_constructor_declaration lambda_expression"),
    bodies: set("block constructor_body"),
    containers: set("program block constructor_body class_body interface_body enum_body_declarations switch_block switch_block_statement_group"),
    wrappers: set(""),
    attachments: set(""),
    style: "c",
  },
  c: {
    id: "c",
    functions: set("function_definition"),
    bodies: set("compound_statement"),
    containers: set("translation_unit compound_statement case_statement"),
    wrappers: set(""),
    attachments: set(""),
    style: "c",
  },
  cpp: {
    id: "cpp",
    functions: set("function_definition lambda_expression"),
    bodies: set("compound_statement"),
    containers: set("translation_unit compound_statement case_statement declaration_list field_declaration_list"),
    wrappers: set("template_declaration"),
    attachments: set(""),
    style: "c",
  },
};

/** Field names of container children that are headers, not statements (`case 1:`'s `1`). */
export const HEADER_FIELDS: ReadonlySet<string> = new Set(["value", "label", "pattern", "condition", "name"]);

/** Child node types that are headers inside a container (`case 1:` in Java). */
export const HEADER_TYPES: ReadonlySet<string> = new Set(["switch_label", "access_specifier"]);

/** Node types that are comments, in every grammar. */
export function isComment(type: string): boolean {
  return type === "comment" || type === "line_comment" || type === "block_comment";
}
