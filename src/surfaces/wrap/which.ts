/** Finding an agent's executable the way a shell would. @module */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

/**
 * The path of `command`: itself when it contains a path separator (resolved against the current
 * directory), else the first executable file of that name on PATH (with PATHEXT on Windows).
 * @returns the path, or undefined when there is none
 * @example
 * findExecutable("node"); // "/usr/bin/node"
 */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (command.includes("/") || command.includes("\\") || isAbsolute(command)) {
    const p = resolve(command);
    return isFile(p) ? p : undefined;
  }
  const exts = process.platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = join(dir, command + ext);
      if (isFile(p) && isExecutable(p)) return p;
    }
  }
  return undefined;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
