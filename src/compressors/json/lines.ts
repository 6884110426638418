/**
 * JSON Lines: one JSON value per line. We wrap the lines into a virtual array of the same length
 * plus two (`[` … `]`, each line break between values becomes `,`, other line-break bytes become
 * spaces), so every byte offset in the array is the original offset + 1 and the array compressor
 * runs unchanged; the root is then rendered back as lines.
 * @module
 */

/** True when the text looks like JSON Lines: ≥ 2 non-empty lines, each a `{…}` or `[…]`. */
export function looksLikeJsonLines(text: string): boolean {
  let lines = 0;
  let start = 0;
  while (start < text.length && lines < 6) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    if (line.length > 0) {
      const a = line[0];
      const z = line[line.length - 1];
      if (!((a === "{" && z === "}") || (a === "[" && z === "]"))) return false;
      lines++;
    }
    start = end + 1;
  }
  return lines >= 2;
}

/** The virtual array text for JSON Lines (length = text.length + 2). */
export function toVirtualArray(text: string): string {
  // find the last non-empty line's end: line breaks after it must not become commas
  let lastContent = text.length - 1;
  while (lastContent >= 0 && /\s/.test(text[lastContent]!)) lastContent--;
  let out = "[";
  let lineHasContent = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out += text.slice(from, i) + (lineHasContent && i < lastContent ? "," : " ");
      from = i + 1;
      lineHasContent = false;
    } else if (c !== 13 && c !== 32 && c !== 9) lineHasContent = true;
  }
  return out + text.slice(from) + "]";
}
