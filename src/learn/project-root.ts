/**
 * The project a directory belongs to: the nearest ancestor holding `.git`, else the directory
 * itself. Used as the `project` scope key of memories and to match agent sessions to a project.
 * @module
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * @param dir where to start (default: the working directory)
 * @returns an absolute path
 * @example
 * projectRoot("/work/main/src/core"); // "/work/main"
 */
export function projectRoot(dir: string = process.cwd()): string {
  const start = resolve(dir);
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return start;
  }
}
