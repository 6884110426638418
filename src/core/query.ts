/**
 * Turns the agent's question into what the compressors look for: plain words (matched
 * case-insensitively, weighted BM25-style) and exact identifiers (ids, hashes, paths, keys, names;
 * matched byte-for-byte, and worth far more than any word).
 * @module
 */

/** A question, ready for matching. */
export interface ParsedQuery {
  /** Lower-cased words (ASCII letters lower-cased), stop words removed, unique, in query order. */
  words: string[];
  /** Exact, case-sensitive strings: `pytest-dev__pytest-5221`, `aws_lambda_function`, `Kurtis Weissnat`. */
  identifiers: string[];
  /** The question as given (first 4,000 characters): for rules that need its stop words ("not the tests"). */
  raw?: string;
  /**
   * Runs of two or more query words written next to each other ("end offset", "follow redirects",
   * "journal-mode"), lower-cased: one compound name said in words. A snake_case or camelCase
   * identifier made of the same parts (`_end_offset`, `followRedirects`) matches the phrase.
   */
  phrases?: string[][];
}

// Words that say nothing about which item the question needs.
const STOP = new Set(
  ("a an and any are as at be been but by can could did do does for from give has have how i if in into is it its " +
    "me my no not of on or our so than that the their them then there these they this those to was were what when " +
    "where which while who whom why will with would you your all also just about only other some such each does " +
    "find show tell list get please between within without over under after before").split(" "),
);

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;

/** Splits text into lower-cased word runs the same way the core does over item bytes. */
export function words(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isAlnum(c)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(lowerAscii(text.slice(start, i)));
      start = -1;
    }
  }
  return out;
}

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (m) => String.fromCharCode(m.charCodeAt(0) + 32));
}

