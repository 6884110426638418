/**
 * Is this text source code, and in which language? From the file name's extension when one is
 * given, else from the content. Content-only detection is deliberately conservative: JSON, logs,
 * prose, diffs and grep output have some code-looking lines, so code needs many lines that look
 * like statements or declarations, few that read like sentences, and several kinds of signal.
 * Cheap: looks at most at the first {@link SAMPLE_CHARS} characters.
 * @module
 */
import type { LangId } from "./languages.js";

/** How much of the text detection reads. */
export const SAMPLE_CHARS = 16 * 1024;

const EXTENSIONS: Record<string, LangId> = {
  py: "python", pyi: "python", pyw: "python",
  js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript",
  ts: "typescript", mts: "typescript", cts: "typescript",
  tsx: "tsx",
  go: "go",
  rs: "rust",
  java: "java",
  c: "c", h: "c",
  cc: "cpp", cpp: "cpp", cxx: "cpp", "c++": "cpp", hpp: "cpp", hh: "cpp", hxx: "cpp", ipp: "cpp", inl: "cpp",
};

/** The language a file name's extension names, or `undefined`. */
export function languageFromFileName(fileName: string | undefined): LangId | undefined {
  if (!fileName) return undefined;
  const base = fileName.slice(Math.max(fileName.lastIndexOf("/"), fileName.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return undefined;
  return EXTENSIONS[base.slice(dot + 1).toLowerCase()];
}

// Per-language line signals: [pattern, weight]. Weights favour lines that only one language writes.
const SIGNALS: Record<LangId, Array<[RegExp, number]>> = {
  python: [
    [/^\s*def \w+\s*\(.*\)\s*(->\s*[^:]+)?:\s*(#.*)?$/, 3],
    [/^\s*(async\s+)?def \w+\s*\(/, 2],
    [/^\s*class \w+(\(.*\))?:\s*$/, 3],
    [/^(from [\w.]+ import [\w*(]|import [\w.]+(\s+as\s+\w+)?\s*$)/, 2],
    [/\bself\.\w+/, 1],
    [/^\s*(elif .*|else|try|finally|except.*):\s*$/, 2],
    [/^\s*@\w[\w.]*(\(.*\))?\s*$/, 1],
    [/^\s*(if|for|while|with) .*:\s*$/, 1],
  ],
  go: [
    [/^package \w+\s*$/, 4],
    [/^func (\(\w+ \*?\w+(\[.*\])?\) )?\w+/, 4],
    [/\w+ := /, 1],
    [/^import \($/, 2],
    [/^\s*(if|for) .*\{$/, 0.5],
    [/\berr != nil\b/, 2],
  ],
  rust: [
    [/^\s*(pub(\([\w:]+\))? )?(async )?(unsafe )?(const )?fn \w+/, 4],
    [/\blet mut\b/, 3],
    [/^\s*impl\b/, 3],
    [/^\s*use [\w:]+(::\{|::\w+|;)/, 2],
    [/&(mut )?self\b/, 2],
    [/^\s*#!?\[\w+/, 1],
    [/^\s*pub(\(\w+\))? (struct|enum|trait|mod|type) \w+/, 3],
    [/\bOption<|\bResult<|\bVec</, 1],
  ],
  java: [
    [/^package [\w.]+;\s*$/, 4],
    [/^import (static )?[\w.]+(\.\*)?;\s*$/, 2],
    [/\b(public|private|protected)( static)?( final)? (class|interface|enum|record) \w+/, 4],
    [/^\s*(public|private|protected) (static )?(final )?[\w<>[\], ]+ \w+\s*\(/, 2],
    [/^\s*@(Override|Deprecated|SuppressWarnings|Test)\b/, 2],
    [/\bnew [A-Z]\w*(<.*>)?\(/, 0.5],
  ],
  c: [
    [/^\s*#\s*(include|define|ifdef|ifndef|endif|if|pragma)\b/, 3],
    [/^(static |extern |inline )*(const )?(unsigned |signed )?(void|int|char|long|short|float|double|size_t|bool|struct \w+)\s*\*?\s*\w+\s*\(/, 3],
    [/^\s*(typedef )?struct \w*\s*\{?\s*$/, 2],
    [/\bNULL\b|->\w+/, 1],
  ],
  cpp: [
    [/^\s*#\s*include\b/, 2],
    [/\bstd::\w+/, 3],
    [/^\s*template\s*</, 4],
    [/^\s*namespace \w+/, 4],
    [/^\s*class \w+( final)?\s*(:\s*(public|private|protected) \w+)?\s*\{?\s*$/, 3],
    [/\w+::\w+\s*\(/, 1],
    [/\bnullptr\b|\bconstexpr\b|\bauto\b/, 2],
    [/^\s*(public|private|protected):\s*$/, 3],
  ],
  typescript: [
    [/^\s*(export )?(declare )?interface \w+/, 4],
    [/^\s*(export )?type \w+(<.*>)? = /, 4],
    [/:\s*(string|number|boolean|void|unknown|any|never)\b/, 3],
    [/^import type /, 4],
    [/\bas const\b|\bas \w+(\[\])?\)/, 1],
    [/\b(private|public|protected|readonly) \w+\s*[:(]/, 2],
    [/\w!\./, 1],
  ],
  tsx: [],
  javascript: [
    [/^\s*(export )?(default )?(async )?function\*? ?\w*\s*\(/, 3],
    [/\b(const|let|var) \w+ = require\(/, 3],
    [/^\s*(const|let|var) [\w{[]/, 1],
    [/=>\s*\{?\s*$/, 1],
    [/\bmodule\.exports\b|\bexports\.\w+ =/, 3],
    [/^import .* from ['"]/, 2],
    [/^export (default|const|function|class|\{)/, 2],
    [/\b(this\.\w+|===|!==)/, 1],
  ],
};

// A JSX element: a closing tag, or an opening tag with an attribute or self-closing, not after an
// identifier (`Array<T>` and `f<T>()` are TypeScript generics).
const JSX_TAG = /<\/[A-Za-z][\w.]*>|(?:^|[\s(={?:,>&|])<[A-Za-z][\w.]*(?:\s+[\w-]+=|\s*\/>)/;

// Lines that say "not code": grep hits, diff headers, log timestamps, sentences.
const GREP_LINE = /^[\w./\\-]+:\d+[:-]/;
const DIFF_LINE = /^(diff --git |@@ -\d+|\+\+\+ |--- a\/|index [0-9a-f]+\.\.)/;
const JSON_LINE = /^\s*"[^"\n]{1,200}"\s*:\s*\S/;
const NUMBERED_LINE = /^\s*\d+[:-](?:\s|$)/;
const LOG_LINE = /^\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d|^\[?\d\d:\d\d:\d\d|^(INFO|WARN|ERROR|DEBUG|TRACE)\b|^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d/;
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*|#(?!include|define|if|endif|pragma|\[|!\[)|--|"""|''')/;
const CODE_END = /[{};)(,\]:]\s*$|^\s*[}\])]/;
const KEYWORD_START = /^\s*(def|class|import|from|return|if|elif|else|for|while|switch|case|try|except|catch|finally|func|fn|let|const|var|pub|use|impl|struct|enum|trait|type|interface|export|function|async|await|static|public|private|protected|package|#include|#define|template|namespace|void|int|char|throw|raise|yield|with|match|mod|go|defer|select|assert|new|delete|do|break|continue|final|override|@\w+)\b/;
const PROSE_LINE = /^\s*[A-Z"'(][a-z]+(\s+[\w'’,;()-]+){5,}[.!?:]?\s*$/;

/** What content detection concluded. */
export interface LanguageGuess {
  /** Best language, or `undefined` when the text does not look like code. */
  lang: LangId | undefined;
  /** 0..1: how sure the text is code of that language. */
  confidence: number;
  /** Languages by decreasing score (at least one when `lang` is set): alternatives to try. */
  ranked: LangId[];
}

/**
 * Guesses whether a text is source code and its language. With a known file extension the answer
 * is that language at confidence 0.9; otherwise lines are sampled and scored.
 * @example guessLanguage("package main\n\nfunc main() {\n}\n").lang // "go" (confidence low: too few lines)
 */
export function guessLanguage(text: string, fileName?: string): LanguageGuess {
  const byName = languageFromFileName(fileName);
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const scored = scoreLanguages(sample);
  if (byName) return { lang: byName, confidence: 0.9, ranked: [byName, ...scored.ranked.filter((l) => l !== byName)] };
  return scored;
}

/** Line counts of a sample that decide whether it is code. */
export interface SampleStats {
  /** Evidence per language (weighted signal matches). */
  score: Record<LangId, number>;
  /** Lines where each language found at least one signal. */
  signalLines: Record<LangId, number>;
  nonBlank: number;
  comments: number;
  /** Lines ending like a statement or opening/closing a block. */
  codeish: number;
  /** Lines starting with a keyword. */
  keyword: number;
  /** Lines that read like sentences. */
  prose: number;
  /** Lines of other kinds: grep hits, diff headers, log stamps, numbered lines. */
  foreign: number;
  /** Lines that start with a quoted key (`"name": …`): a few in code (dict literals), most in JSON. */
  jsonKeys: number;
  jsx: number;
  longLines: number;
  shebang: LangId | undefined;
}

const ALL: readonly LangId[] = ["python", "javascript", "typescript", "tsx", "go", "rust", "java", "c", "cpp"];
const zero = () => Object.fromEntries(ALL.map((l) => [l, 0])) as Record<LangId, number>;

/** Counts what {@link guessLanguage} weighs, over whole lines of a sample. */
export function sampleStats(sample: string): SampleStats {
  const lines = sample.split("\n");
  if (lines.length > 1 && sample.length === SAMPLE_CHARS) lines.pop(); // cut mid-line
  const st: SampleStats = { score: zero(), signalLines: zero(), nonBlank: 0, comments: 0, codeish: 0, keyword: 0, prose: 0, foreign: 0, jsonKeys: 0, jsx: 0, longLines: 0, shebang: undefined };
  const first = lines[0] ?? "";
  if (/^#!.*\bpython/.test(first)) st.shebang = "python";
  else if (/^#!.*\b(node|deno|bun)\b/.test(first)) st.shebang = "javascript";
  // Inside a docstring or a block comment: lines there are prose by design, counted as comments.
  let inDoc: '"""' | "'''" | "*/" | undefined;
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    st.nonBlank++;
    if (line.length > 400) st.longLines++;
    if (inDoc) {
      st.comments++;
      if (line.includes(inDoc)) inDoc = undefined;
      continue;
    }
    if (GREP_LINE.test(line) || DIFF_LINE.test(line) || LOG_LINE.test(line) || NUMBERED_LINE.test(line)) st.foreign++;
    if (JSON_LINE.test(line)) st.jsonKeys++;
    for (const q of ['"""', "'''"] as const) if (line.split(q).length === 2) inDoc = q; // one opening quote: the string goes on
    if (!inDoc && /^\s*\/\*/.test(line) && !line.includes("*/")) inDoc = "*/";
    if (COMMENT_LINE.test(line)) {
      st.comments++;
      continue;
    }
    if (CODE_END.test(line)) st.codeish++;
    if (KEYWORD_START.test(line)) st.keyword++;
    if (PROSE_LINE.test(line) && !/[{};=]|\w\(/.test(line)) st.prose++;
    if (JSX_TAG.test(line)) st.jsx++;
    for (const id of ALL) {
      let hit = false;
      for (const [re, w] of SIGNALS[id]) {
        if (re.test(line)) {
          st.score[id] += w;
          hit = true;
        }
      }
      if (hit) st.signalLines[id]++;
    }
  }
  return st;
}

function scoreLanguages(sample: string): LanguageGuess {
  const st = sampleStats(sample);
  const score = { ...st.score };
  // TypeScript is a superset of JavaScript: its score includes the JavaScript evidence.
  score.typescript += score.typescript > 0 ? score.javascript : 0;
  if (st.jsx >= 2) {
    score.tsx = score.typescript > score.javascript ? score.typescript + st.jsx : 0;
    if (score.tsx === 0) score.javascript += st.jsx; // tree-sitter-javascript parses JSX
  }
  // C++ is mostly a superset of C.
  if (score.cpp > 0 && score.c > 0) score.cpp += score.c / 2;
  if (st.shebang) score[st.shebang] += 10;
  const ranked = ALL.filter((l) => score[l] > 0).sort((a, b) => score[b] - score[a] || order(a) - order(b));
  const best = ranked[0];
  const code = st.nonBlank - st.comments;
  if (!best || code <= 0) return { lang: undefined, confidence: 0, ranked };
  // Conservative: many code-shaped lines, many keyword lines, language signals spread over the
  // sample, little prose, almost no lines of other kinds.
  const codeRatio = (st.codeish + st.keyword) / (2 * code);
  // Supersets count their base language's lines too (TypeScript: JavaScript's; C++: C's).
  const base = best === "typescript" || best === "tsx" ? st.signalLines.javascript : best === "cpp" ? st.signalLines.c : 0;
  const signalLines = st.signalLines[best === "tsx" ? "typescript" : best] + base;
  const enough =
    code >= 8 && score[best] >= 6 && codeRatio >= 0.35 && st.keyword / code >= 0.12 && signalLines >= Math.max(3, code * 0.03) &&
    st.prose / code < 0.25 && st.foreign / st.nonBlank < 0.05 && st.jsonKeys / st.nonBlank < 0.25 && st.longLines / st.nonBlank < 0.5;
  if (!enough) return { lang: best, confidence: 0, ranked };
  const strength = Math.min(1, score[best] / (code * 0.6));
  const confidence = Math.min(0.85, 0.55 + 0.15 * strength + 0.15 * Math.min(1, codeRatio));
  return { lang: best, confidence, ranked };
}

const order = (l: LangId) => ["python", "javascript", "typescript", "tsx", "go", "rust", "java", "c", "cpp"].indexOf(l);

const MARKUP_START = /^\s*(?:<!DOCTYPE\s|<html[\s>]|<\?xml\s)/i;
// Extensions that name something other than source code: the content router's other kinds.
const NOT_CODE = /\.(json|jsonl|ndjson|log|txt|md|markdown|rst|diff|patch|html?|xml|csv|tsv|ya?ml|toml|ini)$/i;

/**
 * The router's confidence that a text is code (0..1). A recognised extension gives 0.9 (unless the
 * text is empty or binary-looking); otherwise content decides, and stays at 0 when unsure.
 * @example detectCode("{\"a\": 1}") // 0
 */
export function detectCode(text: string, fileName?: string): number {
  if (text.length === 0 || looksBinary(text)) return 0;
  if (fileName && NOT_CODE.test(fileName)) return 0;
  if (!fileName && MARKUP_START.test(text.slice(0, 512))) return 0; // an HTML or XML page with scripts in it
  return guessLanguage(text, fileName).confidence;
}

/** True when the start of the text has many control characters (a binary file read as text). */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad > n * 0.02 + 2;
}
