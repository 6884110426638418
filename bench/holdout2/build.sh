#!/usr/bin/env bash
# Rebuild bench/holdout2/cases/ (git-ignored) from material that exists offline:
#   - files of pinned node_modules packages after `npm ci` (each package's version is checked),
#   - `git show` / `git log -p` of pinned commits of this repository,
#   - files shipped by packages of this Debian 12 machine (OpenJDK and gdb test logs, iso-codes,
#     apt's man page, redis and zlib docs, the python3.11 stdlib, google-cloud-cli data, the
#     Temurin 25 JDK's src.zip), each checked by sha256,
#   - machine-specific material (a redis-server run, `ls -lR`/`find` listings, a grep over
#     /usr/include, PostgreSQL config files), committed under fixtures/ (gzip -9n).
# Every output is checked against SHA256SUMS; a mismatch is reported (the case may still be
# usable: run score.mjs --validate to see whether its needles are still there).
#
#   bash bench/holdout2/build.sh            # build cases/
#   bash bench/holdout2/build.sh --update   # also rewrite SHA256SUMS (only when a source changed on purpose)
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

# A package directory under node_modules at the version the case was made from (mismatch = warning).
pkgdir() { # relative-dir expected-version -> prints the package dir
  local dir="$NM/$1" v
  [ -f "$dir/package.json" ] || die "missing package $1 (npm ci?)"
  v=$(node -p "require(process.argv[1]).version" "$dir/package.json")
  [ "$v" = "$2" ] || warn "$1 is $v, the held-out cases were made from $2"
  printf '%s\n' "$dir"
}
# A file shipped by a package of the machine: must exist; sha256 mismatch = warning.
sysfile() { # path expected-sha256 -> prints the path
  [ -f "$1" ] || die "missing $1 (the held-out set expects a Debian 12 machine with that package)"
  local s; s=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$s" = "$2" ] || warn "$1 differs from the copy the case was made from (sha256 $s)"
  printf '%s\n' "$1"
}
GIT=(git -C "$ROOT" -c core.abbrev=7 -c core.quotePath=true -c diff.noprefix=false
     -c diff.mnemonicPrefix=false -c diff.renames=true -c diff.relative=false -c color.ui=never
     -c log.decorate=no -c log.showSignature=false -c log.mailmap=false -c diff.external=)
needcommit() { "${GIT[@]}" cat-file -e "$1^{commit}" 2>/dev/null || die "commit $1 is not in this clone (git fetch --unshallow?)"; }
DIFFOPTS=(--no-color --no-ext-diff --no-textconv --diff-algorithm=myers)

rm -rf "$OUT"
mkdir -p "$OUT"

JDKTEST=/usr/share/doc/openjdk-17-jre-headless/test-amd64

# ---------------------------------------------------------------- log
# Debian's OpenJDK 17.0.15 build: the jtreg console log of the jdk tier (two runs, 13 failures).
gzip -dc "$(sysfile $JDKTEST/check-jdk-hotspot.log.gz 3479324a8cf2eb8e623368136741d7084936743eacfa1e0f9c9abfbdceedbb54)" \
  > "$OUT/log-jtreg-jdk.log"
# The .jtr result file of the one non-network failure, from the same build's failed-tests tarball.
tar -xzf "$(sysfile $JDKTEST/failed_tests-hotspot.tar.gz 44c2ecb57e63344a614fc85d9a66c0496249a6207154edd1be119cfc47d575cd)" \
  -C "$TMP" jtreg-test-output/jdk/JTwork/sun/security/tools/jarsigner/TimestampCheck.jtr
cp "$TMP/jtreg-test-output/jdk/JTwork/sun/security/tools/jarsigner/TimestampCheck.jtr" "$OUT/log-jtreg-timestampcheck.log"
# gdb 13.1's DejaGnu check.log (Debian build), lines 90001-93500 (gdb.reverse … gdb.threads).
gzip -dc "$(sysfile /usr/share/doc/gdb/check.log.gz 352e5b9632affdbd4a95d3b7d6b5a7a799c3dd75cbd751c9751c1955e9a8ff14)" \
  | sed -n '90001,93500p' > "$OUT/log-gdb-check-slice.log"
