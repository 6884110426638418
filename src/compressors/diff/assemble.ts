/**
 * Builds the compressed text from a plan: walks the input's segments in order and emits each
 * commit block, each kept file diff, and for each run of left-out file diffs their one-line
 * summaries followed by one omission marker with the line span and the ref.
 * @module
 */
import { formatCount, lineSpan } from "../shared/marker.js";
import type { CollapseKind } from "./collapse.js";
import type { ParsedDiff } from "./parse.js";
import { markerLine, messageOmitted, renderCommit, renderFile, summaryLine, type BodyFilter } from "./render.js";

/** What to show of every part. */
export interface Plan {
  /** Per file: 1 = its diff is shown, 0 = a one-line summary. */
  keep: Uint8Array;
  /** Per flat hunk (see `Relevance.hunkBase`): `TRIM`, `WHOLE`, `DROP` or `FOCUS`. */
  hunk: Uint8Array;
  hunkBase: Uint32Array;
  /** Per commit: 1 = the whole message body is shown. */
  body: Uint8Array;
  /** Body lines kept in trimmed bodies. */
  bodyLine: BodyFilter;
  /** Context lines kept around changes in trimmed hunks. */
  context: number;
  /** Per file: why it collapses, when it does. */
  collapsed: Array<CollapseKind | undefined>;
  /** Per file: the lines its `FOCUS` hunks keep. */
  focus?: (f: number) => (line: string) => boolean;
}

/** The output and what it left out. */
export interface Assembled {
  text: string;
  /** Context lines trimmed from shown hunks. */
  contextOmitted: number;
  /** File diffs reduced to a summary line. */
  summarized: number;
  /** Commit bodies trimmed, and message lines dropped from them. */
  bodiesTrimmed: number;
  bodyLinesOmitted: number;
}

/**
 * Renders the whole output for a plan.
 * @example assemble(parseDiff(text), plan, "tf_…").text
 */
export function assemble(d: ParsedDiff, plan: Plan, ref: string): Assembled {
  const out: string[] = [];
  const res: Assembled = { text: "", contextOmitted: 0, summarized: 0, bodiesTrimmed: 0, bodyLinesOmitted: 0 };
  let groupFirst = -1;
  let groupLast = -1;
  let groupCount = 0;
  // Message lines of a commit whose file diffs are all summarized: named in the files' marker.
  let pending: { omitted: number; first: number } | undefined;
  const flush = () => {
    if (groupCount === 0) return;
    let what = `${formatCount(groupCount)} file diff${groupCount === 1 ? "" : "s"}`;
    if (pending) {
      what = `${messageOmitted(pending.omitted)} and ${what}`;
      groupFirst = pending.first;
      pending = undefined;
    }
    out.push(markerLine(d, `${what} omitted (${lineSpan(groupFirst + 1, groupLast)})`, ref));
    groupCount = 0;
  };
  for (const s of d.segments) {
    if (s.kind === "file") {
      const f = s.index;
      const file = d.files[f]!;
      if (!plan.keep[f]) {
        if (groupCount === 0) groupFirst = file.start;
        groupLast = file.end;
        groupCount++;
        res.summarized++;
        out.push(summaryLine(file, plan.collapsed[f]) + (d.eol === "\r\n" ? "\r" : ""));
        continue;
      }
      flush();
      const base = plan.hunkBase[f]!;
      const r = renderFile(d, file, { mode: (k) => plan.hunk[base + k]!, context: plan.context, focus: plan.focus?.(f) }, ref);
      for (const l of r.lines) out.push(l);
      res.contextOmitted += r.omitted;
      continue;
    }
    flush();
    if (s.kind === "other") {
      for (let i = s.start; i < s.end; i++) out.push(d.lines[i]!);
    } else {
      const c = d.commits[s.index]!;
      const defer = c.files.length > 0 && c.files.every((f) => !plan.keep[f]);
      const r = renderCommit(d, c, plan.body[s.index] === 1, plan.bodyLine, ref, defer);
      for (const l of r.lines) out.push(l);
      if (r.omitted > 0) {
        res.bodiesTrimmed++;
        res.bodyLinesOmitted += r.omitted;
        if (defer) pending = { omitted: r.omitted, first: r.first };
      }
    }
  }
  flush();
  res.text = out.join("\n") + (d.finalNewline ? "\n" : "");
  return res;
}
