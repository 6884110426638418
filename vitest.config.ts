import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Explicit include: a stray node_modules-like folder must never be collected (see deps notes).
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
  },
});
