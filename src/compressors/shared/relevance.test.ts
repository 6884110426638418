/** Query relevance: camelCase parts and phrases spelled as one name (synthetic inputs). */
import { describe, expect, it } from "vitest";
import { parseQuery } from "../../core/query.js";
import { identifierParts, longestPhraseRun, namesPhrase, scoreUnits } from "./relevance.js";

describe("identifierParts", () => {
  it("splits camelCase, PascalCase, snake_case and kebab-case", () => {
    expect(identifierParts("_end_offset")).toEqual(["end", "offset"]);
    expect(identifierParts("followRedirects")).toEqual(["follow", "redirects"]);
    expect(identifierParts("HTTPServerV2")).toEqual(["http", "server", "v2"]);
    expect(identifierParts("journal-mode")).toEqual(["journal", "mode"]);
  });
});

describe("phrases meet compound names", () => {
  it("snake_case, camelCase, SCREAMING_CASE and kebab names spell a phrase", () => {
    const q = parseQuery("where does the end offset come from?");
    expect(namesPhrase("self._end_offset = start + n", q)).toBe(true);
    expect(namesPhrase("this.endOffset = start + n;", q)).toBe(true);
    expect(namesPhrase("END_OFFSET = 12", q)).toBe(true);
    expect(namesPhrase("--end-offset=12", q)).toBe(true);
    // the words apart, or in another order, are not the name
    expect(namesPhrase("the end of the offset table", q)).toBe(false);
    expect(namesPhrase("offset_end = 3", q)).toBe(false);
  });

  it("a plural or singular part still matches; a run inside a longer phrase counts", () => {
    expect(longestPhraseRun("opts.followRedirect", ["follow", "redirects"])).toEqual({ from: 0, length: 2 });
    expect(longestPhraseRun("cfg.maxRedirects = 5", ["default", "max", "redirect", "count"])).toEqual({ from: 1, length: 2 });
    expect(longestPhraseRun("const x = 1", ["max", "redirect"]).length).toBe(0);
  });

  it("a camelCase name counts for the words it holds", () => {
    const q = parseQuery("follow redirects");
    const s = scoreUnits(["if (opts.followRedirects) {", "return plain(url);"], q);
    expect(s[0]).toBeGreaterThan(0);
    expect(s[1]).toBe(0);
  });

  it("the line naming the phrase outranks lines holding its words apart", () => {
    const q = parseQuery("what is the journal mode?");
    const units = [
      "# the journal keeps one mode per file",
      "journal_mode = 'wal'",
      "mode = 'fast'  # journal is separate",
      "print(journal, mode)",
    ];
    const s = scoreUnits(units, q);
    const best = [...s.keys()].sort((a, b) => s[b]! - s[a]!)[0];
    expect(best).toBe(1);
    const camel = scoreUnits(["journalMode: 'wal',", "journal: true, mode: 'x',"], q);
    expect(camel[0]).toBeGreaterThan(camel[1]!);
  });

  it("units without compound names score as before (no phrase, no camelCase)", () => {
    const units = ["GET /robots.txt 301", "GET / 200", "robots are fine"];
    const withPhrases = scoreUnits(units, parseQuery("robots txt status"));
    const without = scoreUnits(units, { ...parseQuery("robots txt status"), phrases: [] });
    expect([...withPhrases]).toEqual([...without]);
  });
});
