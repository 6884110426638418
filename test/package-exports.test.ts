// Every entry of package.json "exports" resolves by the package's own name and loads in a plain
// Node process (the built dist/, as users get it), with the names the README promises.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { name: string; exports: Record<string, unknown> };

function exportsOf(spec: string): string[] {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(spec)}); console.log(JSON.stringify(Object.keys(m)))`], { cwd: root, encoding: "utf8" });
  return JSON.parse(out) as string[];
}

const promised: Record<string, string[]> = {
  ".": ["compress", "retrieve", "withTokenfold", "handleRetrieval", "createStore"],
  "./node": ["compress", "startProxy", "openStats", "statsRoutes", "createMcpServer", "createMemory", "createSharedContext", "memoryInjector", "learn", "redisStore", "sqliteStore"],
  "./adapters": ["withTokenfold", "tokenfoldMiddleware", "withTokenfoldLangChain", "tokenfoldHttp", "langchainRetrieveTool", "aiRetrieveTool", "withTokenfoldGemini"],
  "./memory": ["createMemory", "createSharedContext", "memoryInjector"],
};

describe("package exports", () => {
  for (const key of Object.keys(pkg.exports).filter((k) => k !== "./package.json" && k !== "./browser" && k !== "./memory/browser")) {
    it(`${pkg.name}${key.slice(1)} loads in Node`, () => {
      const names = exportsOf(`${pkg.name}${key.slice(1)}`);
      expect(names.length).toBeGreaterThan(0);
      for (const n of promised[key] ?? []) expect(names).toContain(n);
    });
  }
});
