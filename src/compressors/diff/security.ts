/**
 * Security references: CVE ids and GitHub security advisories (`GHSA-xxxx-xxxx-xxxx`, Sphinx's
 * :ghsa:`xxxx-xxxx-xxxx` role). Rare, and exactly what a question about a fix needs, so the
 * lines that carry them survive a trimmed commit message or a summarized changelog diff.
 * @module
 */

const SECURITY_REF = /\bCVE-\d{4}-\d{4,}\b|\bGHSA(?:-[0-9a-z]{4}){3}\b|:ghsa:`|\bRUSTSEC-\d{4}-\d{4}\b|\bPYSEC-\d{4}-\d+\b/i;

/**
 * True when the line cites a security advisory.
 * @example isSecurityRef("    ``SECRET_KEY_FALLBACKS``. :ghsa:`4grg-w6v8-c28g`") // true
 */
export function isSecurityRef(line: string): boolean {
  return SECURITY_REF.test(line);
}
