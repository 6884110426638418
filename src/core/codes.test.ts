// The AssemblyScript core keeps its own copy of the shared numbers (assembly/scan/tape.ts and
// assembly/walk/records.ts); this test reads those files and checks that they agree with codes.ts.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Field, FieldNum, Info, Item, Kind, Limits, Signal, Status, Term, Value } from "./codes.js";

const root = join(import.meta.dirname, "..", "..", "assembly");
const constants = new Map<string, number>();
for (const dir of ["scan", "walk"]) {
  for (const f of readdirSync(join(root, dir))) {
    for (const m of readFileSync(join(root, dir, f), "utf8").matchAll(/export const ([A-Z0-9_]+)\s*:\s*\w+\s*=\s*(0x[0-9a-f]+|\d+)\s*;/gi)) {
      constants.set(m[1]!, Number(m[2]));
    }
  }
}

const snake = (s: string) => s.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
// [prefix the core uses, the TS group, how many of its members the core must mirror, scale]
// (the core keeps Field offsets in bytes, 4 per u32 word)
const groups: Array<[string, Record<string, number>, number, number]> = [
  ["STATUS", Status, 5, 1], ["KIND", Kind, 8, 1], ["INFO", Info, 8, 1], ["SIG", Signal, 6, 1], ["F", Field, 16, 4],
  ["TERM", Term, 1, 1], ["", Limits, 6, 1], ["ITEM", Item, 0, 1], ["FIELDNUM", FieldNum, 0, 1], ["VALUE", Value, 0, 1],
];

describe("codes shared with the AssemblyScript core", () => {
  it("found the core's constants", () => {
    expect(constants.size).toBeGreaterThan(20);
  });
  for (const [prefix, group, mirrored, scale] of groups) {
    it(`${prefix || "LIMITS"}: every constant the core declares has the same value here`, () => {
      let matched = 0;
      for (const [name, value] of Object.entries(group)) {
        for (const candidate of prefix ? [`${prefix}_${snake(name)}`] : [snake(name)]) {
          const core = constants.get(candidate);
          if (core === undefined) continue;
          expect(`${candidate}=${core}`).toBe(`${candidate}=${value * scale}`);
          matched++;
          break;
        }
      }
      expect(matched).toBeGreaterThanOrEqual(mirrored);
    });
  }
});
