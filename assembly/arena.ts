// One arena for everything the core touches: JS writes inputs here, the core writes results
// here, and `reset()` frees it all at once. No AS objects are ever allocated (runtime `stub`),
// so nothing else competes for the heap.

const ALIGN: usize = 16;
let top: usize = 0;

@inline function base(): usize {
  return (__heap_base + ALIGN - 1) & ~(ALIGN - 1);
}

/** Reserves `len` bytes (16-byte aligned, +16 bytes of padding so block loads may overrun). */
export function alloc(len: usize): usize {
  if (top == 0) top = base();
  const ptr = top;
  const end = (ptr + len + ALIGN + ALIGN - 1) & ~(ALIGN - 1);
  const needPages = <i32>((end + 0xffff) >>> 16) - memory.size();
  if (needPages > 0 && memory.grow(needPages) < 0) return 0; // 0 = out of memory
  top = end;
  return ptr;
}

/** Frees every allocation. Memory stays grown: the next call of similar size needs no grow. */
export function reset(): void {
  top = base();
}
