/**
 * Which lines of a long hunk the question points at, when only those can be shown (a new file of
 * a subject whose budget share is spent): lines naming a query identifier, lines whose names
 * spell a phrase of the question (`journal_mode` ← "journal mode"), lines holding two distinct
 * query words (camelCase and snake_case split), and lines that give a literal value to a name
 * holding a query word (`const DEFAULT_RETENTION_MS = 90 * DAY_MS;` ← "kept by default") —
 * the values a question about settings asks for.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import { words } from "../../core/query.js";
import { identifierHits, longestPhraseRun } from "../shared/relevance.js";

/** `NAME = <literal…>`, `name: <literal…>`, `name := <literal…>` at the start of a statement. */
const ASSIGN = /^\s*(?:(?:export|const|let|var|val|final|static|public|private|readonly|def)\s+)*([A-Za-z_$][\w$]*)\s*(?::\s*[\w.<>[\]| ]{1,30}\s*)?(?:=|:=|:)\s*(?:-?\d|["'`]|true\b|false\b|null\b|None\b)/;

/** Lower-cased words of a line, camelCase and snake_case split. */
function lineWords(line: string): Set<string> {
  return new Set(words(line.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").replace(/_/g, " ")));
}

/**
 * The test for lines a focused hunk keeps; `pathWords` are the parts of the file's path.
 * @example focusLines(parseQuery("which journal mode does the stats database use?"), ["stats", "database", "ts"])('    db.pragma("journal_mode = WAL");') // true
 */
export function focusLines(query: ParsedQuery, pathWords: readonly string[] = []): (line: string) => boolean {
  // the words of the file's own path ("stats" in src/stats/db.ts) are on most of its lines: they
  // say which file, not which line
  const inPath = new Set(pathWords);
  const qWords = new Set(query.words.filter((w) => w.length >= 2 && !/^[0-9]+$/.test(w) && !inPath.has(w) && !inPath.has(w.replace(/s$/, ""))));
  return (line) => {
    if (line.length > 400) return false;
    if (identifierHits(line, query) > 0) return true;
    // a name spelling a phrase, one of whose words the path does not hold (`QueueStore` in
    // src/queue/store.ts spells "queue store" but says nothing the path did not)
    for (const p of query.phrases ?? []) {
      const run = longestPhraseRun(line, p);
      if (run.length >= 2 && p.slice(run.from, run.from + run.length).some((w) => qWords.has(w))) return true;
    }
    const ws = lineWords(line);
    let n = 0;
    for (const w of ws) if (qWords.has(w) && ++n >= 2) return true;
    if (n === 0) return false;
    const m = ASSIGN.exec(line);
    return !!m && [...lineWords(m[1]!)].some((w) => qWords.has(w));
  };
}
