/**
 * Values in a system prompt that change on every request and so defeat provider prompt caches:
 * timestamps, UUIDs, JWTs.
 * @module
 */
const VOLATILE: Array<[string, RegExp]> = [
  ["a timestamp", /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?/],
  ["a UUID", /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
  ["a JWT", /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/],
];

/** One warning per kind of volatile value found in the system prompt. */
export function volatileWarnings(system: string): string[] {
  const out: string[] = [];
  for (const [what, re] of VOLATILE) {
    const m = re.exec(system);
    if (m) out.push(`the system prompt holds ${what} (${m[0].slice(0, 40)}); it changes the prompt prefix on every request and defeats provider prompt caches`);
  }
  return out;
}
