import { describe, expect, it } from "vitest";
import { parseQuery } from "../../core/query.js";
import { scoreUnits } from "../shared/relevance.js";
import { scoreSpans } from "./relevance.js";

describe("scoreSpans", () => {
  it("gives the shared scoreUnits' scores, over spans of one text", () => {
    const units = [
      "GET /robots.txt 301 redirects to the new place",
      "The Redirect happened twice; redirects are cached.",
      "ünïcode wörds and Straße with tokio-util and tokio_util",
      "",
      "robots.txt robots.txt robots ROBOTS",
      "Nothing here at all, really nothing.",
      "Status: 200 OK; status codes matter for `tokio-util` users",
    ];
    const text = units.join("\n");
    const starts: number[] = [];
    const ends: number[] = [];
    let at = 0;
    for (const u of units) { starts.push(at); ends.push(at + u.length); at += u.length + 1; }
    for (const q of ["robots.txt status redirect", "`tokio-util` straße", "ok is it nothing", "a", "robots wörds"]) {
      const pq = parseQuery(q);
      const want = scoreUnits(units, pq);
      const got = scoreSpans(text, starts, ends, pq).scores;
      for (let i = 0; i < units.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 9);
    }
  });

  it("counts an identifier only inside a unit", () => {
    const text = "abc def\nghi";
    const r = scoreSpans(text, [0, 8], [7, 11], { words: [], identifiers: ["def\ngh", "ghi"] });
    expect(Array.from(r.idHits)).toEqual([0, 1]);
  });
});
