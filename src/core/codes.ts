/**
 * Numbers shared with the AssemblyScript core: status codes, tape kinds and record layouts.
 * Mirrored in assembly/status.ts; src/core/codes.test.ts checks that the two lists agree.
 * @module
 */

/** Status codes returned (negated) by core calls. */
export const Status = {
  OK: 0,
  /** Not valid JSON: unexpected byte at `errorOffset`. */
  SYNTAX: 1,
  /** Nesting deeper than the limit. */
  TOO_DEEP: 2,
  /** The tape buffer was too small; retry with a larger one. */
  TAPE_FULL: 3,
  /** Nothing but whitespace. */
  EMPTY: 4,
  /** Input ended inside a value. */
  TRUNCATED: 5,
} as const;

/** Tape entry kinds (low 4 bits of word 0). */
export const Kind = { OBJECT: 1, ARRAY: 2, STRING: 3, NUMBER: 4, TRUE: 5, FALSE: 6, NULL: 7, KEY: 8 } as const;

/**
 * One tape entry is 4 u32 words:
 *
 * | word | meaning                                                              |
 * |------|----------------------------------------------------------------------|
 * | 0    | kind (bits 0–3) · depth (bits 4–31)                                  |
 * | 1    | start byte offset                                                    |
 * | 2    | end byte offset (exclusive; containers include the closing bracket)  |
 * | 3    | index of the entry after this value's subtree (skip in one step)     |
 */
export const TAPE_STRIDE = 4;

/** Scan counters written to the info block (u32 each), used for the fast token estimate. */
export const Info = { ERROR_OFFSET: 0, STRINGS: 1, STRING_BYTES: 2, NUMBERS: 3, NUMBER_BYTES: 4, CONTAINERS: 5, MAX_DEPTH: 6, LITERALS: 7, SIZE: 8 } as const;

/** Item signal bits (what makes an item worth keeping). */
export const Signal = {
  /** A string value holds an error word (error, fail…, exception, fatal, denied, timeout, …). */
  ERROR: 1,
  /** A status-like field (`status`, `code`) holds 400–599. */
  STATUS: 2,
  /** A categorical value seen in at most max(1, n/50) items. */
  RARE: 4,
  /** …and its field is dominated (≥ 80 %) by one other value: the one success among failures. */
  RARE_STRONG: 8,
  /** A number more than 3 standard deviations from its field's mean. */
  OUTLIER: 16,
  /** A value whose type is rare for its field (a null among numbers). */
  TYPE_RARE: 32,
} as const;

/** Item record: u32 words per collection item. */
export const Item = { VALUE: 0, KEY: 1, HASH_LO: 2, HASH_HI: 3, SIGNALS: 4, WORDS: 5, SCHEMA: 6, MIN_BYTES: 7, STRIDE: 8 } as const;

/** Field record: u32 words per field (a key path inside the items, up to `MAX_FIELD_LEVEL` deep). */
export const Field = {
  KEY: 0, PARENT: 1, HASH: 2, PRESENT: 3, T_STRING: 4, T_NUMBER: 5, T_BOOL: 6, T_NULL: 7, T_OBJECT: 8, T_ARRAY: 9,
  DISTINCT: 10, FLAGS: 11, MIN_ITEM: 12, MAX_ITEM: 13, TOP_COUNT: 14, LEVEL: 15, STRIDE: 16,
} as const;
/** Field f64 record. */
export const FieldNum = { MIN: 0, MAX: 1, SUM: 2, SUMSQ: 3, STRIDE: 4 } as const;
/** Field flag bits. */
export const FieldFlag = { HIGH_CARDINALITY: 1 } as const;
/** Distinct-value record: u32 words per (field, value). */
export const Value = { FIELD: 0, HASH: 1, COUNT: 2, FIRST_ITEM: 3, TAPE: 4, STRIDE: 5 } as const;

/** Limits of the analysis (the same in the core and the twin). */
export const Limits = {
  MAX_FIELD_LEVEL: 3,
  MAX_FIELDS: 512,
  MAX_VALUES: 16384,
  /** Distinct values tracked per field; past this a field is not categorical. */
  MAX_DISTINCT: 64,
  /** Most distinct values a field may have for one of them to count as rare. */
  CATEGORICAL_DISTINCT: 16,
  /** Longest string value (bytes, quotes included) that can be categorical. */
  MAX_CATEGORY_BYTES: 66,
  /** Fewest items before rarity and outliers mean anything. */
  MIN_ITEMS_FOR_STATS: 8,
  MAX_TERMS: 32,
} as const;

/** Query term kinds in the term table (3 u32 per term: kind, offset, length). */
export const Term = { WORD: 0, IDENTIFIER: 1, STRIDE: 3 } as const;
