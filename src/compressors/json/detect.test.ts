import { describe, expect, it } from "vitest";
import { detectJson } from "./detect.js";

describe("detectJson", () => {
  it("takes JSON documents and JSON Lines, surest when the text closes its first bracket", () => {
    for (const t of ['{"a":1}', ' [ {"a":1} ]', "[1, 2]", "[-1.5e3]", "[true]", "[]", "{}", '\uFEFF{\n  "x": null\n}', '[\n  "a"\n]\n', '{"a":1}\n{"a":2}\n'])
      expect(detectJson(t), t).toBe(0.95);
    for (const t of ['{"a": [1, 2', '[{"a":1},', '{"a":1}]', "[\n"]) expect(detectJson(t), t).toBe(0.9);
  });
  it("does not take logs, markdown links or prose that start with a bracket", () => {
    for (const t of ["[2016-12-19 10:00:01,123] INFO started", "[docs](https://x.y) are here", "[ERROR] boom", "{{ template }}", "hello"])
      expect(detectJson(t), t).toBe(0);
  });
});
