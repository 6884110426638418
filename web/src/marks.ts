/**
 * Kept/dropped marks for the playground's side-by-side view. A textual approximation on purpose:
 * a line of the original counts as kept when it (whitespace removed, trailing comma dropped)
 * appears in the output; compressors that re-encode (JSON to compact rows) keep values, not lines,
 * so short structural lines get no mark. Bounded work: only the first lines of each side are
 * marked, so a 10 MB input costs the main thread a few milliseconds.
 */

/** Lines shown (and marked) per pane. */
export const VIEW_LINES = 2000;
/** Characters of each side looked at. */
export const VIEW_CHARS = 100_000;
/** Output size up to which a substring search is used when the exact line lookup misses. */
const SUBSTRING_LIMIT = 64 * 1024;

export type Mark = "kept" | "dropped" | "plain" | "marker";
export interface MarkedLine {
  text: string;
  mark: Mark;
}

const norm = (s: string) => s.replace(/\s+/g, "").replace(/,$/, "");
const MARKER = /\[… [^\]]*\]|tf_[0-9a-f]{24}/;

/** The first lines of a text, at most VIEW_LINES of them and VIEW_CHARS characters. */
export function headLines(text: string): { lines: string[]; truncated: boolean } {
  const head = text.length > VIEW_CHARS ? text.slice(0, VIEW_CHARS) : text;
  const lines = head.split("\n");
  const truncated = head.length < text.length || lines.length > VIEW_LINES;
  return { lines: lines.slice(0, VIEW_LINES), truncated };
}

/**
 * Marks the original's first lines kept or dropped, and the output's lines kept or marker.
 * @param original the original, or its first VIEW_CHARS characters
 * @param longer whether the original goes on past `original`
 * @param output the compressed text
 */
export function markLines(original: string, longer: boolean, output: string): { original: MarkedLine[]; output: MarkedLine[]; truncated: boolean } {
  const o = headLines(original);
  const out = headLines(output);
  const outNorm = norm(output.length > VIEW_CHARS ? output.slice(0, VIEW_CHARS) : output);
  const outSet = new Set(out.lines.map(norm));
  const small = output.length <= SUBSTRING_LIMIT;
  const markOriginal = (line: string): Mark => {
    const n = norm(line);
    if (n.length < 3) return "plain";
    return outSet.has(n) || (small && outNorm.includes(n)) ? "kept" : "dropped";
  };
  return {
    original: o.lines.map((text) => ({ text, mark: markOriginal(text) })),
    output: out.lines.map((text) => ({ text, mark: MARKER.test(text) ? "marker" : "kept" })),
    truncated: longer || o.truncated || out.truncated,
  };
}
