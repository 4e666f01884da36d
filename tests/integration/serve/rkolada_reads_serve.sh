#!/usr/bin/env bash
# rKolada, a real Kolada client in R, reads the same from `kolcat serve` as from the demo server.
# Needs Rscript and rKolada (github LCHansson/rKolada, never part of this project) installed in
# the R library named by $KOLCAT_RKOLADA_LIB, with its dependencies (Debian: r-base-core
# r-cran-httr2 r-cran-cli r-cran-dplyr r-cran-jsonlite r-cran-purrr r-cran-rlang r-cran-stringr
# r-cran-tibble r-cran-tidyr). Without them it says why and exits 77, which CTest counts as
# skipped.
#
#   rkolada_reads_serve.sh KOLCAT_BINARY DEMO_SERVER_BINARY DEMO_DATA_DIR
set -euo pipefail
kolcat=$1 demo_server=$2 demo_data=$3
reader="$(cd "$(dirname "$0")" && pwd)/rkolada_read.R"

if ! command -v Rscript >/dev/null; then
  echo "skipped: Rscript is not installed"; exit 77
fi
if [ -z "${KOLCAT_RKOLADA_LIB:-}" ] ||
   ! Rscript -e 'quit(status = !requireNamespace("rKolada", lib.loc = Sys.getenv("KOLCAT_RKOLADA_LIB"), quietly = TRUE))' >/dev/null 2>&1; then
  echo "skipped: set KOLCAT_RKOLADA_LIB to an R library that holds rKolada to run this test"
  exit 77
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kolcat-rkolada-XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT
for name in $(env | sed -n 's/^\(KOLCAT_[A-Z_]*\)=.*/\1/p'); do
  [ "$name" = KOLCAT_RKOLADA_LIB ] || unset "$name"
done
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" HOME="$scratch"

# Starts a server in the background and prints the first API URL (…/v3) it prints.
start() {
  local log=$1; shift
  "$@" >"$log" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 300); do
    if grep -qo 'http://[^ ]*/v3' "$log"; then grep -o 'http://[^ ]*/v3' "$log" | head -1; return; fi
    sleep 0.1
  done
  echo "$1 printed no URL" >&2; exit 1
}

demo_url=$(start "$scratch/demo.log" "$demo_server" --data "$demo_data")
demo_url=${demo_url%/}
"$kolcat" sync --api-url "$demo_url" --max-rps 0 --quiet --catalogue "$scratch/catalogue.sqlite"
serve_url=$(start "$scratch/serve.log" "$kolcat" serve --port 0 --catalogue "$scratch/catalogue.sqlite")

Rscript "$reader" "$demo_url" >"$scratch/from-demo.txt"
Rscript "$reader" "$serve_url" >"$scratch/from-serve.txt"
grep '^==' "$scratch/from-serve.txt"
if ! cmp -s "$scratch/from-demo.txt" "$scratch/from-serve.txt"; then
  diff "$scratch/from-demo.txt" "$scratch/from-serve.txt" | head -40
  echo "rKolada read something different from kolcat serve"; exit 1
fi
# Every part must hold rows, or the comparison proves nothing.
if grep -q '^== .* 0 rows$' "$scratch/from-serve.txt"; then
  echo "rKolada read no rows for a part"; exit 1
fi
echo "rKolada read the same from kolcat serve as from the demo server"
