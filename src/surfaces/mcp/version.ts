/** The package version, read once from package.json (the MCP server reports it to clients). @module */
import { readFileSync } from "node:fs";

let cached: string | undefined;

/**
 * tokenfold's version from package.json (`0.0.0` if the file cannot be read, so a server still starts).
 * @example
 * packageVersion(); // "0.1.0"
 */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  try {
    // src/surfaces/mcp and dist/surfaces/mcp are both three levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    cached = typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    cached = "0.0.0";
  }
  return cached;
}
