import { describe, expect, it } from "vitest";
import { parseQuery } from "./query.js";

describe("parseQuery", () => {
  it("quoted and back-ticked spans become identifiers whole", () => {
    const q = parseQuery('Why does `make_response` fail with "status code 500" here?');
    expect(q.identifiers).toContain("make_response");
    expect(q.identifiers).toContain("status code 500");
  });

  it("single-quoted phrases of two or more words become identifiers; apostrophes do not open one", () => {
    const q = parseQuery("My program panics with 'A Tokio 1.x context was found, but timers are disabled'. Where is it raised?");
    expect(q.identifiers).toContain("A Tokio 1.x context was found, but timers are disabled");
    const p = parseQuery("It's the user's config and the agent's 'retry' flag that don't match");
    expect(p.identifiers.some((i) => i.includes("s config"))).toBe(false);
    expect(p.identifiers).not.toContain("retry");
  });

  it("an error code's number is a word of its own", () => {
    expect(parseQuery("What do TS2589 and E0308 mean?").words).toEqual(["ts2589", "2589", "e0308", "0308", "mean"]);
  });

  it("British spellings bring their American twins", () => {
    expect(parseQuery("which licence and colour were cancelled?").words).toEqual(["licence", "license", "colour", "color", "cancelled", "canceled"]);
  });

  it("words are lower-cased, stop words dropped, unique", () => {
    expect(parseQuery("Which JOB failed and which job passed?").words).toEqual(["job", "failed", "passed"]);
  });
});

describe("phrases", () => {
  it("adjacent content words form a phrase; stop words and punctuation end it", () => {
    expect(parseQuery("What is the default for follow redirects?").phrases).toEqual([["follow", "redirects"]]);
    expect(parseQuery("which journal mode, and where is the end offset?").phrases).toEqual([["journal", "mode"], ["end", "offset"]]);
    // a run may hold more than the name: matching looks for the name's part of it
    expect(parseQuery("where does the end offset come from").phrases).toEqual([["end", "offset", "come"]]);
  });

  it("identifiers written out, numbers and single words make none", () => {
    expect(parseQuery("is keep-alive on by default").phrases).toEqual([]);
    expect(parseQuery("the journal_mode pragma").phrases).toEqual([]);
    expect(parseQuery("the keep alive default").phrases).toEqual([["keep", "alive", "default"]]);
    expect(parseQuery("why 404 errors").phrases).toEqual([]);
    expect(parseQuery("retries?").phrases).toEqual([]);
  });

  it("long runs are cut into pieces of at most four words", () => {
    const p = parseQuery("max content length limit header size value").phrases!;
    expect(p.every((x) => x.length >= 2 && x.length <= 4)).toBe(true);
    expect(p.flat()).toEqual(["max", "content", "length", "limit", "header", "size", "value"]);
  });
});
