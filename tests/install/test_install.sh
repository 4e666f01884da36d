#!/usr/bin/env bash
# An installed kolcat works without the source and build trees. The test installs the build into
# a temporary prefix, moves that prefix elsewhere (outside the build tree, so the binary may not
# read the source tree's indicators/), and runs the installed kolcat from there: --version with
# the curated set's fingerprint, a sync from the installed demo server, `indicators check`, and
# the look-up of the curated set: $KOLCAT_INDICATORS_DIR, then the set beside the binary, then the
# XDG data folders, and else one clear error that never falls back to the source tree.
#
#   test_install.sh CMAKE BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
cmake=$1
build=$(realpath "$2")
source=$(realpath "$3")
version=$4

# The scratch folder must lie outside the build tree, or the binary would count as a build-tree one.
scratch=$(realpath "$(mktemp -d "${TMPDIR:-/tmp}/kolcat-install-XXXXXX")")
case "$scratch/" in
  "$build"/*) rm -rf "$scratch"; scratch=$(realpath "$(mktemp -d /tmp/kolcat-install-XXXXXX)") ;;
esac
demo_pid=
cleanup() {
  if [ -n "$demo_pid" ]; then kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# The fingerprint as curated_fingerprint.hpp defines it, worked out with coreutils.
fingerprint() {
  local name
  for name in goals.json kpis.json region_sets.json; do
    printf '%s\0%s\0' "$name" "$(stat -c %s "$1/$name")"
    cat "$1/$name"
  done | sha256sum | cut -d' ' -f1 | sed 's/^/sha256:/'
}

# 1. Install into a temporary prefix.
"$cmake" --install "$build" --prefix "$scratch/prefix" >/dev/null
for file in bin/kolcat bin/kolcat-demo-server share/kolcat/indicators/goals.json \
  share/kolcat/indicators/kpis.json share/kolcat/indicators/region_sets.json \
  share/kolcat/demo/kpi.json share/kolcat/demo/values.json share/doc/kolcat/README.md; do
  [ -f "$scratch/prefix/$file" ] || fail "cmake --install did not install $file"
done

# 2. Move the installed tree: nothing may depend on where it was installed.
prefix=$scratch/moved
mv "$scratch/prefix" "$prefix"
installed_set=$prefix/share/kolcat/indicators
xdg_set=$scratch/xdg/kolcat/indicators
mkdir -p "$scratch/home" "$scratch/run" "$scratch/xdg"

# Runs the installed kolcat in a folder of its own, with the user's and the machine's files out of
# reach: XDG_DATA_DIRS names only the scratch folder, so an installed kolcat package cannot count.
kolcat() {
  local named=()
  if [ -n "$named_dir" ]; then named=(KOLCAT_INDICATORS_DIR="$named_dir"); fi
  (cd "$scratch/run" && env -u KOLCAT_INDICATORS_DIR -u KOLCAT_LOCAL_INDICATORS -u KOLCAT_API_URL \
    HOME="$scratch/home" XDG_DATA_HOME="$scratch/home/data" XDG_CONFIG_HOME="$scratch/home/config" \
    XDG_DATA_DIRS="$scratch/xdg" KOLCAT_CATALOGUE="$scratch/catalogue.sqlite" "${named[@]}" \
    "$prefix/bin/kolcat" "$@")
}
named_dir=

# 3. --version: the version, and the fingerprint of the set installed beside the binary.
expected="kolcat $version
curated set: $(fingerprint "$source/indicators") ($installed_set)"
actual=$(kolcat --version) || fail "kolcat --version failed"
[ "$actual" = "$expected" ] || fail "kolcat --version printed
$actual
instead of
$expected"

# 4. A sync from the installed demo server (its own installed data), then `indicators check`.
coproc DEMO { exec "$prefix/bin/kolcat-demo-server" --port 0 2>"$scratch/demo-server.err"; }
demo_pid=$DEMO_PID
read -r -t 20 api_url <&"${DEMO[0]}" || fail "the demo server did not start: $(cat "$scratch/demo-server.err")"
case "$api_url" in http://127.0.0.1:*/v3) ;; *) fail "the demo server printed '$api_url'" ;; esac
kolcat sync --api-url "$api_url" --quiet || fail "kolcat sync from the demo server failed"
kill "$demo_pid"
wait "$demo_pid" 2>/dev/null || true
demo_pid=
status_text=$(kolcat status) || fail "kolcat status failed after the sync"
case "$status_text" in *DEMO*) ;; *) fail "kolcat status does not show demo data: $status_text" ;; esac
check=$(kolcat indicators check) || fail "kolcat indicators check failed: $check"
case "$check" in "OK: "*) ;; *) fail "kolcat indicators check printed '$check'" ;; esac

