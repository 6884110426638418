/**
 * HTML detection: a doctype or an `<html>` tag is near-certain; otherwise many known HTML tags,
 * taking a good share of the text, suggest a fragment. Markup inside code (JSX, Vue templates)
 * or XML is not a page, so those score low and the code compressor can take them.
 * @module
 */

const SAMPLE = 16 * 1024;
const TAG = /<\/?(?:html|head|body|div|span|p|a|ul|ol|li|table|thead|tbody|tr|td|th|h[1-6]|section|article|main|nav|header|footer|aside|script|style|link|meta|img|br|hr|pre|code|em|strong|b|i|form|input|button|label|select|option|iframe|blockquote|dl|dt|dd|figure|figcaption|title|small|sup|sub|svg|noscript)\b[^>]*>/gi;

/**
 * Scores how much a text looks like an HTML page or fragment.
 * @example detectHtml("<!DOCTYPE html><html><body><p>Hi</p></body></html>") // 0.95
 */
export function detectHtml(text: string, fileName?: string): number {
  if (fileName && /\.(?:html?|xhtml)$/i.test(fileName)) return 0.95;
  const head = text.slice(0, SAMPLE);
  const start = head.trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith("<?xml") && !start.includes("xhtml")) return 0.1;
  if (/^(?:<!--[\s\S]*?-->\s*)*<!doctype html/i.test(head.trimStart())) return 0.95;
  if (/^(?:<!--[\s\S]*?-->\s*)*<html[\s>]/i.test(head.trimStart())) return 0.9;
  // code that carries markup (JSX, templates): imports, declarations, braces
  if (/^\s*(?:import |export |const |let |function |class |package |def |#include|using |<template>|<script setup)/m.test(head.slice(0, 4000))) return 0.1;
  let tags = 0;
  let tagChars = 0;
  for (const m of head.matchAll(TAG)) {
    tags++;
    tagChars += m[0].length;
  }
  if (tags < 8) return tags >= 3 && /<\/(?:p|div|li|td|a)>/i.test(head) ? 0.3 : 0;
  const share = tagChars / Math.max(1, head.length);
  if (share >= 0.15 && /<(?:body|div|p|table|ul|section|article)\b/i.test(head)) return 0.8;
  return share >= 0.05 ? 0.55 : 0.3;
}
