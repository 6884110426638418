/**
 * Files whose diffs nobody reads line by line: lockfiles, generated output and vendored code.
 * Their diffs collapse to a one-line summary (unless the question names something in them).
 * @module
 */

const LOCKFILES = new Set([
  "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock", "deno.lock",
  "cargo.lock", "go.sum", "go.work.sum", "poetry.lock", "pipfile.lock", "pdm.lock", "uv.lock", "gemfile.lock",
  "composer.lock", "podfile.lock", "package.resolved", "pubspec.lock", "mix.lock", "flake.lock", "gradle.lockfile",
  "packages.lock.json", "paket.lock", "cartfile.resolved", "conda-lock.yml", "shard.lock", "stack.yaml.lock",
]);

// Generated: minified bundles, source maps, protobuf/grpc/codegen output, test snapshots.
const GENERATED = [
  /\.min\.(?:js|css|mjs)$/, /\.map$/, /\.pb\.go$/, /_pb2(?:_grpc)?\.pyi?$/, /\.pb\.(?:cc|h)$/, /_generated\.[^/]+$/,
  /\.generated\.[^/]+$/, /(?:^|\/)\.pnp\.(?:c?js|loader\.mjs)$/, /\.g\.dart$/, /\.freezed\.dart$/, /\.designer\.cs$/, /\.snap$/, /(?:^|\/)__snapshots__\//,
  /(?:^|\/)dist\//, /zz_generated[^/]*\.go$/,
];

// Vendored third-party trees.
const VENDORED = /(?:^|\/)(?:vendor|node_modules|third_party|thirdparty|3rdparty|bower_components|\.yarn\/releases)\//;

/** Why a path collapses, or `undefined` when its diff is ordinary. */
export type CollapseKind = "lockfile" | "generated" | "vendored";

/**
 * Classifies a file path (as shown in the diff, `/`-separated).
 * @example collapseKind("web/package-lock.json") // "lockfile"
 * @example collapseKind("src/app.ts") // undefined
 */
export function collapseKind(path: string): CollapseKind | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (LOCKFILES.has(base) || base.endsWith(".lock")) return "lockfile";
  if (VENDORED.test(path)) return "vendored";
  for (const g of GENERATED) if (g.test(path)) return "generated";
  return undefined;
}
