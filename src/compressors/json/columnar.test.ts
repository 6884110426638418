import { describe, expect, it } from "vitest";
import { createTwinBackend } from "../../core/wasm/twin-backend.js";
import { createWasmBackend } from "../../core/wasm/wasm-backend.js";
import { toColumnar } from "./columnar.js";

function columnar(text: string, backend = createWasmBackend()): string | null {
  backend.load(text);
  expect(backend.scanJson(64).n).toBeGreaterThan(0);
  return toColumnar(backend.bytes(), backend.tape());
}

/** The rows rebuilt as objects from a columnar rendering. */
function rebuild(out: string): unknown[] {
  const t = JSON.parse(out) as { keys: string[]; rows: unknown[][] };
  return t.rows.map((row) => Object.fromEntries(t.keys.map((k, i) => [k, row[i]])));
}

describe("toColumnar", () => {
  it("turns a uniform array of flat objects into keys and rows, values verbatim (both engines)", () => {
    const rows = [
      { id: 1, name: "a longer name than thirty-two bytes, to be decoded", ok: true, note: null },
      { id: 2.5e3, name: "ünïcödé ✓", ok: false, note: "x\"y\\z" },
      { id: -3, name: "", ok: true, note: "日本語のテキスト" },
    ];
    const text = JSON.stringify(rows, null, 2).replace("2500", "2.5e3");
    for (const backend of [createWasmBackend(), createTwinBackend()]) {
      const out = columnar(text, backend)!;
      expect(out.startsWith('{"_tokenfold":"columns","keys":["id","name","ok","note"]')).toBe(true);
      expect(rebuild(out)).toEqual(rows);
      // numbers keep their spelling
      expect(out).toContain("[2.5e3,");
    }
  });

  it("gives null unless every item has the same keys in the same order", () => {
    const base = { a: 1, b: 2 };
    expect(columnar(JSON.stringify([base, base]))).not.toBeNull();
    expect(columnar(JSON.stringify([base, { b: 2, a: 1 }]))).toBeNull();
    expect(columnar(JSON.stringify([base, { a: 1, b: 2, c: 3 }]))).toBeNull();
    expect(columnar(JSON.stringify([base, { a: 1 }]))).toBeNull();
    expect(columnar(JSON.stringify([{ a: 1 }, base]))).toBeNull();
    expect(columnar(JSON.stringify([base, { a: 1, c: 2 }]))).toBeNull();
    expect(columnar(JSON.stringify([base, { aa: 1, b: 2 }]))).toBeNull();
    // the same key written another way is not taken for the same (rows are copied verbatim)
    expect(columnar('[{"a":1,"b":2},{"\\u0061":1,"b":2}]')).toBeNull();
  });

  it("gives null for nested values, non-object items, one item, or a top-level object", () => {
    expect(columnar('[{"a":1,"b":{"c":2}},{"a":1,"b":{"c":3}}]')).toBeNull();
    expect(columnar('[{"a":[1]},{"a":[2]}]')).toBeNull();
    expect(columnar('[{"a":1},2]')).toBeNull();
    expect(columnar('[{"a":1}]')).toBeNull();
    expect(columnar('{"a":1,"b":2}')).toBeNull();
  });
});
