/**
 * Key = value configuration files (postgresql.conf, ini files, sshd_config, redis.conf): mostly
 * commented-out defaults and comment prose, with a few active settings. A question about such a
 * file ("is SSL on, which certificate does it use?") is answered by the active settings: they
 * rank above commented-out ones and above comment prose; an active setting whose key holds a query
 * word (`ssl`, `ssl_cert_file`, `sslmode` for "ssl") is always kept; and a section whose comment
 * header matches the question (`# - SSL -`) keeps its active settings.
 * @module
 */

import { lineAt, type LineTable } from "./lines.js";

/** What a line of a configuration file is. */
export const ConfigLine = { OTHER: 0, ACTIVE: 1, COMMENTED: 2, COMMENT: 3, SECTION: 4 } as const;

/** Lines longer than this are never settings (and the patterns never run on them). */
const MAX_LINE = 400;

// `key = value`, `key: value`, `key=value`, `key value` (sshd_config, redis.conf: a bare key then a value)
const ACTIVE = /^\s*([A-Za-z_][\w.\-]*)\s*(?:[=:]\s*\S?|\s+\S)/;
const KV = /^\s*([A-Za-z_][\w.\-]*)\s*[=:]/;
// a commented-out setting: `#key = value`, `# key = value`, `;key=value`, `#Key value` (no prose after)
const COMMENTED_KV = /^\s*[#;]+\s?([A-Za-z_][\w.\-]*)\s*=\s*\S?/;
const COMMENTED_BARE = /^\s*#([A-Z][A-Za-z0-9]+)\s+\S+(?:\s+\S+)?\s*$/;
const INI_SECTION = /^\s*\[[^\]\n]{1,80}\]\s*$/;
const COMMENT = /^\s*[#;]/;

/**
 * Classifies one line ({@link ConfigLine}).
 * @example configLine("ssl = on\t\t# (change requires restart)") // ConfigLine.ACTIVE
 * @example configLine("#ssl_ciphers = 'HIGH:MEDIUM'") // ConfigLine.COMMENTED
 */
export function configLine(line: string): number {
  if (line.length > MAX_LINE || /^\s*$/.test(line)) return ConfigLine.OTHER;
  if (INI_SECTION.test(line)) return ConfigLine.SECTION;
  if (COMMENT.test(line)) return COMMENTED_KV.test(line) || COMMENTED_BARE.test(line) ? ConfigLine.COMMENTED : ConfigLine.COMMENT;
  const kv = KV.exec(line);
  if (kv) return ConfigLine.ACTIVE;
  // `Key value` without `=`: only short lines of a key and one or two values (not a prose sentence)
  const m = ACTIVE.exec(line);
  if (m && line.trim().split(/\s+/).length <= 3 && !/[.?!]$/.test(line.trim())) return ConfigLine.ACTIVE;
  return ConfigLine.OTHER;
}

/** The key of an active or commented-out setting, or undefined. */
export function settingKey(line: string): string | undefined {
  if (line.length > MAX_LINE) return undefined;
  const m = COMMENT.test(line) ? COMMENTED_KV.exec(line) ?? COMMENTED_BARE.exec(line) : KV.exec(line) ?? ACTIVE.exec(line);
  return m ? m[1] : undefined;
}

/**
 * True when the lines read as a configuration file: at least 5 settings (active or commented
 * out), at least one active, and settings, comments and section lines make up most of the
 * non-blank lines, with settings at least a quarter of them.
 * @param kinds the {@link configLine} of every line (blank lines are OTHER and do not count)
 * @param blank per line, whether it is blank
 */
export function isConfig(kinds: Uint8Array, blank: (i: number) => boolean): boolean {
  let active = 0;
  let commented = 0;
  let comment = 0;
  let other = 0;
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i]!;
    if (k === ConfigLine.ACTIVE) active++;
    else if (k === ConfigLine.COMMENTED) commented++;
    else if (k === ConfigLine.COMMENT || k === ConfigLine.SECTION) comment++;
    else if (!blank(i)) other++;
  }
  const settings = active + commented;
  const nonBlank = settings + comment + other;
  return active >= 1 && settings >= 5 && settings >= 0.25 * nonBlank && other <= 0.15 * nonBlank;
}

/**
 * How many query words a setting's key holds: a key part equal to a word, a key (or key part)
 * starting with a word of 3+ letters (`sslmode` for "ssl", `max_connections` for "connection").
 * @param words query words, lower case
 * @example keyMatches("ssl_cert_file", ["ssl", "certificate"]) // 1
 */
export function keyMatches(key: string, words: readonly string[]): number {
  const lower = key.toLowerCase();
  const parts = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  let k = 0;
  for (const w of words) {
    if (w.length < 2) continue;
    if (parts.includes(w) || (w.length >= 3 && (lower.startsWith(w) || parts.some((p) => p.startsWith(w))))) k++;
  }
  return k;
}

/**
 * The {@link configLine} of every line when the text is a configuration file ({@link isConfig}),
 * else undefined.
 * @example configKinds(conf, lineTable(conf))?.[0] // ConfigLine.COMMENT
 */
export function configKinds(text: string, lines: LineTable): Uint8Array | undefined {
  const kinds = new Uint8Array(lines.n);
  for (let i = 0; i < lines.n; i++) kinds[i] = lines.ends[i]! - lines.starts[i]! > MAX_LINE ? ConfigLine.OTHER : configLine(lineAt(text, lines, i));
  const blank = (i: number) => lines.ends[i]! - lines.starts[i]! <= MAX_LINE && /^\s*$/.test(lineAt(text, lines, i));
  return isConfig(kinds, blank) ? kinds : undefined;
}
