/**
 * The step an error belongs to. Tool output is a sequence of steps, each opened by a header line
 * and followed by its output: apt's `Setting up polkitd (122-3) ...`, a build's
 * `> Task :app:compileJava`, `Step 3/7 : RUN make`, `[INFO] --- maven-compiler-plugin ---`,
 * `==> Building foo`, a test's `____ test_name ____`. An error a few lines further down says what
 * went wrong; the header says where. So when an error or warning is kept, the line that opens its
 * step is kept too, if it lies within {@link STEP_WINDOW} lines above.
 *
 * Structure decides first, words last. In records (a timestamped log), a continuation line (a
 * trace, a `thrown …`) belongs to its record's first line, and a record's step is the nearest
 * record above that is a *strong* opener (a line that ends with `...`, a `==>`/`===`/`> ` lead, a
 * banner, a `Step 3/7 :` or BuildKit `#8 [2/5]`, a CI group). In other output: the nearest strong
 * opener; else, for an indented error, its parent (the first line above indented less, unless
 * that is an error or a `#` line: a frame, a comment); else the nearest *weak* opener (a capitalised `…ing` verb first — `Compiling foo v1.2`, `Running tests`
 * — or a line ending in `:`). Errors above are skipped (kept on their own account), and so are
 * stack frames. Timestamps, `[ 45%]` and level words in front are skipped before a line is looked at.
 * @module
 */
import { Kind } from "./classify.js";
import type { LineTable } from "./lines.js";

/** Lines above an error searched for its step's header. */
export const STEP_WINDOW = 12;
/** Characters of a line looked at. */
const HEAD_CHARS = 240;

// Timestamps, clock times, "[ 45%]", "[INFO]", "INFO:", "I0612" in front of the text.
const PREFIX = /^\s*(?:(?:\[\s*[\d:.,\-+TZ/% ]+\]|\d[\d:.,\-+TZ/]*|\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\]?:?)\s+)*/;
const STRONG = new RegExp(
  [
    String.raw`(?:\.\.\.|…)$`, // "Setting up x (1.2) ...", "Unpacking x ...", "Processing triggers for y ..."
    String.raw`^(?:==>|===|> \S)`, // makepkg/brew "==> Building", go "=== RUN", gradle/npm "> Task :app:x"
    String.raw`^Step \d+/\d+ ?:`, // docker build
    String.raw`^#\d+ \[[^\]]*\d+/\d+\]`, // BuildKit "#8 [2/5] RUN …"
    String.raw`^(?:##\[group\]|::group::)`, // CI log groups
    String.raw`^([=\-_*#~+])\1{2,} ?\S.*\S ?\1{3,}$`, // banners: "--- maven-compiler-plugin ---", "____ test_x ____"
  ].join("|"),
);
const WEAK = /^[A-Z][a-z]+ing\b|:$/;

function indentOf(line: string): number {
  let k = 0;
  while (k < line.length && (line.charCodeAt(k) === 0x20 || line.charCodeAt(k) === 0x09)) k++;
  return k;
}

/** The text of a line with its timestamp/level lead and trailing blanks removed. */
function body(line: string): string {
  const s = line.length > HEAD_CHARS ? line.slice(0, HEAD_CHARS) : line;
  return s.replace(PREFIX, "").trimEnd();
}

/**
 * The header of the step that line `i` (an error or warning) belongs to, or -1.
 * @param t the line table
 * @param i the error line
 * @param kindOf the {@link Kind} flags of a line
 * @param structured whether the log is records (timestamped lines with continuations)
 * @example
 * // "Setting up polkitd (122-3) ...", 4 lines of output, "Failed to start polkit.service: …"
 * stepHeader(t, 5, kindOf, false) // 0
 */
export function stepHeader(t: LineTable, i: number, kindOf: (i: number) => number, structured: boolean): number {
  const indent = indentOf(t.text(i));
  const continuation = structured && !(kindOf(i) & Kind.START);
  let parent = -1;
  let parentSeen = indent === 0; // an unindented line has no parent
  let weak = -1;
  for (let j = i - 1; j >= 0 && j >= i - STEP_WINDOW; j--) {
    const kd = kindOf(j);
    if (kd & (Kind.BLANK | Kind.STACK)) continue;
    // records: a continuation line (a trace, a "thrown …") belongs to its record's first line;
    // a record's steps are other records
    if (structured && !(kd & Kind.START)) continue;
    if (continuation) return j;
    const line = t.text(j);
    // the parent is the first line above indented less; an error or a `#` line (a frame, a
    // comment) there is no step header (an error is kept on its own account)
    const parentHere = !parentSeen && indentOf(line) < indent;
    if (parentHere) parentSeen = true;
    if (kd & Kind.ERROR) continue; // its step is looked for further up
    const b = body(line);
    if (STRONG.test(b)) return j;
    if (structured || kd & Kind.HASH) continue;
    if (parentHere) parent = j;
    if (weak < 0 && WEAK.test(b)) weak = j;
  }
  return parent >= 0 ? parent : weak;
}
