#!/usr/bin/env bash
# `cpack -G DEB` builds kolcat_<version>_<arch>.deb: package kolcat, its files under /usr, and a
# Depends line of Debian runtime packages. The package's files, unpacked with dpkg -x into a
# scratch folder, run: --version finds the curated set under the unpacked usr/share.
# Skips (exit 77) without dpkg-deb.
#
#   test_deb.sh CPACK BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
cpack=$1
build=$(realpath "$2")
source=$(realpath "$3")
version=$4

command -v dpkg-deb >/dev/null || { echo "SKIP: no dpkg-deb"; exit 77; }
scratch=$(realpath "$(mktemp -d "${TMPDIR:-/tmp}/kolcat-deb-XXXXXX")")
case "$scratch/" in
  "$build"/*) rm -rf "$scratch"; scratch=$(realpath "$(mktemp -d /tmp/kolcat-deb-XXXXXX)") ;;
esac
trap 'rm -rf "$scratch"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  fail "cpack failed: $(cat "$scratch/cpack.log")"
arch=$(dpkg --print-architecture)
deb=$scratch/out/kolcat_${version}_${arch}.deb
[ -f "$deb" ] || fail "no $deb; cpack made: $(ls "$scratch/out")"

[ "$(dpkg-deb -f "$deb" Package)" = kolcat ] || fail "Package is not kolcat"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
for package in libc6 libstdc++6 libcurl4 libsqlite3-0 libqt6core6; do
  case ", $depends," in *", $package "*) ;; *) fail "Depends lacks $package: $depends" ;; esac
done
# Debian's runtime packages, never the -dev packages the build needs.
case "$depends" in *-dev*) fail "Depends names a -dev package: $depends" ;; esac

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for file in ./usr/bin/kolcat ./usr/bin/kolcat-demo-server ./usr/share/kolcat/indicators/kpis.json \
  ./usr/share/kolcat/indicators/goals.json ./usr/share/kolcat/indicators/region_sets.json \
  ./usr/share/kolcat/demo/kpi.json ./usr/share/doc/kolcat/README.md; do
  grep -qxF "$file" <<<"$contents" || fail "the package lacks $file"
done

dpkg-deb -x "$deb" "$scratch/root"
mkdir -p "$scratch/home" "$scratch/none"
actual=$(cd "$scratch" && env -u KOLCAT_INDICATORS_DIR HOME="$scratch/home" \
  XDG_DATA_HOME="$scratch/home/data" XDG_DATA_DIRS="$scratch/none" \
  "$scratch/root/usr/bin/kolcat" --version | sed -n 2p)
case "$actual" in "curated set: sha256:"*" ($scratch/root/usr/share/kolcat/indicators)") ;;
  *) fail "the unpacked kolcat --version printed '$actual'" ;; esac
cmp -s "$scratch/root/usr/share/kolcat/indicators/kpis.json" "$source/indicators/kpis.json" ||
  fail "the packaged kpis.json differs from the source tree's"
echo "OK: $(basename "$deb"), Depends: $depends"
