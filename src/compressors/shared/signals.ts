/**
 * Words that mark a line as trouble in any kind of text output (logs, test runs, transcripts,
 * grep results). A line that matches is kept by every line-based compressor.
 * @module
 */

// Whole words, any case: "ERROR", "Exception", "panicked", "FAILED", "Traceback", "fatal:" …
// A word glued to a name by - _ . / is part of that name, not a report of trouble:
// `libgpg-error-dev`, `python3-exceptiongroup`, `on_error.rs`, `node-fail-fast`.
const TROUBLE = /(?<![\w./-])(?:error|errors|err|fatal|fail|failed|failure|failures|exception|traceback|panic|panicked|critical|crit|severe|emerg|alert|abort|aborted|segfault|denied|refused|timeout|timed out|unhandled|uncaught|warn|warning|warnings)(?![\w/]|[-.]\w)|(?<![\w/-])[A-Z][A-Za-z]*(?:Error|Exception)(?![\w/]|[-.]\w)|\bexit(?:_| )?(?:code|status)["':= ]+-?[1-9]|\b(?:unable to|cannot|can't|could not|couldn't|no such file|not found)\b/i;

/** True when the line reports an error, a failure or a warning. */
export function isTrouble(line: string): boolean {
  return TROUBLE.test(line);
}

// Stack-trace frames and their continuations, across languages.
const FRAME = /^#\d+ (?:\/|[A-Z]:\\|\{main\}|\[internal)|^\s+(?:at |File "|#\d+ |\.\.\. \d+ more|Caused by:|in <|from )|^(?:Traceback \(most recent call last\)|Caused by:|Stack trace:|stack backtrace:)|^\s*\d+: (?:0x[0-9a-f]+ - )?[\w:<>]+/;

/** True for a line that belongs to a stack trace (a frame, a `Caused by:`, a traceback header). */
export function isStackLine(line: string): boolean {
  return FRAME.test(line);
}
