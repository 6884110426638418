import { describe, expect, it } from "vitest";
import { estimateTokens, estimateTokensFast, SAMPLE_ABOVE } from "./tokens.js";

describe("estimateTokens", () => {
  it("follows its documented weights: letter runs 1 per 7, digit runs 1 per 3, symbols 0.4, whitespace runs 0.5", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abc")).toBe(1);
    expect(estimateTokens("abcdefghij")).toBe(2); // 10 letters
    expect(estimateTokens("1234567")).toBe(3); // 7 digits
    expect(estimateTokens("a1b2")).toBe(4); // runs alternate
    expect(estimateTokens("a, b")).toBe(3); // 1 + 0.4 + 0.5 + 1 = 2.9
    expect(estimateTokens("x  \n\t y")).toBe(3); // one whitespace run: 2.5 rounds up
    expect(estimateTokens("日本語")).toBe(1); // non-ASCII counts as symbols: 1.2
    expect(estimateTokens('{"id": 42}')).toBe(5); // 5 symbols 2.0 + "id" 1 + space 0.5 + "42" 1 = 4.5
  });

  it("reads long texts from fixed samples, the same way every time", () => {
    const text = "word 123 {x}\n".repeat(Math.ceil((SAMPLE_ABOVE * 2) / 13));
    expect(estimateTokensFast(text)).toBe(estimateTokensFast(text));
    expect(Math.abs(estimateTokensFast(text) - estimateTokens(text)) / estimateTokens(text)).toBeLessThan(0.02);
  });
});
