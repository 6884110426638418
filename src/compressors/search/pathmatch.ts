/**
 * How well a path's own words answer the question. A file named for the thing asked about
 * (`pipelines/automatic-speech-recognition.js` for "the automatic speech recognition pipeline",
 * `whisper/generation_whisper.js` for "Whisper's generation logic") is an answer by itself, in
 * whatever directory it sits, so it must never disappear into a `dir/ (N files)` summary.
 *
 * Path words: the path split at `/ \ - _ .` and camelCase, lower-cased. A path word matches a
 * query word when their stems are equal, or when one (5+ letters) is the other as written plus at
 * most two letters (`compile` ~ `compiler`, `tokenize` ~ `tokenizer`; not `speecht5` ~ `speech`,
 * not `generic` ~ `generation`).
 *
 * How often a term occurs decides what it is worth: in more than a quarter of the paths (`ts` of
 * every `.ts` file) nothing; in more than {@link COMMON_SHARE} "common" (it does not rank paths
 * while rarer terms do). A path is *named like the question* (strong) when it holds a rare query
 * identifier, or when it holds several query terms, one of them in its file name, that at most
 * {@link SPECIFIC_SHARE} of the paths hold together: the twins of one file in parallel trees, not
 * every `feature_extraction_*.js` for "the Whisper feature extractor". When no path holds two
 * terms together, the question's terms are alternatives, and a specific one in a file name is
 * enough.
 * @module
 */
import { nameWords } from "./definition.js";
import { splitPath } from "./files.js";
import { stem, type Terms } from "./rank.js";

/** A query word is common when more than this share of the paths holds it (and more than {@link COMMON_MIN}). */
export const COMMON_SHARE = 0.04;
/** …and more than this many paths. */
export const COMMON_MIN = 12;
/** A query word in more than this share of the paths does not count at all. */
export const UBIQUITOUS_SHARE = 0.25;
/**
 * A set of query terms names a few files when at most this share of the paths (or
 * {@link COMMON_MIN}, in a small listing) holds them all.
 */
export const SPECIFIC_SHARE = 0.015;
/** Query terms tracked together (bits of a mask). */
const MAX_TERMS = 30;
/** Distinct term sets beyond which a set's paths are counted exactly, not with their supersets. */
const MAX_MASKS = 2000;

const popcount = (x: number) => {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
};

/** Most specific terms a question may hold for each of them alone to name a file strongly. */
export const MAX_ALTERNATIVES = 3;

/** What one path's words match. */
export interface PathMatch {
  /** Distinct non-common query words in the file name. */
  name: number;
  /** Distinct non-common query words anywhere in the path. */
  all: number;
  /** Non-common query identifiers (or identifier parts) in the path. */
  ids: number;
  /**
   * Named like the question, never collapsed unless the question excludes its kind: a query
   * identifier in the path, or several query terms (one in the file name) that few other paths
   * hold together, or, when no path holds two terms, one specific term in the file name.
   */
  strong: boolean;
}

/** Matches path words to query words, with a stem cache (paths repeat their words a lot). */
export class WordMatcher {
  private readonly stems = new Map<string, string>();
  /**
   * @param words query words, stemmed
   * @param full the same words as written (the prefix rule works on these: `generation` was
   *   stemmed to `gener`, which must not find `generic`)
   */
  constructor(private readonly words: readonly string[], private readonly full: readonly string[] = words) {}

  /** The stem of a lower-cased word, cached. */
  stemOf(w: string): string {
    let s = this.stems.get(w);
    if (s === undefined) {
      s = stem(w);
      this.stems.set(w, s);
    }
    return s;
  }

  /**
   * True when path word `token` (lower-cased) is query word number `q`.
   * @example new WordMatcher(["recognit"], ["recognition"]).same("recognition", 0) // true
   */
  same(token: string, q: number): boolean {
    const st = this.stemOf(token);
    const w = this.words[q]!;
    const f = this.full[q] ?? w;
    return st === w || token === f || nearPrefix(st, f) || nearPrefix(token, f);
  }

