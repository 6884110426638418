// Numbers shared by the scanner and the walkers; mirrors src/core/codes.ts (`Status`, `Kind`, `Info`).

// Status codes, returned negated.
@inline export const STATUS_SYNTAX: i32 = 1;
@inline export const STATUS_TOO_DEEP: i32 = 2;
@inline export const STATUS_TAPE_FULL: i32 = 3;
@inline export const STATUS_EMPTY: i32 = 4;
@inline export const STATUS_TRUNCATED: i32 = 5;

// Tape entry kinds (low 4 bits of word 0).
@inline export const KIND_OBJECT: u32 = 1;
@inline export const KIND_ARRAY: u32 = 2;
@inline export const KIND_STRING: u32 = 3;
@inline export const KIND_NUMBER: u32 = 4;
@inline export const KIND_TRUE: u32 = 5;
@inline export const KIND_FALSE: u32 = 6;
@inline export const KIND_NULL: u32 = 7;
@inline export const KIND_KEY: u32 = 8;

// Info block word indices (u32 each).
@inline export const INFO_STRINGS: u32 = 1;
@inline export const INFO_STRING_BYTES: u32 = 2;
@inline export const INFO_NUMBERS: u32 = 3;
@inline export const INFO_NUMBER_BYTES: u32 = 4;
@inline export const INFO_CONTAINERS: u32 = 5;
@inline export const INFO_MAX_DEPTH: u32 = 6;
@inline export const INFO_LITERALS: u32 = 7;
@inline export const INFO_SIZE: u32 = 8;