// Characters inside a token that make it an identifier rather than a word.
const IDENT_INNER = /[_$\-./:@#\\]/;
const TRIM = /^[\s,.;:!?()[\]{}"'`<>]+|[\s,.;:!?()[\]{}"'`<>]+$/g;

/** True for tokens that name one thing: `tokio-util`, `ak18371148`, `maxContentLength`, `dp_1Pgc…`. */
export function looksLikeIdentifier(token: string): boolean {
  if (token.length < 3) return false;
  if (IDENT_INNER.test(token.slice(1, -1))) return true;
  const hasDigit = /[0-9]/.test(token);
  const hasLetter = /[A-Za-z]/.test(token);
  if (hasDigit && hasLetter) return true;
  if (/[a-z][A-Z]/.test(token)) return true; // camelCase
  return /^[A-Z][A-Z0-9_]{3,}$/.test(token) && token.includes("_");
}

/**
 * Parses a question. Quoted or back-ticked spans become identifiers whole; so do runs of two or
 * more Capitalised words that do not start a sentence (a person or product name).
 * @example parseQuery("Which job of `deploy-prod` failed for user Kurtis Weissnat?")
 */
export function parseQuery(query: string | undefined): ParsedQuery {
  const q = (query ?? "").slice(0, 4000);
  const identifiers: string[] = [];
  const add = (s: string) => {
    // "tokio-util's" names tokio-util; "abbreviate(str" is a call cut mid-way.
    let t = s.replace(TRIM, "").replace(/['’]s$/, "");
    const open = t.indexOf("(");
    if (open > 0 && !t.includes(")")) t = t.slice(0, open);
    if (/^[0-9]+$/.test(t)) return;
    if (t.length >= 3 && !identifiers.includes(t)) identifiers.push(t);
  };
  for (const m of q.matchAll(/`([^`]{2,200})`|"([^"]{2,200})"/g)) add(m[1] ?? m[2] ?? "");
  // 'single-quoted phrases' of two or more words (an error message the user pasted); a quote
  // inside a word (it's, users') never opens or closes one
  for (const m of q.matchAll(/(?<![\p{L}\p{N}])'([^'\n]{3,200}?)'(?![\p{L}\p{N}])/gu)) if (/\S\s+\S/.test(m[1]!)) add(m[1]!);
  const tokens = q.split(/\s+/).filter(Boolean);
  let run: string[] = [];
  let sentenceStart = true;
  const flush = () => {
    if (run.length >= 2) add(run.join(" "));
    run = [];
  };
  for (const raw of tokens) {
    const tok = raw.replace(TRIM, "");
    if (tok && looksLikeIdentifier(tok)) add(tok);
    const capitalised = /^[A-Z][a-z]+$/.test(tok);
    if (capitalised && !sentenceStart) run.push(tok);
    else flush();
    sentenceStart = /[.!?]$/.test(raw);
    if (tok !== raw.replace(/^[\s(["'`]+/, "").replace(/[\s)\]"'`]+$/, "") || /[,;:]$/.test(raw)) flush();
  }
  flush();
  const seen = new Set<string>();
  const ws: string[] = [];
  for (const w of words(q)) {
    if (w.length < 2 || STOP.has(w) || seen.has(w)) continue;
    seen.add(w);
    ws.push(w);
    // British and American spellings name the same field (licence/license, colour/color)
    for (const v of spellingVariants(w)) if (!seen.has(v)) { seen.add(v); ws.push(v); }
    // an error code glued to its prefix (TS2589, E0308, KB5034441) is often written without it
    // (`…_2589`, `error[0308]`): its number is a word too
    const code = /^[a-z]{1,4}(\d{3,})$/.exec(w);
    if (code && !seen.has(code[1]!)) {
      seen.add(code[1]!);
      ws.push(code[1]!);
    }
  }
  return { words: ws, identifiers, raw: q, phrases: phrases(q) };
}

/** Longest phrase kept: compound names rarely have more parts. */
const MAX_PHRASE = 4;

/**
 * Runs of adjacent query words: words separated only by spaces, none of them a stop word or a
 * bare number (words joined by `-` or `_` are an identifier the question wrote out already). Punctuation and stop words end a run ("default for follow redirects"
 * gives `[follow, redirects]`); runs longer than {@link MAX_PHRASE} are cut into pieces.
 * @example phrases("what is the journal mode, and the end offset?") // [["journal", "mode"], ["end", "offset"]]
 */
export function phrases(query: string): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  let run: string[] = [];
  const flush = () => {
    for (let i = 0; i + 1 < run.length; i += MAX_PHRASE) {
      const p = run.slice(i, i + MAX_PHRASE);
      const key = p.join(" ");
      if (p.length >= 2 && !seen.has(key)) { seen.add(key); out.push(p); }
    }
    run = [];
  };
  let joined = false; // the word before ended in `-` or `_`: this one is part of an identifier
  for (const m of query.matchAll(/([\p{L}\p{N}]+)([^\p{L}\p{N}]*)/gu)) {
    const w = lowerAscii(m[1]!);
    const sep = m[2]!;
    const joins = /^[_-]/.test(sep) && sep.length === 1;
    const content = w.length >= 2 && !STOP.has(w) && !/^[0-9]+$/.test(w) && !joined && !joins;
    if (content) run.push(w);
    else flush();
    joined = joins;
    // only spaces keep a run going: `tokio-util` or `journal_mode` written as such is an
    // identifier, matched byte-exact already
    if (!/^[ \t]*$/.test(sep)) flush();
  }
  flush();
  return out;
}

/** The other common English spelling of a word, if any: licence → license, behaviour → behavior. */
export function spellingVariants(w: string): string[] {
  if (w.length < 5 || !/^[a-z]+$/.test(w)) return [];
  const out: string[] = [];
  const swap = (re: RegExp, to: string) => { if (re.test(w)) out.push(w.replace(re, to)); };
  swap(/ence$/, "ense"); // licence, defence, offence
  swap(/our(s|ed|ing)?$/, "or$1"); // colour, behaviour, favoured
  swap(/is(e|es|ed|ing|ation|ations)$/, "iz$1"); // serialise, normalised
  swap(/ll(ed|ing)$/, "l$1"); // cancelled, labelling
  swap(/tre(s)?$/, "ter$1"); // centre, metres
  return out.filter((v) => v !== w);
}