  /** Marks in `out` (one slot per query word) the query words found among `tokens`. */
  hits(tokens: readonly string[], out: Uint8Array): void {
    out.fill(0);
    for (const t of tokens) {
      if (t.length < 2) continue;
      for (let q = 0; q < this.words.length; q++) if (!out[q] && this.same(t, q)) out[q] = 1;
    }
  }
}

const isLower = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isUpper = (c: number) => c >= 65 && c <= 90;

/**
 * True when `id` occurs in `path` as a whole name: not glued to more letters or digits on either
 * side, except at a camelCase seam (`ObjectUtils` in `MyObjectUtils.java`, not `module_77` in
 * `module_770.ts`).
 * @example wholeIn("src/defineModel.spec.ts", "defineModel") // true
 */
export function wholeIn(path: string, id: string): boolean {
  const first = id.charCodeAt(0);
  const last = id.charCodeAt(id.length - 1);
  for (let at = path.indexOf(id); at >= 0; at = path.indexOf(id, at + 1)) {
    const b = at === 0 ? 32 : path.charCodeAt(at - 1);
    const a = at + id.length >= path.length ? 32 : path.charCodeAt(at + id.length);
    const leftOk = !(isLower(b) || isUpper(b)) || (isUpper(first) && isLower(b));
    const rightOk = !(isLower(a) || isUpper(a)) || (isUpper(a) && isLower(last));
    if (leftOk && rightOk) return true;
  }
  return false;
}

/** One word (5+ letters) is the other plus at most two more letters (an ending, not a version like `t5`). */
function nearPrefix(a: string, b: string): boolean {
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 2) return false;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.startsWith(short) && /^[a-z]+$/.test(long.slice(short.length));
}

/**
 * The lower-cased words of a path: `src/models/whisper/generation_whisper.js` → src, models,
 * whisper, generation, whisper, js.
 */
export function pathWords(path: string): string[] {
  return nameWords(path);
}

/**
 * Scores how each path's words match the question. `paths` are the candidates (those holding
 * some query word or identifier at all); `total` is the number of paths in the whole input, for
 * telling common words from rare ones; `scale` (≥ 1) multiplies the counts seen in `paths` when
 * they are a sample of the matching paths (the best of them, on a huge listing).
 * @returns per path what it matches; the query words and identifiers (and parts) too common to
 *   tell paths apart, and those in no path at all
 * @example pathMatches(["src/pipelines/automatic-speech-recognition.js"], terms, 3000).matches[0].strong // true
 */
