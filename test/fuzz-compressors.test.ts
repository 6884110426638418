// Bad input never crashes and never loses data, whatever compressor it is forced through:
// random text (fast-check) and mangled corpus-like inputs go through every type; the result is
// either the input unchanged or a smaller text whose ref gives the input back byte-for-byte.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compress, CONTENT_TYPES, memoryStore, retrieve } from "../src/index.js";
// @ts-expect-error plain JS module without types
import { authLog, gitLog, grepOutput, markdownFaq, pythonModule } from "../bench/generate-text.mjs";

const store = memoryStore();

async function check(text: string, type: (typeof CONTENT_TYPES)[number], query?: string) {
  const r = await compress(text, { type, query, store });
  expect(typeof r.text).toBe("string");
  expect(r.reasons.length).toBeGreaterThan(0);
  if (r.text === text) return;
  expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
  if (r.refs.length > 0) {
    const back = await retrieve(r.refs[0]!, { store });
    expect(back.ok && back.value.text).toBe(text);
  }
}

// Pieces of real-looking tool output, to be shuffled, cut and mixed.
const pieces: string[] = [
  authLog(300), grepOutput(200), pythonModule(6), gitLog(5), markdownFaq(12),
  JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ id: i, ok: i % 7 !== 0 })) }, null, 2),
  "<!DOCTYPE html><html><body><nav>x</nav><main><h1>T</h1><p>Hello <a href='/a'>a</a></p><table><tr><td>1</td></tr></table></main></body></html>",
];

describe("every compressor survives bad input", () => {
  it("random strings, forced through each type", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 3000 }), fc.constantFrom(...CONTENT_TYPES), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), async (text, type, q) => {
        await check(text, type, q);
      }),
      { numRuns: 300 },
    );
  });

  it("real-looking outputs cut at random places, spliced, with CRLF or stray control bytes", async () => {
    const mangled = fc.tuple(fc.nat({ max: pieces.length - 1 }), fc.nat({ max: pieces.length - 1 }), fc.nat(), fc.nat(), fc.constantFrom("", "\r\n", "\u0007", "\uFFFD", "\n\n\n")).map(([a, b, x, y, junk]) => {
      const p = pieces[a]!;
      const q = pieces[b]!;
      const cut = p.slice(0, x % (p.length + 1)) + junk + q.slice(y % (q.length + 1));
      return junk === "\r\n" ? cut.replace(/\n/g, "\r\n") : cut;
    });
    await fc.assert(
      fc.asyncProperty(mangled, fc.constantFrom(...CONTENT_TYPES, "auto" as const), fc.constantFrom(undefined, "which error?", "`parseTimeout`", "make_response status"), async (text, type, q) => {
        if (type === "auto") {
          const r = await compress(text, { query: q, store });
          expect(typeof r.text).toBe("string");
        } else await check(text, type, q);
      }),
      { numRuns: 120 },
    );
  });

  it("the same input gives the same bytes twice, for every type", async () => {
    for (const p of pieces) for (const type of CONTENT_TYPES) {
      const a = await compress(p, { type, query: "error status", store });
      const b = await compress(p, { type, query: "error status", store });
      expect(b.text).toBe(a.text);
    }
  });
});
