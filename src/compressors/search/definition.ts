/**
 * Recognises lines that define a symbol (a function, class, type, constant, macro…) across the
 * common languages, and paths that hold tests or docs. A definition of the symbol the question
 * names outranks its call sites; tests and docs rank below both.
 * @module
 */

// Keyword-led declarations: def, class, function, func, fn, struct, interface, type, enum, …
const KEYWORD_DEF =
  /^\s*(?:export\s+)?(?:default\s+)?(?:pub(?:\([^)]*\))?\s+)?(?:(?:async|static|abstract|final|sealed|data|inline|unsafe|extern|private|public|protected|internal|open|override|partial|declare)\s+)*(?:def|class|function\*?|func|fn|fun|struct|interface|trait|enum|union|type|typedef|module|namespace|record|object|impl|mod|protocol|extension|macro_rules!|let|const|var|val)\s+\*?([A-Za-z_$][\w$]*)(?!\s*[\w*]+\s*\()/;
// Rust statics: `static NAME: T`, `pub static mut NAME: T`.
const RUST_STATIC = /^\s*(?:pub(?:\([^)]*\))?\s+)?static\s+(?:mut\s+)?([A-Za-z_]\w*)\s*:/;
// Go methods: func (r *T) Name(
const GO_METHOD = /^\s*func\s*\([^)]*\)\s*([A-Za-z_]\w*)\s*[([]/;
// C preprocessor macros.
const C_DEFINE = /^\s*#\s*define\s+([A-Za-z_]\w*)/;
// Java / C# / C++ members with modifiers: `public static <T> T name(`, `private final Foo name =`.
const MODIFIED_MEMBER =
  /^\s*(?:@\w+\s+)*(?:(?:public|private|protected|static|final|abstract|synchronized|native|default|virtual|override|inline|extern|const|unsafe|async|internal|sealed|partial|strictfp|transient|volatile|readonly)\s+)+(?:<[^>]*>\s*)?(?:[\w$.<>[\],?]+\s+)*?([A-Za-z_$][\w$]*)\s*[(=;]/;
// C / C++ function definitions at column 0: `static int name(args` without a closing `;`.
const C_FUNCTION = /^(?:[A-Za-z_]\w*(?:\s*\*+\s*|\s+))+([A-Za-z_]\w*)\s*\([^;]*$/;
// JS / TS class methods and interface signatures: `  async load(x) {`, `  count(text: string): number;`.
const METHOD = /^\s*(?:(?:public|private|protected|static|async|readonly|get|set|override|abstract)\s+)*\*?([A-Za-z_$][\w$]*)\??\s*(?:<[^>]*>)?\s*\([^)]*\)\s*(?::\s*[^={};]+)?(?:\{\s*(?:\}\s*)?|(?<=\)\s*:\s*[^={};]+);)$/;
// SQL schema objects.
const SQL_CREATE = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW|FUNCTION|PROCEDURE|INDEX|TYPE|TRIGGER|SEQUENCE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:[\w"]+\.)?"?([A-Za-z_]\w*)/i;
// Module-level assignments: `NAME = …`, `export const name = …`, `name: Type = …`.
const ASSIGNMENT = /^(?:export\s+)?(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*(?::[^=]{1,80})?=(?![=>])/;

const NOT_NAMES = new Set(["if", "for", "while", "switch", "return", "else", "new", "case", "catch", "do", "try", "throw", "sizeof", "await", "yield", "in", "of", "is", "not", "and", "or", "function", "with", "elif", "until", "unless", "foreach", "match", "loop", "defer", "go", "select", "typeof", "delete", "void"]);

/**
 * The name a line of code defines, or undefined when it defines nothing.
 * @example definedName("public static <T> T defaultIfNull(final T o, final T d) {") // "defaultIfNull"
 * @example definedName("DEFAULT_TIMEOUT_CONFIG = Timeout(timeout=5.0)") // "DEFAULT_TIMEOUT_CONFIG"
 */
export function definedName(code: string): string | undefined {
  if (code.length > 2000) code = code.slice(0, 2000);
  for (const re of [KEYWORD_DEF, RUST_STATIC, GO_METHOD, C_DEFINE, MODIFIED_MEMBER, C_FUNCTION, METHOD, SQL_CREATE, ASSIGNMENT]) {
    const m = re.exec(code);
    if (m && !NOT_NAMES.has(m[1]!)) return m[1];
  }
  return undefined;
}

/**
 * The lower-cased words of an identifier: `DEFAULT_TIMEOUT_CONFIG` → default, timeout, config;
 * `defaultIfNull` → default, if, null.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

// Directory or file-name parts that mark tests, fixtures, docs and examples.
const TEST_PART = /(?:^|[\\/._-])(?:tests?|specs?|__tests__|__snapshots__|__mocks__|testing|testdata|test_?utils|fixtures?|mocks?|e2e|conftest)(?:[\\/._-]|$)/i;
const DOC_PART = /(?:^|[\\/._-])(?:docs?|documentation|examples?|samples?|demos?|benches|benchmarks?|changelogs?|changes|news)(?:[\\/._-]|$)|\.(?:md|markdown|rst|adoc|txt|html?)$/i;

/** True for paths of tests, specs, fixtures and snapshots. */
export function isTestPath(path: string): boolean {
  return TEST_PART.test(path);
}

/** True for paths of docs, examples, changelogs and prose files. */
export function isDocPath(path: string): boolean {
  return DOC_PART.test(path);
}

/** True for a comment line (`//`, `#`, `/*`, ` * `, `--`, `;`) — doc comments rank like docs. */
export function isCommentLine(code: string): boolean {
  return /^\s*(?:\/\/|\/\*|\*(?:\s|$)|#(?!\s*(?:define|include|if|ifdef|ifndef|endif|else|elif|undef|pragma)\b)|--\s|;)/.test(code);
}
