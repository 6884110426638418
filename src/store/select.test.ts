import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoreEntry } from "../core/types.js";
import { selectMatching } from "./select.js";

const ref = "tf_000000000000000000000001";
const text = (original: string, units?: Array<[number, number]>): StoreEntry =>
  units === undefined ? { ref, original, type: "text" } : { ref, original, type: "json", units };

const LOG = [
  "2024-05-01 INFO  job build started",
  "2024-05-01 ERROR job deploy-prod failed: timeout",
  "2024-05-01 INFO  job deploy-staging ok",
  "2024-05-01 WARN  disk almost full",
  "2024-05-01 ERROR job test failed: 3 tests",
].join("\n");

describe("selectMatching", () => {
  it("keeps lines that share a query word, in original order, verbatim", () => {
    const r = selectMatching(text(LOG), "which jobs failed?");
    expect(r).toEqual({
      text: "2024-05-01 ERROR job deploy-prod failed: timeout\n2024-05-01 ERROR job test failed: 3 tests",
      matched: 2,
      total: 5,
    });
  });

  it("matches identifiers case-sensitively and words case-insensitively", () => {
    expect(selectMatching(text(LOG), "DISK").text).toBe("2024-05-01 WARN  disk almost full");
    // Both lines share the words "deploy" and "prod"; only the exact identifier breaks the tie.
    const original = "release deploy prod\nsee Deploy-Prod";
    expect(selectMatching(text(original), "`Deploy-Prod`", { maxUnits: 1 })).toEqual({
      text: "see Deploy-Prod",
      matched: 2,
      total: 2,
    });
    expect(selectMatching(text(original), "`deploy-prod`", { maxUnits: 1 }).text).toBe("release deploy prod");
  });

  it("ranks an identifier above any number of words when capped", () => {
    const original = ["alpha beta gamma delta", "x deploy-prod y", "alpha beta gamma"].join("\n");
    const r = selectMatching(text(original), "alpha beta gamma delta deploy-prod", { maxUnits: 1 });
    expect(r).toEqual({ text: "x deploy-prod y", matched: 3, total: 3 });
  });

  it("keeps the best units up to maxUnits, earlier first among equals, then in original order", () => {
    const original = ["one", "one two", "two", "one two", "one"].join("\n");
    expect(selectMatching(text(original), "one two", { maxUnits: 2 }).text).toBe("one two\none two");
    expect(selectMatching(text(original), "one", { maxUnits: 2 }).text).toBe("one\none two");
    expect(selectMatching(text(original), "one", { maxUnits: 0 })).toEqual({ text: "", matched: 4, total: 5 });
  });

  it("caps at 200 units by default", () => {
    const original = Array.from({ length: 250 }, (_, i) => `row ${i} match`).join("\n");
    const r = selectMatching(text(original), "match");
    expect(r.matched).toBe(250);
    expect(r.total).toBe(250);
    expect(r.text.split("\n")).toHaveLength(200);
    expect(r.text.split("\n")[199]).toBe("row 199 match");
  });

  it("counts a query word once per unit, however often it appears", () => {
    const original = ["error error error error", "error timeout"].join("\n");
    expect(selectMatching(text(original), "error timeout", { maxUnits: 1 }).text).toBe("error timeout");
  });

  it("returns nothing when nothing matches, or the query has no terms", () => {
    expect(selectMatching(text(LOG), "kubernetes")).toEqual({ text: "", matched: 0, total: 5 });
    expect(selectMatching(text(LOG), "what is the")).toEqual({ text: "", matched: 0, total: 5 });
    expect(selectMatching(text(""), "x y")).toEqual({ text: "", matched: 0, total: 0 });
  });

  it("keeps \\r of CRLF lines and does not count the empty line after a final newline", () => {
    const r = selectMatching(text("a match\r\nb\r\nc match\r\n"), "match");
    expect(r).toEqual({ text: "a match\r\nc match\r", matched: 2, total: 3 });
  });

  it("uses the entry's unit spans when it has them", () => {
    const original = '[{"id":"u1","name":"Kurtis Weissnat"},{"id":"u2","name":"Ada Lovelace"},{"id":"u3","name":"Kurtis Other"}]';
    const units: Array<[number, number]> = [];
    for (const m of original.matchAll(/\{[^}]*\}/g)) units.push([m.index, m.index + m[0].length]);
    // "kurtis" is also a query word, so u3 matches too, but the whole name ranks u1 first.
    const r = selectMatching(text(original, units), "Which user is Kurtis Weissnat?", { maxUnits: 1 });
    expect(r).toEqual({ text: '{"id":"u1","name":"Kurtis Weissnat"}', matched: 2, total: 3 });
    expect(selectMatching(text(original, units), "kurtis").text).toBe(
      '{"id":"u1","name":"Kurtis Weissnat"}\n{"id":"u3","name":"Kurtis Other"}',
    );
  });

  it("returns spans in original order even if listed out of order", () => {
    const original = "aaa match|bbb|ccc match";
    const r = selectMatching(text(original, [[14, 23], [0, 9], [10, 13]]), "match");
    expect(r.text).toBe("aaa match\nccc match");
  });

  it("only ever returns whole units of the original (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 20 }).map((s) => s.replace(/\n/g, " ")), { maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.integer({ min: 0, max: 40 }),
        (lines, query, maxUnits) => {
          const original = lines.join("\n");
          const r = selectMatching(text(original), query, { maxUnits });
          expect(r.matched).toBeLessThanOrEqual(r.total);
          if (r.text === "") return;
          const out = r.text.split("\n");
          expect(out.length).toBeLessThanOrEqual(Math.min(maxUnits, r.matched));
          // A subsequence of the original lines.
          let i = 0;
          for (const line of out) {
            while (i < lines.length && lines[i] !== line) i++;
            expect(i).toBeLessThan(lines.length);
            i++;
          }
        },
      ),
    );
  });
});

describe("units that cover only part of the original", () => {
  it("the lines between the units are searched too (a log's kept lines), bare punctuation is not", () => {
    const original = "kept line alpha\nDROPPED beta one\nDROPPED beta two\nkept line gamma\n,\n";
    const start = original.indexOf("DROPPED");
    const end = original.indexOf("\nkept line gamma");
    const entry = { ref: "tf_000000000000000000000000", original, type: "log", units: Uint32Array.from([start, end]) };
    expect(selectMatching(entry, "gamma").text).toBe("kept line gamma");
    expect(selectMatching(entry, "beta").text).toBe("DROPPED beta one\nDROPPED beta two");
    expect(selectMatching(entry, "alpha gamma").text).toBe("kept line alpha\nkept line gamma");
    expect(selectMatching(entry, "line").total).toBe(3);
  });
});