# 5. $KOLCAT_INDICATORS_DIR comes first: a changed copy has another fingerprint.
cp -r "$installed_set" "$scratch/mine"
echo >>"$scratch/mine/kpis.json"
named_dir=$scratch/mine
actual=$(kolcat --version | sed -n 2p)
[ "$actual" = "curated set: $(fingerprint "$scratch/mine") ($scratch/mine)" ] ||
  fail "with KOLCAT_INDICATORS_DIR, --version printed '$actual'"
[ "$(fingerprint "$scratch/mine")" != "$(fingerprint "$installed_set")" ] || fail "same fingerprint"
named_dir=

# 6. Without the set beside the binary, the XDG data folders count: the user's ($XDG_DATA_HOME)
# before the system's ($XDG_DATA_DIRS).
mkdir -p "$(dirname "$xdg_set")" "$scratch/home/data/kolcat"
mv "$installed_set" "$xdg_set"
mv "$scratch/mine" "$scratch/home/data/kolcat/indicators"
actual=$(kolcat --version | sed -n 2p)
[ "$actual" = "curated set: $(fingerprint "$scratch/home/data/kolcat/indicators") ($scratch/home/data/kolcat/indicators)" ] ||
  fail "with sets under XDG_DATA_HOME and XDG_DATA_DIRS, --version printed '$actual'"
rm -r "$scratch/home/data/kolcat/indicators"
actual=$(kolcat --version | sed -n 2p)
[ "$actual" = "curated set: $(fingerprint "$source/indicators") ($xdg_set)" ] ||
  fail "with the set under XDG_DATA_DIRS, --version printed '$actual'"
kolcat indicators check >/dev/null || fail "kolcat indicators check failed with the set under XDG_DATA_DIRS"

# 7. Without any set: one line naming where kolcat looked, exit 4, even though the source tree's
# indicators/ is still there.
rm -rf "$xdg_set"
[ -f "$source/indicators/kpis.json" ] || fail "the source tree has no indicators/kpis.json"
status=0
kolcat indicators check >"$scratch/out" 2>"$scratch/err" || status=$?
err=$(cat "$scratch/err")
[ "$status" = 4 ] || fail "without a curated set, exit $status (expected 4): $err"
[ ! -s "$scratch/out" ] || fail "without a curated set, stdout was: $(cat "$scratch/out")"
[ "$(wc -l <"$scratch/err")" = 1 ] || fail "without a curated set, stderr was not one line: $err"
for part in "$installed_set" "$xdg_set" KOLCAT_INDICATORS_DIR; do
  case "$err" in *"$part"*) ;; *) fail "the error does not name $part: $err" ;; esac
done
case "$err" in *"$source"*) fail "the error names the source tree: $err" ;; esac
# Without HOME there is no user data folder to look in, rather than one made up at the root.
err=$(cd "$scratch/run" && env -u HOME -u XDG_DATA_HOME -u KOLCAT_INDICATORS_DIR \
  XDG_DATA_DIRS="$scratch/xdg" "$prefix/bin/kolcat" indicators check 2>&1) && fail "no error without HOME"
case "$err" in *"/.local/share"*) fail "without HOME, kolcat looked in a made-up folder: $err" ;; esac
actual=$(kolcat --version) || fail "kolcat --version failed without a curated set"
case "$actual" in "kolcat $version
curated set: no curated indicator set found"*) ;; *) fail "--version without a set printed '$actual'" ;; esac

echo "OK: the installed kolcat works from $prefix without the source and build trees"
