/**
 * The marked block `tokenfold learn` writes into CLAUDE.md / AGENTS.md / GEMINI.md, and replacing
 * it in place: re-running swaps the block, never adds a second one, and leaves the rest of the
 * file byte-identical.
 * @module
 */
import type { Correction } from "./types.js";

/** Start and end marks of the block. */
export const LEARN_START = "<!-- tokenfold:learn:start -->";
export const LEARN_END = "<!-- tokenfold:learn:end -->";

/** The block for a list of correction lines (no dates or counts of runs: re-running gives the same bytes). */
export function renderLearnBlock(lines: readonly string[], corrections: readonly Correction[]): string {
  const agents = [...new Set(corrections.flatMap((c) => c.agents))].sort().join(", ");
  return [
    LEARN_START,
    "## Learned from past sessions (tokenfold learn)",
    "",
    `Corrections distilled from failed tool calls that were fixed on retry (${agents || "no"} sessions). Re-run \`tokenfold learn\` to refresh this block; edits inside it are replaced.`,
    "",
    ...lines,
    LEARN_END,
  ].join("\n");
}

/**
 * `content` with the block put in: replacing every existing block (the first one's place is
 * kept; any later copies are removed), else appended after a blank line.
 */
export function upsertBlock(content: string, block: string): string {
  const re = new RegExp(`${LEARN_START.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[\\s\\S]*?${LEARN_END.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "g");
  let first = true;
  if (re.test(content)) {
    re.lastIndex = 0;
    return content.replace(re, () => (first ? ((first = false), block) : "")).replace(/\n{3,}$/, "\n");
  }
  if (content === "") return block + "\n";
  return content.replace(/\n*$/, "") + "\n\n" + block + "\n";
}
