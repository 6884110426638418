/**
 * Detection for prose and markdown. The text compressor is the router's fallback, so this only
 * ever claims a modest confidence (at most 0.45, under the router's 0.5 bar): markdown structure
 * (headings, list items, fences, links) or wrapped prose raise it; every other kind's detector
 * outbids it on its own input.
 * @module
 */
import { proseLike } from "./units.js";

/** Highest confidence this detector returns. */
export const MAX_TEXT_CONFIDENCE = 0.45;

const SAMPLE = 16 * 1024;

/**
 * Scores how much a text looks like prose or markdown.
 * @example detectText("# Title\n\nSome words in a sentence here.\n\n- an item\n") // 0.45
 */
export function detectText(text: string, fileName?: string): number {
  if (fileName && /\.(?:md|markdown|mdx|rst|txt|adoc)$/i.test(fileName)) return MAX_TEXT_CONFIDENCE;
  const sample = text.slice(0, SAMPLE);
  if (sample.trim().length === 0) return 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  if (control > sample.length / 100) return 0;
  const lines = sample.split("\n");
  let marks = 0;
  for (const l of lines) {
    if (/^ {0,3}#{1,6} \S/.test(l) || /^ {0,3}(?:[-*+]|\d{1,3}[.)]) \S/.test(l) || /^ {0,3}(?:```|~~~)/.test(l) || /\[[^\]]+\]\([^)\s]+\)/.test(l)) marks++;
  }
  const prose = proseLike(lines.slice(0, 400));
  if (marks >= 3 && prose) return MAX_TEXT_CONFIDENCE;
  if (marks >= 3 || prose) return 0.3;
  return 0.1;
}
