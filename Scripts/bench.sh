#!/usr/bin/env bash
# make bench: builds the benchmark in release mode (in its own scratch folder) and runs it over a corpus
# of real HTML. The corpus is Debian's Python documentation unless CNKB_BENCH_CORPUS names a folder.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="${CNKB_BENCH_CORPUS:-/usr/share/doc/python3.11/html}"
if [ ! -d "$corpus" ]; then
  echo "bench: installing python3.11-doc for a corpus of real HTML pages" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq python3.11-doc >/dev/null
fi

CNKB_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product cnkb-benchmark
CNKB_BENCHMARKS=1 .build-bench/release/cnkb-benchmark "$corpus" --iterations "${CNKB_BENCH_ITERATIONS:-5}"