export function pathMatches(paths: readonly string[], terms: Terms, total: number, scale = 1): { matches: PathMatch[]; common: Set<string>; absent: Set<string> } {
  const qw = terms.query.words;
  const m = new WordMatcher(qw, terms.full);
  const nameBits: Uint8Array[] = [];
  const allBits: Uint8Array[] = [];
  const dfWord = new Uint32Array(qw.length);
  const ids = [...terms.query.identifiers, ...terms.parts];
  const idHit: Uint8Array[] = [];
  const dfId = new Uint32Array(ids.length);
  for (const p of paths) {
    const [, name] = splitPath(p);
    const nb = new Uint8Array(qw.length);
    const ab = new Uint8Array(qw.length);
    m.hits(pathWords(name), nb);
    m.hits(pathWords(p), ab);
    for (let q = 0; q < qw.length; q++) if (ab[q]) dfWord[q]!++;
    nameBits.push(nb);
    allBits.push(ab);
    const ib = new Uint8Array(ids.length);
    for (let k = 0; k < ids.length; k++) if (p.includes(ids[k]!) && wholeIn(p, ids[k]!)) { ib[k] = 1; dfId[k]!++; }
    idHit.push(ib);
  }
  if (scale > 1) {
    for (let q = 0; q < dfWord.length; q++) dfWord[q] = Math.ceil(dfWord[q]! * scale);
    for (let k = 0; k < dfId.length; k++) dfId[k] = Math.ceil(dfId[k]! * scale);
  }
  const limit = Math.max(COMMON_MIN, COMMON_SHARE * total);
  const specific = Math.max(COMMON_MIN, SPECIFIC_SHARE * total);
  const rareWord = Array.from(dfWord, (d) => d <= limit);
  const rareId = Array.from(dfId, (d) => d <= limit);
  // The terms that can tell paths apart, one bit each: in some path, in at most a quarter of them
  // (`ts` of a TypeScript tree names nothing).
  const bitWord = new Int32Array(qw.length).fill(-1);
  const bitId = new Int32Array(ids.length).fill(-1);
  let bits = 0;
  let specificTerms = 0;
  const usable = (d: number) => d > 0 && d <= UBIQUITOUS_SHARE * total && bits < MAX_TERMS;
  for (let q = 0; q < qw.length; q++) if (usable(dfWord[q]!)) { bitWord[q] = bits++; if (dfWord[q]! <= specific) specificTerms++; }
  for (let k = 0; k < ids.length; k++) if (usable(dfId[k]!)) { bitId[k] = bits++; if (dfId[k]! <= specific) specificTerms++; }
  const out: PathMatch[] = [];
  const pathMask = new Int32Array(paths.length);
  const nameMask = new Int32Array(paths.length);
  const byMask = new Map<number, number>();
  for (let i = 0; i < paths.length; i++) {
    let name = 0;
    let all = 0;
    let id = 0;
    let pm = 0;
    let nm = 0;
    for (let q = 0; q < qw.length; q++) {
      if (bitWord[q]! >= 0 && allBits[i]![q]) {
        pm |= 1 << bitWord[q]!;
        if (nameBits[i]![q]) nm |= 1 << bitWord[q]!;
      }
      if (!rareWord[q]) continue;
      if (nameBits[i]![q]) name++;
      if (allBits[i]![q]) all++;
    }
    const fileName = splitPath(paths[i]!)[1];
    for (let k = 0; k < ids.length; k++) {
      if (!idHit[i]![k]) continue;
      if (rareId[k]) id++;
      if (bitId[k]! >= 0) {
        pm |= 1 << bitId[k]!;
        if (wholeIn(fileName, ids[k]!)) nm |= 1 << bitId[k]!;
      }
    }
    pathMask[i] = pm;
    nameMask[i] = nm;
    if (pm !== 0) byMask.set(pm, (byMask.get(pm) ?? 0) + 1);
    out.push({ name, all, ids: id, strong: false });
  }
  // How many paths hold every term of a mask (a sample's counts scaled up).
  const masks = [...byMask.keys()];
  const within = new Map<number, number>();
  const holding = (mk: number): number => {
    let c = within.get(mk);
    if (c !== undefined) return c;
    c = 0;
    if (masks.length > MAX_MASKS) c = byMask.get(mk) ?? 0;
    else for (const m2 of masks) if ((m2 & mk) === mk) c += byMask.get(m2)!;
    c = Math.ceil(c * scale);
    within.set(mk, c);
    return c;
  };
  const multi = new Uint8Array(paths.length);
  let combos = 0;
  for (let i = 0; i < paths.length; i++) {
    // several of the question's terms, one in the file name, and few other paths hold them all:
    // `pipelines/automatic-speech-recognition.js`, `whisper/generation_whisper.js`
    if (nameMask[i] !== 0 && popcount(pathMask[i]!) >= 2 && holding(pathMask[i]!) <= specific) { multi[i] = 1; combos++; }
  }
  for (let i = 0; i < paths.length; i++) {
    const m = out[i]!;
    m.strong =
      // a query identifier names the file or a directory of it
      m.ids > 0 ||
      multi[i] === 1 ||
      // no path holds two of the question's terms together, so they are alternatives ("whisper,
      // musicgen or moonshine files"): a specific one of them names the file
      (combos === 0 && specificTerms <= MAX_ALTERNATIVES && nameMask[i] !== 0 && holding(pathMask[i]!) <= specific);
  }
  // common: too frequent to tell paths apart; absent: in no path at all (nothing to rank by)
  const common = new Set<string>();
  const absent = new Set<string>();
  for (let k = 0; k < ids.length; k++) if (!rareId[k]) common.add(ids[k]!); else if (dfId[k] === 0) absent.add(ids[k]!);
  for (let q = 0; q < qw.length; q++) if (!rareWord[q]) common.add(qw[q]!); else if (dfWord[q] === 0) absent.add(qw[q]!);
  return { matches: out, common, absent };
}
