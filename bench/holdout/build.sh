#!/usr/bin/env bash
# Rebuild bench/holdout/cases/ (git-ignored) from material that exists offline:
#   - files and grep/find/diff runs over /work/main/node_modules after `npm ci`
#     (versions pinned by package-lock.json; each package's version is checked),
#   - `git log -p` ranges and `git show` of pinned commits of this repository,
#   - files shipped by Debian 12 packages (python3.11 stdlib, nodejs and base-passwd docs),
#   - machine logs (/var/log/dpkg.log, apt/term.log, apt/history.log, alternatives.log),
#     which differ per machine, so a fixed copy is committed under fixtures/ (gzip -9n).
# Every output is checked against SHA256SUMS; a mismatch is reported (the case may still be
# usable: run score.mjs --validate to see whether its needles are still there).
#
#   bash bench/holdout/build.sh            # build cases/
#   bash bench/holdout/build.sh --update   # also rewrite SHA256SUMS (only when a source changed on purpose)
set -euo pipefail
export LC_ALL=C TZ=UTC

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NM="$ROOT/node_modules"
OUT="$HERE/cases"
FIX="$HERE/fixtures"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
WARN=0
warn() { echo "build.sh: warning: $*" >&2; WARN=$((WARN + 1)); }
die() { echo "build.sh: $*" >&2; exit 1; }

[ -d "$NM" ] || die "no node_modules in $ROOT: run npm ci first"

# Pinned package versions (package-lock.json at the time the held-out set was made).
pkg() { # name expected-version -> prints the package dir
  local dir="$NM/$1" v
  [ -f "$dir/package.json" ] || die "missing package $1 (npm ci?)"
  v=$(node -p "require(process.argv[1]).version" "$dir/package.json")
  [ "$v" = "$2" ] || warn "$1 is $v, the held-out cases were made from $2"
  printf '%s\n' "$dir"
}
# A Debian file: must exist; its sha256 is recorded for the record (mismatch = warning).
debfile() { # path expected-sha256
  [ -f "$1" ] || die "missing $1 (the held-out set expects a Debian 12 machine with that package)"
  local s; s=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$s" = "$2" ] || warn "$1 differs from the copy the case was made from (sha256 $s)"
  printf '%s\n' "$1"
}
# Pinned git: the commits must exist in this clone.
GIT=(git -C "$ROOT" -c core.abbrev=7 -c core.quotePath=true -c diff.noprefix=false
     -c diff.mnemonicPrefix=false -c diff.renames=true -c diff.relative=false -c color.ui=never
     -c log.decorate=no -c log.showSignature=false -c log.mailmap=false -c diff.external=)
needcommit() { "${GIT[@]}" cat-file -e "$1^{commit}" 2>/dev/null || die "commit $1 is not in this clone (git fetch --unshallow?)"; }
gitlog() { # range -> git log -p, fixed format
  "${GIT[@]}" log -p --no-merges --no-color --no-ext-diff --no-textconv --pretty=medium \
    --date=default --diff-algorithm=myers "$1"
}

rm -rf "$OUT"
mkdir -p "$OUT"

# ---------------------------------------------------------------- log
# dpkg.log of the helper machine, every 2026 line (a fixed slice, committed).
gzip -dc "$FIX/dpkg-2026.log.gz" > "$OUT/log-dpkg-2026.log"
# apt's term.log (CRLF and CR progress lines as apt wrote them), committed copy.
gzip -dc "$FIX/apt-term.log.gz" > "$OUT/log-apt-term.log"
gzip -dc "$FIX/apt-history.log.gz" > "$OUT/log-apt-history.log"
gzip -dc "$FIX/alternatives.log.gz" > "$OUT/log-alternatives.log"
# A real type-check run: tsc --checkJs --strict over semver's own JS sources (exit 2 = errors found).
SEMVER=$(pkg semver 7.8.6)
TSC="$(pkg typescript 5.9.3)/bin/tsc"
pkg @types/node 20.19.43 > /dev/null
(
  cd "$SEMVER"
  # shellcheck disable=SC2046
  node "$TSC" --noEmit --allowJs --checkJs --strict --target es2022 --module commonjs \
    --types node --typeRoots "$NM/@types" $(find . -name '*.js' -not -path './bin/*' -not -path './node_modules/*' | sort) || true
) > "$OUT/log-tsc-semver-checkjs.log"

