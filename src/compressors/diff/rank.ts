/**
 * Query relevance of the parts of a diff: commits (message + changed lines), file diffs
 * (path + changed lines) and hunks. Identifiers count byte-for-byte anywhere in a part (a path,
 * a context line, a commit header); words are scored with BM25 (`scoreUnits`) over what changed.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import { identifierHits, scoreUnits } from "../shared/relevance.js";
import type { ParsedDiff } from "./parse.js";
import { isSecurityRef } from "./security.js";

/** Relevance of every part; arrays are indexed like `commits`, `files` and the flat hunk list. */
export interface Relevance {
  /** The commit's header or message holds a query identifier. */
  commitHit: Uint8Array;
  /** BM25 + identifier score of message + changed lines, per commit. */
  commitScore: Float64Array;
  /** The file's path, headers or any hunk line holds a query identifier. */
  fileHit: Uint8Array;
  /** The file's header lines (its paths) hold a query identifier. */
  headHit: Uint8Array;
  /** BM25 + identifier score of path + changed lines, per file. */
  fileScore: Float64Array;
  /** Index of each file's first hunk in the flat hunk list. */
  hunkBase: Uint32Array;
  /** Any line of the hunk (context too) holds a query identifier. */
  hunkHit: Uint8Array;
  /** BM25 score of the hunk's changed lines and heading. */
  hunkScore: Float64Array;
  /** A changed line of the hunk cites a security advisory (CVE, GHSA). */
  hunkSecurity: Uint8Array;
}

/**
 * True when the query has anything to match.
 * @example hasQuery(parseQuery("")) // false
 */
export function hasQuery(q: ParsedQuery): boolean {
  return q.words.length > 0 || q.identifiers.length > 0;
}

/**
 * Scores every commit, file and hunk of a parsed diff against the query.
 * @example rankParts(parseDiff(text), parseQuery("`isAbsoluteURL` change")).fileHit
 */
export function rankParts(d: ParsedDiff, query: ParsedQuery): Relevance {
  const { lines, files, commits } = d;
  const q = discriminating(d, query);
  const hunkBase = new Uint32Array(files.length + 1);
  for (let f = 0; f < files.length; f++) hunkBase[f + 1] = hunkBase[f]! + files[f]!.hunks.length;
  const nh = hunkBase[files.length]!;
  const r: Relevance = {
    commitHit: new Uint8Array(commits.length), commitScore: new Float64Array(commits.length),
    fileHit: new Uint8Array(files.length), headHit: new Uint8Array(files.length), fileScore: new Float64Array(files.length),
    hunkBase, hunkHit: new Uint8Array(nh), hunkScore: new Float64Array(nh), hunkSecurity: new Uint8Array(nh),
  };
  markSecurity(d, r);
  if (!hasQuery(q)) return r;
  const ids = q.identifiers.length > 0;
  const join = (a: number, b: number) => lines.slice(a, b).join("\n");

  const hunkText: string[] = new Array(nh);
  const fileText: string[] = new Array(files.length);
  for (let f = 0; f < files.length; f++) {
    const file = files[f]!;
    const head = join(file.start, file.hunks.length ? file.hunks[0]!.start : file.end);
    if (ids && identifierHits(head, q) > 0) r.fileHit[f] = r.headHit[f] = 1;
    const changedOfFile: string[] = [file.path, file.fromPath];
    file.hunks.forEach((h, k) => {
      const changed: string[] = [h.heading];
      for (let i = h.start + 1; i < h.end; i++) {
        const c = lines[i]!.charCodeAt(0);
        if (c === 43 || c === 45) changed.push(lines[i]!);
      }
      hunkText[hunkBase[f]! + k] = changed.join("\n");
      changedOfFile.push(...changed);
      if (ids && identifierHits(join(h.start, h.end), q) > 0) {
        r.hunkHit[hunkBase[f]! + k] = 1;
        r.fileHit[f] = 1;
      }
    });
    fileText[f] = changedOfFile.join("\n");
  }
  const commitText = commits.map((c, k) => {
    const message = join(c.start, c.end);
    if (ids && identifierHits(message, q) > 0) r.commitHit[k] = 1;
    return [message, ...c.files.map((f) => fileText[f]!)].join("\n");
  });
  r.hunkScore.set(scoreUnits(hunkText, q));
  r.fileScore.set(scoreUnits(fileText, q));
  r.commitScore.set(scoreUnits(commitText, q));
  return r;
}

/**
 * The query without identifiers found in most file diffs: a version in every path
 * (`v6.11.6/reader.js`) or the project name names no file in particular, and would keep them all.
 */
function discriminating(d: ParsedDiff, q: ParsedQuery): ParsedQuery {
  if (d.files.length < 4 || q.identifiers.length === 0) return q;
  const texts = d.files.map((f) => d.lines.slice(f.start, f.end).join("\n"));
  const identifiers = q.identifiers.filter((id) => texts.filter((t) => t.includes(id)).length * 2 <= texts.length);
  return identifiers.length === q.identifiers.length ? q : { ...q, identifiers };
}

function markSecurity(d: ParsedDiff, r: Relevance): void {
  const { lines } = d;
  d.files.forEach((file, f) => {
    file.hunks.forEach((h, k) => {
      for (let i = h.start + 1; i < h.end; i++) {
        const c = lines[i]!.charCodeAt(0);
        if ((c === 43 || c === 45) && isSecurityRef(lines[i]!)) { r.hunkSecurity[r.hunkBase[f]! + k] = 1; return; }
      }
    });
  });
}
