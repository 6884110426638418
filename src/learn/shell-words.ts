/**
 * Shell command lines as words, enough to compare two attempts: quotes respected, leading
 * `cd … &&`, `VAR=value` and `sudo` dropped so that the program comes first.
 * @module
 */

/** Splits a command line into words (single and double quotes group; no expansion). */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | undefined;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (cur || has) out.push(cur);
      cur = "";
      has = false;
    } else cur += ch;
  }
  if (cur || has) out.push(cur);
  return out;
}

/** The words of the command that matters: after the last `cd … &&`, without env assignments or sudo. */
export function commandWords(line: string): string[] {
  const parts = line.split(/\s*&&\s*/);
  let last = parts[parts.length - 1] ?? "";
  // `cd dir && npm test` → `npm test`; but keep `a && b` when neither is a cd
  const nonCd = parts.filter((p) => !/^cd\s/.test(p.trim()));
  if (nonCd.length === 1) last = nonCd[0]!;
  else last = line;
  const words = shellWords(last.trim());
  while (words.length > 1 && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!) || words[0] === "sudo" || words[0] === "env")) words.shift();
  return words;
}

/** True for an option word (`-x`, `--flag`, `--flag=value`). */
export const isFlag = (w: string) => /^--?[A-Za-z]/.test(w);

/** True for a word that looks like a file path. */
export const isPathLike = (w: string) => !isFlag(w) && (/[\\/]/.test(w) || /\.[A-Za-z0-9]{1,6}$/.test(w));