# ---------------------------------------------------------------- search
SQLITE_DIR="$(pkg better-sqlite3 12.11.1)/deps/sqlite3"
(cd "$SQLITE_DIR" && grep -n '^# *define SQLITE_' sqlite3.c) > "$OUT/search-sqlite-defines.txt"
(cd "$(pkg typescript 5.9.3)/lib" && grep -n -B3 -A1 '@deprecated' lib.dom.d.ts) > "$OUT/search-libdom-deprecated.txt"
(cd "$(pkg @huggingface/transformers 4.3.1)" && find . -type f | sort) > "$OUT/search-transformers-files.txt"
pkg vitest 4.1.12 > /dev/null
pkg @vitest/runner 4.1.12 > /dev/null
(cd "$NM" && grep -rn -E 'throw new (Type|Range|Syntax)?Error\(' @vitest/*/dist vitest/dist | sort -t: -k1,1 -k2,2n) \
  > "$OUT/search-vitest-throws.txt"

# ---------------------------------------------------------------- code
cp "$(pkg lru-cache 11.5.3)/dist/esm/index.js" "$OUT/code-js-lru-cache.js"
cp "$(pkg assemblyscript 0.28.20)/std/assembly/string.ts" "$OUT/code-ts-assemblyscript-string.ts"
# date.c, cut out of the sqlite3.c amalgamation between its Begin/End markers.
awk '/^\/\*+ Begin file date\.c \*+\/$/{on=1} on{print} /^\/\*+ End of date\.c \*+\/$/{exit}' \
  "$SQLITE_DIR/sqlite3.c" > "$OUT/code-c-sqlite-date.c"
[ -s "$OUT/code-c-sqlite-date.c" ] || die "date.c markers not found in sqlite3.c"
cp "$(pkg sharp 0.35.5)/src/pipeline.cc" "$OUT/code-cpp-sharp-pipeline.cc"
cp "$(debfile /usr/lib/python3.11/shutil.py b9599d3ce4e706f1c89bfc422349537e17cb9b893fdf81c60e732caf2e4b80db)" \
  "$OUT/code-python-shutil.py"

# ---------------------------------------------------------------- diff
# protobufjs 6.11.6 (nested under onnx-proto) -> 7.6.6 (top level), src/ only, as git diff --no-index.
PB6="$NM/onnx-proto/node_modules/protobufjs"
[ -f "$PB6/package.json" ] || die "missing onnx-proto's nested protobufjs"
[ "$(node -p "require(process.argv[1]).version" "$PB6/package.json")" = 6.11.6 ] || warn "nested protobufjs is not 6.11.6"
mkdir -p "$TMP/pb"
cp -r "$PB6/src" "$TMP/pb/v6.11.6"
cp -r "$(pkg protobufjs 7.6.6)/src" "$TMP/pb/v7.6.6"
(cd "$TMP/pb" && git -c core.abbrev=7 -c diff.noprefix=false -c diff.mnemonicPrefix=false -c color.ui=never \
   diff --no-index --no-color --no-ext-diff --no-textconv --diff-algorithm=myers v6.11.6 v7.6.6 || [ $? -eq 1 ]) \
  > "$OUT/diff-protobufjs-6-to-7.diff"
# This repository's own history, pinned ranges.
for c in 65ad00c da7b80a 3e348be a685d05 382ece8; do needcommit "$c"; done
gitlog 65ad00c..da7b80a > "$OUT/diff-tokenfold-65ad00c-da7b80a.diff"
gitlog 3e348be..a685d05 > "$OUT/diff-tokenfold-3e348be-a685d05.diff"

# ---------------------------------------------------------------- text (markdown, prose, html)
cp "$(pkg minimist 1.2.8)/CHANGELOG.md" "$OUT/text-minimist-changelog.md"
cp "$(debfile /usr/share/doc/nodejs/api/deprecations.md be245ebc6bf334e2d30af44f6ec4a92413b61e39ce15a926ea5a7e973da57bca)" \
  "$OUT/text-node-deprecations.md"
cp "$(pkg @huggingface/transformers 4.3.1)/README.md" "$OUT/text-transformers-readme.md"
cp "$(debfile /usr/share/doc/nodejs/api/dns.html d991f39f862a0412bd6f47a9fff5c96781ae45707b17add2dcf115ee0ebd77ee)" \
  "$OUT/text-html-node-dns.html"
cp "$(debfile /usr/share/doc/base-passwd/users-and-groups.html 0d3faf981eddd55fca42b15670ecc0a3170bc0949c65d346ff471d10a5190c0e)" \
  "$OUT/text-html-debian-users-and-groups.html"

# ---------------------------------------------------------------- json
"${GIT[@]}" show 382ece8:package-lock.json > "$OUT/json-package-lock-382ece8.json"
# TypeScript's German diagnostics, the 2xxx codes only (node's JSON.stringify, 2-space indent).
node -e '
  const m = require(process.argv[1]);
  const o = {};
  for (const k of Object.keys(m)) if (/_2\d{3}$/.test(k)) o[k] = m[k];
  process.stdout.write(JSON.stringify(o, null, 2) + "\n");
' "$(pkg typescript 5.9.3)/lib/de/diagnosticMessages.generated.json" > "$OUT/json-ts-diagnostics-de-2xxx.json"

# ---------------------------------------------------------------- check
if [ "${1:-}" = "--update" ]; then
  (cd "$OUT" && sha256sum -- * > "$HERE/SHA256SUMS")
  echo "build.sh: wrote SHA256SUMS"
elif [ -f "$HERE/SHA256SUMS" ]; then
  (cd "$OUT" && sha256sum -c --quiet "$HERE/SHA256SUMS") || warn "some cases differ from the reference build (see above)"
fi
echo "build.sh: $(ls "$OUT" | wc -l) case files in $OUT, $WARN warning(s)"
