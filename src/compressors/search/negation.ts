/**
 * What a question says it does *not* want: "which source files (not the .d.ts types) …",
 * "… excluding tests", "without the dist bundles". Paths of an excluded class rank lower (they stay
 * listed when the budget allows); the excluded words and identifiers stop counting as things
 * asked for. Needs the question's raw text: the parsed query has already lost `not` and
 * `without` (stop words).
 *
 * Two strengths of negator:
 * - strong (`excluding`, `except`, `other than`, `ignoring`, `apart from`, …): every content word
 *   of its scope is excluded;
 * - weak (`not`, `without`, `non-`): only what clearly names a kind of path is excluded
 *   (an identifier such as `.d.ts` or `dist/`, a word such as tests, docs, types, dist, vendor,
 *   or a word right before files/folder/directory), so "why does curl not follow redirects" keeps
 *   "follow redirects" as things asked for.
 *
 * A scope runs from the negator to the next clause break (`,` `;` `:` `)` `]` `.` `?` `!` or a
 * clause word such as `but`, `which`, `where`), at most {@link MAX_SCOPE_WORDS} words.
 * @module
 */
import { looksLikeIdentifier, parseQuery, words, type ParsedQuery } from "../../core/query.js";
import { isDocPath, isTestPath } from "./definition.js";

/** Kinds of path a question can exclude by name. */
export type PathClass = "test" | "doc" | "types" | "build" | "vendor";

/** What the question excludes. */
export interface Negation {
  /** Lower-cased excluded words that name no class (matched against path words by stem). */
  words: string[];
  /** Excluded identifiers, matched byte-for-byte at a word boundary (`d.ts` in `a.d.ts`, not in `bad.ts`). */
  identifiers: string[];
  /** Excluded kinds of path. */
  classes: Set<PathClass>;
  /** The question, with the excluded parts and the negators blanked out. */
  positive: string;
}

/** Most words a negator's scope reaches. */
export const MAX_SCOPE_WORDS = 5;

const STRONG = /\b(?:excluding|exclude|except|excepting|ignoring|ignore|besides|skipping|skip|minus|sans|other than|apart from|leaving out|instead of|rather than)\b/gi;
// (`no` is left out: "is there no test for X?" asks for the tests)
const WEAK = /\b(?:not|without|non)\b(?:-(?=[A-Za-z]))?/gi;
// Where a scope ends: punctuation that closes a clause, or a word that starts a new one.
const BREAK = /[,;:)\]!?]|\.(?:\s|$)|\b(?:but|which|that|where|who|whom|what|when|how|why|while|so|because|then|implement\w*|define\w*|declare\w*|contain\w*|live|lives|is|are)\b/i;
// Words right after which the word before names the kind of path: "the whisper files".
const PATH_NOUN = /^(?:files?|folders?|dir|dirs|directory|directories|tree|paths?|ones|modules?|packages?)$/i;

const CLASS_WORDS: Record<string, PathClass> = {};
for (const [cls, list] of [
  ["test", "test tests testing spec specs fixture fixtures mock mocks e2e snapshot snapshots unittest unittests"],
  ["doc", "doc docs documentation readme readmes example examples sample samples demo demos guide guides changelog changelogs markdown md"],
  ["types", "type types typings declaration declarations dts"],
  ["build", "dist build builds built bundle bundles bundled compiled generated minified min map maps sourcemap sourcemaps artifacts artefacts"],
  ["vendor", "vendor vendored node_modules third_party thirdparty deps dependencies"],
] as const) {
  for (const w of list.split(" ")) CLASS_WORDS[w] = cls;
}

/** The class a word names (`tests` → test, `dist` → build), if any. */
export function classOfWord(word: string): PathClass | undefined {
  return Object.hasOwn(CLASS_WORDS, word) ? CLASS_WORDS[word] : undefined;
}

/** The class an identifier names (`.d.ts` → types, `*.test.ts` → test, `dist/` → build), if any. */
function classOfIdentifier(id: string): PathClass | undefined {
  const whole = classOfWord(id.toLowerCase().replace(/[\\/]+$/, ""));
  if (whole) return whole;
  if (/(?:^|\.)d\.[cm]?ts$/i.test(id)) return "types";
  if (/(?:^|[./_-])(?:test|spec)s?(?:[./_-]|$)/i.test(id)) return "test";
  if (/^(?:dist|build|out)\/?$|\.map$|\.min\.[a-z]+$/i.test(id)) return "build";
  for (const w of words(id)) {
    const c = classOfWord(w);
    if (c) return c;
  }
  return undefined;
}

