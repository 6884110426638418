// Field look-up of the collection walk (twin: the field search in collectionStats of
// src/core/wasm/twin/collection-stats.ts). A field is a (parent slot, key bytes) pair; its slot is
// found by FNV-1a 32 of both in an open-addressing table of FIELD_INDEX u32 (slot + 1, 0 = empty),
// with linear probing, and a miss adds the field while fewer than MAX_FIELDS exist, as in the twin.
//
// The walk first guesses (guessAt, confirmGuess): items of a collection mostly repeat their keys
// in the same order, so the slot that followed the previous key at this level last time, or the
// first key seen under this parent, is checked with one byte comparison. A field's (parent, key
// bytes) is unique, so a confirmed guess is the slot the table would give: guessing never changes
// a result.

import {
  endAt, F_HASH, F_KEY, F_LEVEL, F_MAX_ITEM, F_MIN_ITEM, F_PARENT, FIELD_INDEX, FNV_OFFSET, FNV_PRIME, fnvRange, MAX_FIELDS, NONE, sameInput, startAt,
} from "./records";

// Guess table: one 16-byte entry after each parent (MAX_FIELDS + 1 of them, for the first key of an
// object), then one after each slot (for the key that follows it). An entry holds what confirming
// the guess needs, so that takes no look-up through the field and tape records:
//   | offset | field                          |
//   |--------|--------------------------------|
//   | 0      | slot + 1 (0 = no guess)        |
//   | 4      | parent                         |
//   | 8      | start of the key's bytes       |
//   | 12     | length of the key's bytes      |
@inline export const GUESS_BYTES: usize = <usize>(2 * MAX_FIELDS + 1) << 4;

/**
 * The guess entry for a key: after parent `parent` when the key is the first of its object
 * (`prev` = 0), else after the slot `prev - 1` of the previous key at its level.
 */
@inline export function guessAt(guess: usize, parent: u32, prev: u32): usize {
  return guess + (<usize>(prev == 0 ? parent : MAX_FIELDS + prev) << 4);
}

/** The slot the guess entry `g` confirms for the key with bytes `[s, en)` under `parent`, or NONE. */
@inline export function confirmGuess(inPtr: usize, g: usize, s: u32, en: u32, parent: u32): u32 {
  const g1 = load<u32>(g);
  const len = en - s;
  return g1 != 0 && load<u32>(g, 4) == parent && load<u32>(g, 12) == len && sameInput(inPtr + <usize>load<u32>(g, 8), inPtr + s, <usize>len)
    ? g1 - 1 : NONE;
}

/** Makes `slot` (bytes `[s, en)`, under `parent`) the guess of entry `g`. */
@inline export function setGuess(g: usize, slot: u32, s: u32, en: u32, parent: u32): void {
  store<u32>(g, slot + 1);
  store<u32>(g, parent, 4);
  store<u32>(g, s, 8);
  store<u32>(g, en - s, 12);
}

/** Whether field `slot` is the key with bytes `[s, en)` under `parent`. */
@inline function isField(inPtr: usize, tapePtr: usize, fieldsPtr: usize, slot: u32, s: u32, en: u32, parent: u32): bool {
  const f = fieldsPtr + (<usize>slot << 6);
  const k0 = load<u32>(f, F_KEY);
  const ks = startAt(tapePtr, k0);
  return load<u32>(f, F_PARENT) == parent && endAt(tapePtr, k0) - ks == en - s && sameInput(inPtr + ks, inPtr + s, <usize>(en - s));
}

/**
 * Finds or adds the field of the key at tape entry `x` (bytes `[s, en)`, quotes included) under
 * `parent` (parent slot + 1, 0 at level 1). Returns its slot: `nFields` when it was added (the
 * caller counts it), NONE when the table is full.
 */
export function findField(
  inPtr: usize, tapePtr: usize, fieldsPtr: usize, fieldIndex: usize, x: u32, s: u32, en: u32, parent: u32, level: u32, nFields: u32,
): u32 {
  const fh = fnvRange((FNV_OFFSET ^ parent) * FNV_PRIME, inPtr + s, inPtr + en);
  let b = fh & (FIELD_INDEX - 1);
  for (;;) {
    const f1 = load<u32>(fieldIndex + (<usize>b << 2));
    if (f1 == 0) {
      if (nFields >= MAX_FIELDS) return NONE;
      const f = fieldsPtr + (<usize>nFields << 6);
      memory.fill(f, 0, 64);
      store<u32>(f, x, F_KEY);
      store<u32>(f, parent, F_PARENT);
      store<u32>(f, fh, F_HASH);
      store<u32>(f, level, F_LEVEL);
      store<u32>(f, NONE, F_MIN_ITEM);
      store<u32>(f, NONE, F_MAX_ITEM);
      store<u32>(fieldIndex + (<usize>b << 2), nFields + 1);
      return nFields;
    }
    if (load<u32>(fieldsPtr + (<usize>(f1 - 1) << 6), F_HASH) == fh && isField(inPtr, tapePtr, fieldsPtr, f1 - 1, s, en, parent)) return f1 - 1;
    b = (b + 1) & (FIELD_INDEX - 1);
  }
  return unreachable();
}
