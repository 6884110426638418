// One answer everywhere: compress() gives the same bytes on the WASM core and on the TS twin,
// for random JSON (fast-check) and for every JSON case of the shared corpus.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compress, memoryStore } from "../src/index.js";

const store = memoryStore();
const both = async (text: string, query?: string) => {
  const [w, j] = await Promise.all([compress(text, { engine: "wasm", query, store }), compress(text, { engine: "js", query, store })]);
  return { w: w!, j: j! };
};

describe("wasm and js engines give identical compress() output", () => {
  it("random JSON documents, collections and queries", async () => {
    const record = fc.record({
      id: fc.integer({ min: 0, max: 10_000 }),
      status: fc.constantFrom("ok", "ok", "ok", "failed", "pending"),
      score: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
      note: fc.oneof(fc.string(), fc.constant(null), fc.string({ unit: "grapheme", maxLength: 40 })),
      tags: fc.array(fc.constantFrom("a", "b", "timeout", "error"), { maxLength: 4 }),
      nested: fc.option(fc.record({ code: fc.constantFrom(200, 404, 503), msg: fc.string() })),
    });
    const doc = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.array(record, { minLength: 0, maxLength: 120 }).map((a) => JSON.stringify({ items: a, total: a.length })),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), record, { maxKeys: 60 }).map((d) => JSON.stringify(d, null, 2)),
    );
    const query = fc.option(fc.constantFrom("which failed?", "error 503", "status pending", "id 42", "`note`"), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(doc, query, async (text, q) => {
        const { w, j } = await both(text, q);
        expect(w.text).toBe(j.text);
        expect(w.refs).toEqual(j.refs);
        expect(w.reasons.map((r) => r.code)).toEqual(j.reasons.map((r) => r.code));
      }),
      { numRuns: 150 },
    );
  });

  const corpus = join(import.meta.dirname, "..", "..", "shared", "corpus");
  const manifest = join(corpus, "manifest.json");
  const cases = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, "utf8")) as Array<{ id: string; kind: string; file: string; query: string }>).filter((c) => c.file.endsWith(".json"))
    : [];
  it.skipIf(cases.length === 0)("every JSON case of the shared corpus (skipped when ../shared/corpus is absent)", async () => {
    for (const c of cases) {
      const text = readFileSync(join(corpus, c.file), "utf8");
      const { w, j } = await both(text, c.query);
      expect(w.text, c.id).toBe(j.text);
      expect(() => JSON.parse(w.text), `${c.id}: output is valid JSON`).not.toThrow();
      expect(w.tokensAfter, c.id).toBeLessThan(w.tokensBefore);
    }
  });

  const others = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, "utf8")) as Array<{ id: string; file: string; query: string }>).filter((c) => !c.file.endsWith(".json"))
    : [];
  it.skipIf(others.length === 0)("every log, search, code, diff and text case of the shared corpus (skipped when absent)", async () => {
    for (const c of others) {
      const text = readFileSync(join(corpus, c.file), "utf8");
      const { w, j } = await both(text, c.query);
      expect(w.type, c.id).toBe(j.type);
      expect(w.text, c.id).toBe(j.text);
      expect(w.refs, c.id).toEqual(j.refs);
    }
  });
});