// Paths of each class, beyond what the shared test/doc helpers know.
const TYPES_PATH = /\.d\.[cm]?ts(?:\.map)?$|(?:^|[\\/])(?:types|typings|@types)[\\/]/i;
const BUILD_PATH = /(?:^|[\\/])(?:dist|build|out|target|bundles?|\.next|coverage)[\\/]|\.min\.[A-Za-z]+$|\.map$/i;
const VENDOR_PATH = /(?:^|[\\/])(?:node_modules|vendor|vendored|third[_-]?party|external|deps)[\\/]/i;

/** True when `path` is of class `c`. */
export function pathIsClass(path: string, c: PathClass): boolean {
  switch (c) {
    case "test": return isTestPath(path);
    case "doc": return isDocPath(path);
    case "types": return TYPES_PATH.test(path);
    case "build": return BUILD_PATH.test(path);
    case "vendor": return VENDOR_PATH.test(path);
  }
}

/** True when `id` occurs in `text` with no letter or digit right before it. */
export function hasAtBoundary(text: string, id: string): boolean {
  for (let at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + 1)) {
    const c = at === 0 ? 32 : text.charCodeAt(at - 1);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) return true;
  }
  return false;
}

const TRIM = /^[\s,.;:!?()[\]{}"'`<>*]+|[\s,;:!?()[\]{}"'`<>]+$/g;

/**
 * True for a token that names a kind of path by itself: `.d.ts`, `dist/`, `*.spec.ts`,
 * `__tests__` — not a symbol such as `parseDate` ("not the tests for `parseDate`").
 */
function namesPath(token: string): boolean {
  const t = token.replace(/^[\s,;:!?()[\]{}"'`<>]+|[\s,;:!?()[\]{}"'`<>.]+$/g, "");
  if (t.length === 0) return false;
  if (/^[.*]/.test(t) || /[\\/]/.test(t)) return true;
  const id = t.replace(TRIM, "");
  return looksLikeIdentifier(id) && classOfIdentifier(id) !== undefined;
}

/**
 * Reads the exclusions of a question.
 * @param raw the question as the user wrote it
 * @returns undefined when the question excludes nothing
 * @example negation("which source files (not the .d.ts types) implement the ASR pipeline?")
 * // { identifiers: ["d.ts"], classes: {types}, words: [],
 * //   positive: "which source files (  the    ) implement the ASR pipeline?" }
 */
export function negation(raw: string | undefined): Negation | undefined {
  if (!raw) return undefined;
  const q = raw.slice(0, 4000);
  const marks: Array<{ at: number; end: number; strong: boolean }> = [];
  for (const m of q.matchAll(STRONG)) marks.push({ at: m.index, end: m.index + m[0].length, strong: true });
  for (const m of q.matchAll(WEAK)) marks.push({ at: m.index, end: m.index + m[0].length, strong: false });
  if (marks.length === 0) return undefined;
  marks.sort((a, b) => a.at - b.at);
  // Character spans to blank out of the positive question, and the excluded tokens.
  const blank: Array<[number, number]> = [];
  const excluded: string[] = [];
  for (let k = 0; k < marks.length; k++) {
    const mk = marks[k]!;
    const next = k + 1 < marks.length ? marks[k + 1]!.at : q.length;
    let scopeEnd = next;
    const br = BREAK.exec(q.slice(mk.end, next));
    if (br) scopeEnd = mk.end + br.index;
    // whitespace tokens of the scope, with their offsets
    const toks: Array<{ s: string; at: number }> = [];
    for (const t of q.slice(mk.end, scopeEnd).matchAll(/\S+/g)) toks.push({ s: t[0], at: mk.end + t.index });
    let content = 0;
    let any = false;
    for (let j = 0; j < toks.length && content < MAX_SCOPE_WORDS; j++) {
      const t = toks[j]!;
      const ws = words(t.s);
      if (ws.length === 0) continue;
      if (ws.every((w) => STOPISH.has(w))) continue;
      content++;
      const nextTok = toks[j + 1]?.s.replace(TRIM, "") ?? "";
      const named = namesPath(t.s) || ws.some((w) => classOfWord(w) !== undefined) || PATH_NOUN.test(nextTok);
      if (!mk.strong && !named) continue;
      if (PATH_NOUN.test(t.s.replace(TRIM, ""))) continue; // "files" itself names no kind
      excluded.push(t.s);
      blank.push([t.at, t.at + t.s.length]);
      any = true;
    }
    if (any || mk.strong) blank.push([mk.at, mk.end]);
  }
  if (excluded.length === 0) return undefined;
  const neg = parseQuery(excluded.join(" , "));
  let positive = "";
  let at = 0;
  for (const [s, e] of blank.sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    positive += q.slice(at, s) + " ";
    at = e;
  }
  positive += q.slice(at);
  // A class the question also asks for ("which tests, not the snapshots, …") is not excluded
  // whole: only paths holding the excluded word are.
  const wanted = new Set<PathClass>();
  for (const w of words(positive)) {
    const c = classOfWord(w);
    if (c) wanted.add(c);
  }
  const classes = new Set<PathClass>();
  const identifiers: string[] = [];
  const idWords = new Set<string>();
  for (const id of neg.identifiers) {
    const c = classOfIdentifier(id);
    if (c && !wanted.has(c)) classes.add(c);
    identifiers.push(id);
    for (const w of words(id)) idWords.add(w);
  }
  const ws: string[] = [];
  for (const w of neg.words) {
    const c = classOfWord(w);
    if (c && !wanted.has(c)) classes.add(c);
    else if (!idWords.has(w)) ws.push(w);
  }
  return { words: ws, identifiers, classes, positive };
}

const STRONG_WORD = /^(?:excluding|exclude|except|excepting|ignoring|ignore|besides|skipping|skip|minus|sans)$/;

/**
 * A stand-in for the raw question when only its parsed words are known: the words in order, each
 * one-word strong negator's scope cut after the word that follows it (the parsed words have lost
 * the punctuation that would end it, and `not` / `without`, which are stop words).
 * @returns undefined when the words hold no strong negator
 * @example wordsAsQuestion(["config", "excluding", "tests", "source"]) // "config excluding tests , source"
 */
export function wordsAsQuestion(ws: readonly string[]): string | undefined {
  let found = false;
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    out.push(ws[i]!);
    if (i > 0 && STRONG_WORD.test(ws[i - 1]!)) { out.push(","); found = true; }
  }
  return found ? out.join(" ") : undefined;
}

// Determiners and prepositions a scope may start with: "not the", "except in the".
const STOPISH = new Set(["the", "a", "an", "any", "in", "from", "under", "inside", "of", "for", "to", "those", "these", "them", "its", "their", "our", "my", "your", "and", "or", "nor", "also", "even", "just", "only", "all"]);

/**
 * The query without what the question excludes: the parsed query of the positive text, with the
 * original identifiers that were not excluded kept exactly as parsed.
 * @example positiveQuery(q, negation(raw)!) // q without "d.ts", "ts" and "types"
 */
export function positiveQuery(q: ParsedQuery, neg: Negation): ParsedQuery {
  const pos = parseQuery(neg.positive);
  const keepWords = new Set(pos.words);
  const keepIds = new Set(pos.identifiers);
  return {
    words: q.words.filter((w) => keepWords.has(w)),
    identifiers: q.identifiers.filter((id) => keepIds.has(id) || !neg.identifiers.includes(id)),
  };
}

/**
 * True when a path is of a kind the question excludes: an excluded class, an excluded identifier
 * at a word boundary, or an excluded word among the path's words (`tokens`, lower-cased).
 */
export function isExcluded(path: string, neg: Negation | undefined, tokens?: readonly string[], sameWord?: (token: string, word: string) => boolean): boolean {
  if (!neg) return false;
  for (const c of neg.classes) if (pathIsClass(path, c)) return true;
  for (const id of neg.identifiers) if (hasAtBoundary(path, id)) return true;
  if (neg.words.length > 0 && tokens && sameWord) {
    for (const t of tokens) for (const w of neg.words) if (sameWord(t, w)) return true;
  }
  return false;
}
