/**
 * What every store driver shares: the one place store errors are made, options merged over frozen
 * defaults, and lazy loading of optional libraries (unstorage's `drivers/utils`).
 * @module
 */

/** Misuse of a store (bad options, a library that will not load), prefixed `[tokenfold] [<driver>]`. */
export class TokenfoldStoreError extends Error {
  override readonly name = "TokenfoldError";
  /** The driver that raised it: `memory`, `sqlite`, … */
  readonly driver: string;

  constructor(driver: string, message: string, options?: { cause?: unknown }) {
    super(`[tokenfold] [${driver}] ${message}`, options);
    this.driver = driver;
  }
}

/**
 * Makes a store error.
 * @param driver - the driver's `NAME`
 * @param message - one sentence saying what was wrong and what to do
 * @param cause - the underlying error, if any
 * @returns the error, ready to throw
 */
export function createError(driver: string, message: string, cause?: unknown): TokenfoldStoreError {
  const err = new TokenfoldStoreError(driver, message, cause === undefined ? undefined : { cause });
  // The caller's frame is where the misuse is; drop ours (V8 only, hence the guard).
  (Error as { captureStackTrace?: (e: object, f: unknown) => void }).captureStackTrace?.(err, createError);
  return err;
}

/**
 * Merges options over frozen defaults; a field given as `undefined` keeps its default.
 * @returns a new object with every field set
 */
export function withDefaults<T extends object>(defaults: Readonly<T>, options: Partial<T> | undefined): T {
  const out = { ...defaults } as T;
  for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Throws a store error unless `value` is a non-negative integer (0 is allowed: it means "no limit"). */
export function checkCount(driver: string, field: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw createError(driver, `\`${field}\` must be a non-negative integer, got ${String(value)}`);
  }
}

/**
 * Loads an optional library once: the one passed in through `lib` if any, else `load()`. A CommonJS
 * module seen through `import()` arrives as `{ default: … }`; that wrapper is removed.
 * @param driver - the driver's `NAME`, for the error message
 * @param pkg - the package name, for the error message
 * @param lib - what the user passed in, if anything
 * @param load - the dynamic import
 */
export async function importLib<T>(
  driver: string,
  pkg: string,
  lib: T | { default: T } | undefined,
  load: () => Promise<unknown>,
): Promise<T> {
  let mod: unknown = lib;
  if (mod === undefined) {
    try {
      mod = await load();
    } catch (cause) {
      throw createError(driver, `cannot load \`${pkg}\`; install it (npm i ${pkg}) or pass it as \`lib\``, cause);
    }
  }
  const m = mod as { default?: T };
  return (typeof mod === "object" && mod !== null && m.default !== undefined ? m.default : mod) as T;
}

/**
 * Opens a private SQLite file the way every tokenfold database is opened: its directory made 0700,
 * the file created 0600 before SQLite creates it (SQLite would use the umask, often 0644), then
 * `open()` (which sets WAL and the schema), then the file and its `-wal` / `-shm` set to 0600.
 * `:memory:` and `file:` URIs are opened as they are. The Node modules are passed in, so browser
 * bundles that include this file never import them.
 * @returns what `open` returned
 */
export function openPrivateFile<D>(fs: typeof import("node:fs"), path: typeof import("node:path"), file: string, open: () => D): D {
  const onDisk = file !== ":memory:" && !file.startsWith("file:");
  if (onDisk) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, "a", 0o600));
  }
  const db = open();
  if (onDisk) for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  return db;
}
