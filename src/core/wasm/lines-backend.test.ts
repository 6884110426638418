// The line batch call gives the same ranges and hashes from the WASM core and from the TS twin.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTwinBackend } from "./twin-backend.js";
import { createWasmBackend } from "./wasm-backend.js";

describe("backend.lines", () => {
  it("wasm and twin agree on random multi-line text, masked and plain", () => {
    const wasm = createWasmBackend();
    const twin = createTwinBackend();
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom("Failed password for root from 10.0.0.1 port 22 ssh2", "GET /a?id=3f2a 200", "ERROR x", "", "\r"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom("\n", "\r\n"), fc.boolean(), fc.boolean(), (ls, eol, masked, trailing) => {
        const text = ls.join(eol) + (trailing ? eol : "");
        wasm.load(text);
        twin.load(text);
        const a = wasm.lines(masked, 7);
        const b = twin.lines(masked, 7);
        expect(a.n).toBe(b.n);
        expect(Array.from(a.out)).toEqual(Array.from(b.out));
      }),
      { numRuns: 300 },
    );
  });

  it("masked lines that differ only in numbers hash equal; the copy outlives the next call", () => {
    const wasm = createWasmBackend();
    wasm.load("port 22 from 10.0.0.1\nport 80 from 192.168.1.7\nport x from y\n");
    const { n, out } = wasm.lines(true, 0);
    wasm.load("something else entirely, longer than before so memory is reused");
    expect(n).toBe(3);
    expect([out[2], out[3]]).toEqual([out[6], out[7]]);
    expect([out[2], out[3]]).not.toEqual([out[10], out[11]]);
    expect([out[0], out[1], out[4], out[5]]).toEqual([0, 21, 22, 46]);
  });
});