# redis-server 7.0.15 at loglevel verbose, one short session on the helper machine (committed copy).
gzip -dc "$FIX/redis-verbose.log.gz" > "$OUT/log-redis-verbose.log"

# ---------------------------------------------------------------- search
# grep -rn style: socket/TCP/IP option defines over /usr/include of the helper machine (committed copy).
gzip -dc "$FIX/include-sockopt-grep.txt.gz" > "$OUT/search-include-sockopt-defines.txt"
# rg-like grouped output (git grep --heading --break) over undici 7's lib/.
(cd "$(pkgdir undici 7.30.2)" && git -c color.ui=never grep --no-index -n --heading --break -I -i 'timeout' -- lib) \
  > "$OUT/search-undici-timeout-heading.txt"
# ls -lR of the OpenJDK 17 installation, and find over /usr/share/doc (committed copies).
gzip -dc "$FIX/jdk17-ls-lR.txt.gz" > "$OUT/search-jdk17-ls-lR.txt"
gzip -dc "$FIX/usr-share-doc-find.txt.gz" > "$OUT/search-usr-share-doc-find.txt"

# ---------------------------------------------------------------- code
cp "$(sysfile /usr/lib/python3.11/zipfile.py b689fb6775a0668ef61d67988d479e6dddde833a91bf37a41da26ed9653f5321)" \
  "$OUT/code-python-zipfile.py"
cp "$(pkgdir ai 6.0.326)/src/generate-text/generate-text.ts" "$OUT/code-ts-ai-generate-text.ts"
SRCZIP=/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip
[ -f "$SRCZIP" ] || die "missing $SRCZIP (Temurin 25 JDK)"
unzip -p "$SRCZIP" java.base/java/util/concurrent/ThreadPoolExecutor.java > "$OUT/code-java-ThreadPoolExecutor.java"
cp "$(sysfile /usr/share/doc/zlib1g-dev/examples/gzlog.c 196872021c96099fd30c880ac2cccd1350fdbd81179731f3914153a26ebf72e9)" \
  "$OUT/code-c-zlib-gzlog.c"

# ---------------------------------------------------------------- diff
# undici 6.29.1 (nested under @ai-sdk/provider-utils) -> 7.30.2 (top level), lib/dispatcher only.
U6=$(pkgdir @ai-sdk/provider-utils/node_modules/undici 6.29.1)
U7=$(pkgdir undici 7.30.2)
mkdir -p "$TMP/undici"
cp -r "$U6/lib/dispatcher" "$TMP/undici/v6.29.1"
cp -r "$U7/lib/dispatcher" "$TMP/undici/v7.30.2"
(cd "$TMP/undici" && git -c core.abbrev=7 -c diff.noprefix=false -c diff.mnemonicPrefix=false -c color.ui=never \
   diff --no-index "${DIFFOPTS[@]}" v6.29.1 v7.30.2 || [ $? -eq 1 ]) > "$OUT/diff-undici-dispatcher-6-to-7.diff"
# This repository's history: one commit shown whole, one range limited to two directories.
for c in 4936118 a6f0e74 bdd5463; do needcommit "$c"; done
"${GIT[@]}" show "${DIFFOPTS[@]}" --pretty=medium --date=default 4936118 > "$OUT/diff-tokenfold-show-4936118.diff"
"${GIT[@]}" log -p --no-merges "${DIFFOPTS[@]}" --pretty=medium --date=default a6f0e74^..bdd5463 -- src/stats src/surfaces/mcp \
  > "$OUT/diff-tokenfold-a6f0e74-bdd5463.diff"

