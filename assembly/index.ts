// The whole export list of the core. Only numbers cross this boundary: JS writes UTF-8 input into
// the arena (`alloc`), makes one call per batch, reads results through fresh typed-array views,
// then calls `reset`. Each export has a TS twin in src/core/wasm/twin/ with identical results.

export { alloc, reset } from "./arena";
