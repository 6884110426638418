/**
 * What kind of line a template is, decided once per template from one of its lines (the words
 * that matter here are letters only, so the core's masking keeps them and every line of a
 * template shares them).
 * @module
 */
import { isStackLine, isTrouble } from "../shared/signals.js";

/** Bit flags of a template. */
export const Kind = {
  /** Reports an error or failure (`isTrouble` and not merely a warning). */
  ERROR: 1,
  /** Reports a warning only. */
  WARN: 2,
  /** Starts a record: a timestamp, date, IP, epoch, syslog date or level first. */
  START: 4,
  /** A stack frame or trace header (`isStackLine`). */
  STACK: 8,
  /** A section banner: `==== FAILURES ====`, `____ test_name ____`. */
  BANNER: 16,
  /** A test runner's failure detail: pytest `E   …` lines and the `>` source line. */
  DETAIL: 32,
  /** Starts with `#` (a TSV header such as Zeek's `#fields`, or a comment). */
  HASH: 64,
  /** Empty or whitespace only. */
  BLANK: 128,
} as const;

// A record's first characters: [date, date, IP, epoch, "Jan 12 10:", "[Mon Jan 12", <34>,
// glog "I0612 ", a level word, logfmt "key=", or a docker compose "service-1  | " prefix.
const START = /^(?:\[?\d|\[?[A-Z][a-z]{2} +\d{1,2}[ T]\d|\[?[A-Z][a-z]{2},? [A-Z][a-z]{2} +\d|<\d+>|[IWEFD]\d{4} |\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|SEVERE|CRIT)\b|[a-z_]+=|[\w.-]+\s+\|\s)/;
// Trouble lines that are errors, not merely warnings. As in `isTrouble`, a word glued to a name by
// - _ . / is part of the name (`warning: libgpg-error-dev is old` is a warning, not an error).
const WARN_ONLY = /(?<![\w./-])warn(?:ing|ings)?(?![\w/]|[-.]\w)/i;
const ERRORISH = /(?<![\w./-])(?:error|errors|err|fatal|fail|failed|failure|failures|exception|traceback|panic|panicked|critical|crit|severe|emerg|alert|abort|aborted|segfault|denied|refused|timeout|timed out|unhandled|uncaught)(?![\w/]|[-.]\w)|(?<![\w/-])[A-Z][A-Za-z]*(?:Error|Exception)(?![\w/]|[-.]\w)|\bexit(?:_| )?(?:code|status)["':= ]+-?[1-9]/i;
const BANNER = /^\s*([=\-_*#~+])\1{2,} ?\S.*\S ?\1{3,}\s*$/;
const DETAIL = /^(?:E {2,}\S|>\s+\S)/;
// A test that passed is not trouble, whatever its name says (`test_error_handler PASSED`).
const PASSED = /\sPASSED\b|\bXFAIL\b|^--- PASS: |^test \S+ \.\.\. ok$|^ok\s/;

/**
 * Flags of one line (see {@link Kind}).
 * @example classify("2024-05-01 12:00:00 ERROR db down") // Kind.START | Kind.ERROR
 */
export function classify(line: string): number {
  let k = 0;
  if (/^\s*$/.test(line)) return Kind.BLANK;
  if (isTrouble(line) && !PASSED.test(line)) k |= WARN_ONLY.test(line) && !ERRORISH.test(line) ? Kind.WARN : Kind.ERROR;
  if (START.test(line)) k |= Kind.START;
  if (isStackLine(line)) k |= Kind.STACK;
  if (BANNER.test(line)) k |= Kind.BANNER;
  if (DETAIL.test(line)) k |= Kind.DETAIL | (/^E/.test(line) ? Kind.ERROR : 0);
  if (line.charCodeAt(0) === 0x23) k |= Kind.HASH;
  return k;
}
