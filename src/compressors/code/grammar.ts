/**
 * Loads web-tree-sitter and its grammars lazily: the runtime (its JS and its wasm) on first use, each grammar only when
 * a text of that language arrives, and each once per process (the promises are memoised). No
 * `node:*` import: in Node a grammar is found with `import.meta.resolve` and read by
 * web-tree-sitter itself; a browser (or a worker that serves its own files) installs a locator
 * with {@link setGrammarLocator}.
 * @module
 */
import type { Language, Parser } from "web-tree-sitter";
import type { LangId } from "./languages.js";

type Runtime = typeof import("web-tree-sitter");

/** Finds a grammar: a path or URL web-tree-sitter can load, or the grammar's bytes. */
export type GrammarLocator = (lang: LangId) => string | Uint8Array | Promise<string | Uint8Array>;

/** Options for the tree-sitter runtime (passed to `Parser.init`), e.g. `locateFile` in a browser. */
export type ParserInitOptions = Parameters<typeof Parser.init>[0];

let runtime: Promise<Runtime> | undefined;
let locator: GrammarLocator = defaultLocator;
let initOptions: ParserInitOptions | undefined;
let ready: Promise<void> | undefined;
const languages = new Map<LangId, Promise<Language>>();
const parsers = new Map<LangId, Promise<Parser>>();

/**
 * Replaces how grammars (and optionally the runtime's own `.wasm`) are found. Call it before the
 * first code compression; it forgets grammars loaded so far.
 * @param locate lang → path, URL or bytes of `tree-sitter-<lang>.wasm`; omit to restore the default
 * @param init options for `Parser.init`, e.g. `{ locateFile: () => coreWasmUrl }`
 * @example setGrammarLocator((lang) => `/grammars/tree-sitter-${lang}.wasm`, { locateFile: () => "/web-tree-sitter.wasm" })
 */
export function setGrammarLocator(locate?: GrammarLocator, init?: ParserInitOptions): void {
  locator = locate ?? defaultLocator;
  if (init !== undefined) {
    initOptions = init;
    ready = undefined;
  }
  languages.clear();
  for (const p of parsers.values()) p.then((parser) => parser.delete(), () => undefined);
  parsers.clear();
}

/**
 * The default locator: the grammar file of `@repomix/tree-sitter-wasms`, resolved from this
 * module. In Node a `file:` URL becomes a path (web-tree-sitter reads it with `fs`); elsewhere
 * the URL is fetched.
 */
export function defaultLocator(lang: LangId): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve !== "function") throw new Error("import.meta.resolve is unavailable; install a grammar locator");
  const url = resolve(`@repomix/tree-sitter-wasms/out/tree-sitter-${lang}.wasm`);
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
  return isNode && url.startsWith("file:") ? decodeURIComponent(new URL(url).pathname) : url;
}

/** The web-tree-sitter module, imported on first use (apps that never compress code never load it). */
function loadRuntime(): Promise<Runtime> {
  return (runtime ??= import("web-tree-sitter"));
}

/** Initialises the runtime once. */
function init(): Promise<void> {
  ready ??= loadRuntime().then((ts) => ts.Parser.init(initOptions)).catch((e: unknown) => {
    ready = undefined; // a later call may succeed (after a new locator, say)
    throw e;
  });
  return ready;
}

/** The grammar of a language, loaded on first use. Rejects when the grammar cannot be found. */
export function loadLanguage(lang: LangId): Promise<Language> {
  let p = languages.get(lang);
  if (!p) {
    p = init()
      .then(async () => (await loadRuntime()).Language.load(await locator(lang)))
      .catch((e: unknown) => {
        languages.delete(lang);
        throw e;
      });
    languages.set(lang, p);
  }
  return p;
}

/** A parser for a language (one per language, reused: parsing is synchronous, so never shared mid-parse). */
export function parserFor(lang: LangId): Promise<Parser> {
  let p = parsers.get(lang);
  if (!p) {
    p = loadLanguage(lang).then(async (language) => {
      const parser = new (await loadRuntime()).Parser();
      parser.setLanguage(language);
      return parser;
    });
    p.catch(() => parsers.delete(lang));
    parsers.set(lang, p);
  }
  return p;
}
