/**
 * Lines that give a default value. A question about defaults ("what is the default timeout",
 * "which defaults apply to retries and the connect timeout") is answered by the line where a
 * literal fills in for a missing value: `timeout == null ? 30000 : timeout`, `opts.retries ?? 3`,
 * `maxAge || 0`, `followRedirects: false,`, `def get(url, timeout=5.0)`, `default: 'GET'`. Such
 * lines rank above other mentions of the same words, more so when the name given the literal is
 * made of query words.
 * @module
 */
import { nameWords } from "./definition.js";

/** A literal: a number, a quoted string, a boolean, null/None/undefined, an empty array or object. */
const LIT = String.raw`(?:-?\d[\d_.]*(?:e-?\d+)?[A-Za-z]{0,3}|"[^"\n]{0,80}"|'[^'\n]{0,80}'|\x60[^\x60\n]{0,80}\x60|true|false|null|nil|None|True|False|undefined|\[\s*\]|\{\s*\})`;
// after the literal: the end of the expression (not `x ?? 3 * y`, where 3 is a factor)
const END = String.raw`\s*(?:[,;:)\]}]|$|\/\/|#|\s(?:if|else|or)\b)`;
/** `x == null ? LIT`, `x === undefined ? LIT`, `x is None ? LIT`-like fallbacks, `?? LIT`, `|| LIT`, `or LIT`. */
const FALLBACK = new RegExp(String.raw`(?:(?:[!=]==?\s*(?:null|undefined|nil|None)|\bis\s+None)\s*\?\s*${LIT}|(?:\?\?=?|\|\|=?|\bor)\s*${LIT}${END}|\bif\s+\S+\s+is\s+None\s+else\s+${LIT}|\.(?:get|getOrDefault|getProperty|getenv|get_or|unwrap_or)\(\s*[^,()]{1,60},\s*${LIT}\s*\))`);
/** `name = LIT`, `name: LIT`, `name := LIT`, a parameter default `name=LIT` — with the name captured. */
const ASSIGN = new RegExp(String.raw`([A-Za-z_$][\w$]*)["']?\s*(?::\s*[\w.<>[\]|? ]{1,40}\s*)?(?::=|=(?![=>])|:(?!:))\s*${LIT}${END}`, "g");
/** `default: LIT`, `default=LIT`, `defaultValue = LIT`, `@default LIT`, `(default: LIT)` in prose. */
const DEFAULT_WORD = new RegExp(String.raw`\bdefault(?:s|Value|_value)?["']?\s*(?:[:=]|is|to)?\s*${LIT}|@default\s+\S`, "i");

/** Bonus for a line that gives a default by a fallback or `default:` (any name). */
export const DEFAULT_BONUS = 3;
/** Bonus per query word in the name that a literal is given to (`connectTimeout = 10000`). */
export const NAMED_DEFAULT_BONUS = 4;
/** Characters of a line looked at. */
const MAX_CHARS = 1000;

/**
 * True when the question asks for a default (`default`, `defaults`, `defaulted`, `by default`).
 * @param words the query words (lower case, possibly stemmed)
 */
export function asksDefault(words: readonly string[]): boolean {
  return words.some((w) => /^default(?:s|ed)?$/.test(w));
}

/**
 * How much a line looks like it gives a default for what the question asks about: 0 when it gives
 * none; {@link DEFAULT_BONUS} for a fallback or a `default:` literal; plus
 * {@link NAMED_DEFAULT_BONUS} per query word in the name a literal is assigned to.
 * @param code the line's text (or several lines joined with `\n`)
 * @param words query words (lower case; matched as whole name words or, from 4 letters, as prefixes)
 * @example defaultBonus("  const timeout = opts.timeout ?? 30000;", ["timeout"]) // 7
 * @example defaultBonus("  followRedirects: false,", ["follow", "redirect"]) // 8
 */
export function defaultBonus(code: string, words: readonly string[]): number {
  const text = code.length > MAX_CHARS ? code.slice(0, MAX_CHARS) : code;
  let bonus = FALLBACK.test(text) || DEFAULT_WORD.test(text) ? DEFAULT_BONUS : 0;
  let named = 0;
  ASSIGN.lastIndex = 0;
  for (let m = ASSIGN.exec(text); m; m = ASSIGN.exec(text)) {
    const ws = nameWords(m[1]!);
    let k = 0;
    for (const q of words) if (ws.some((w) => w === q || (q.length >= 4 && w.startsWith(q)))) k++;
    named = Math.max(named, k);
    if (m[0].length === 0) ASSIGN.lastIndex++;
  }
  if (named > 0) bonus = Math.max(bonus, DEFAULT_BONUS) + NAMED_DEFAULT_BONUS * named;
  return bonus;
}