# ---------------------------------------------------------------- text
# apt_preferences(5) rendered the way `man` shows it at 80 columns (man-db 2.11, groff 1.22.4).
APTPREF=$(sysfile /usr/share/man/man5/apt_preferences.5.gz 209a30b1d86177f1d5fa904893c76b31ec2ad6fdb9d550f4b30b0699b36a7d0d)
MANWIDTH=80 MANOPT= MANPAGER=cat PAGER=cat LANG=C.UTF-8 LC_ALL=C.UTF-8 man -E UTF-8 -P cat -l "$APTPREF" 2>/dev/null \
  | LC_ALL=C.UTF-8 col -bx > "$OUT/text-man-apt_preferences.txt"
gzip -dc "$(sysfile /usr/share/doc/redis-server/changelog.gz 57e05f902c4f99cf0e6ba490499c79828e015e06d06962e9cca369681f4d1042)" \
  > "$OUT/text-redis-7.0-changelog.txt"
cp "$(pkgdir ioredis 6.0.0)/README.md" "$OUT/text-ioredis-readme.md"

# ---------------------------------------------------------------- json
cp "$(sysfile /usr/share/iso-codes/json/iso_3166-2.json 078d2da1c3a868189765be5098ce9d551318d12be7e3c0b18e9282dd5481a831)" \
  "$OUT/json-iso_3166-2.json"
cp "$(sysfile /usr/lib/google-cloud-sdk/platform/google_appengine/google/appengine/tools/java/jetty12/jetty-home/jetty-home-12.0.20-cyclonedx.json d2617b160ccf71c6b2d201aff8f146f4113165097f8af605eec4b5fc0cd525ed)" \
  "$OUT/json-jetty-cyclonedx.json"
cp "$(pkgdir mime-db 1.54.0)/db.json" "$OUT/json-mime-db.json"
cp "$(sysfile /usr/lib/google-cloud-sdk/lib/third_party/botocore/data/sqs/2012-11-05/service-2.json a3ae7694a5cea329ae2b04614b349e871e5702bd5276ec73f22316e252f7d15e)" \
  "$OUT/json-botocore-sqs.json"

# ---------------------------------------------------------------- conversation
# Two agent transcripts as request bodies. The tool results are real outputs of the commands the
# assistant turns name: run here from the repository root (ws), or committed copies (PostgreSQL).
WS=$(pkgdir ws 8.23.0)
mkdir -p "$TMP/conv"
(cd "$ROOT" && cat node_modules/ws/package.json) > "$TMP/conv/ws-1.txt"
(cd "$ROOT" && grep -rn "Unexpected server response\|Maximum redirects" node_modules/ws/lib | sort -t: -k1,1 -k2,2n) > "$TMP/conv/ws-2.txt"
(cd "$ROOT" && cat node_modules/ws/lib/websocket.js) > "$TMP/conv/ws-3.txt"
[ -s "$TMP/conv/ws-3.txt" ] || die "ws sources missing under $WS"
gzip -dc "$FIX/pg/ls-la.txt.gz" > "$TMP/conv/pg-1.txt"
gzip -dc "$FIX/pg/postgresql.conf.gz" > "$TMP/conv/pg-2.txt"
gzip -dc "$FIX/pg/pg_hba-active.txt.gz" > "$TMP/conv/pg-3.txt"
node "$HERE/make-transcripts.mjs" "$TMP/conv" "$OUT"

# ---------------------------------------------------------------- check
if [ "${1:-}" = "--update" ]; then
  (cd "$OUT" && sha256sum -- * > "$HERE/SHA256SUMS")
  echo "build.sh: wrote SHA256SUMS"
elif [ -f "$HERE/SHA256SUMS" ]; then
  (cd "$OUT" && sha256sum -c --quiet "$HERE/SHA256SUMS") || warn "some cases differ from the reference build (see above)"
fi
echo "build.sh: $(ls "$OUT" | wc -l) case files in $OUT, $WARN warning(s)"
