// collapseKind: lockfiles, generated and vendored paths; ordinary sources stay ordinary.
import { describe, expect, it } from "vitest";
import { collapseKind } from "./collapse.js";

describe("collapseKind", () => {
  it.each([
    ["package-lock.json", "lockfile"], ["web/yarn.lock", "lockfile"], ["pnpm-lock.yaml", "lockfile"], ["Cargo.lock", "lockfile"],
    ["go.sum", "lockfile"], ["poetry.lock", "lockfile"], ["Gemfile.lock", "lockfile"], ["composer.lock", "lockfile"], ["uv.lock", "lockfile"],
    ["static/app.min.js", "generated"], ["dist/index.js", "generated"], ["api/v1/service.pb.go", "generated"], ["models_generated.ts", "generated"],
    ["src/__snapshots__/App.test.tsx.snap", "generated"], ["vendor/github.com/x/y.go", "vendored"], ["node_modules/lodash/index.js", "vendored"],
    ["third_party/zlib/inflate.c", "vendored"],
  ])("%s → %s", (path, kind) => expect(collapseKind(path)).toBe(kind));

  it.each(["src/app.ts", "lib/lock.js", "docs/distribution.md", "cmd/vendorize/main.go", "src/generated_by_hand.py"])("%s is ordinary", (path) => {
    expect(collapseKind(path)).toBeUndefined();
  });
});
