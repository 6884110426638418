// Tool output without timestamps (apt, dpkg, a build) is a log when a few line shapes dominate;
// markdown documents with many similar lines (changelog bullets, link definitions) are not.
import { describe, expect, it } from "vitest";
import { detectLog } from "./detect.js";

describe("detectLog on untimestamped tool output", () => {
  it("apt-style output is a log", () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      const p = `lib${"abcdefgh"[i % 8]}${"xyz"[i % 3]}-dev`;
      lines.push(`Selecting previously unselected package ${p}.`, `Preparing to unpack .../${p}_1.${i}-1_amd64.deb ...`, `Unpacking ${p} (1.${i}-1) ...`, `Setting up ${p} (1.${i}-1) ...`);
    }
    expect(detectLog(lines.join("\r\n") + "\r\n")).toBeGreaterThanOrEqual(0.5);
  });

  it("a markdown changelog with bullets and link definitions is not", () => {
    const lines: string[] = [];
    for (let v = 0; v < 20; v++) {
      lines.push(`# 1.${40 - v}.0 (Oct ${v + 1}th, 2024)`, "", "### Fixed", "");
      for (let k = 0; k < 5; k++) lines.push(`- runtime: fix item ${k} ([#${6800 + v * 5 + k}])`);
      lines.push("");
      for (let k = 0; k < 5; k++) lines.push(`[#${6800 + v * 5 + k}]: https://github.com/example/repo/pull/${6800 + v * 5 + k}`);
      lines.push("");
    }
    expect(detectLog(lines.join("\n"))).toBe(0);
  });

  it("prose is not", () => {
    const para = "The scheduler wakes the worker when a task is ready, and the worker then polls it until it yields or completes its work.";
    expect(detectLog(Array.from({ length: 60 }, () => para).join("\n"))).toBe(0);
  });
});
