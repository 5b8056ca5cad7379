#!/usr/bin/env bash
# Kill test: `cnkb build` killed with SIGKILL at random points must leave a sound store, and building again
# must give exactly the exports of an uninterrupted build.
#
#   Scripts/kill-test.sh             # or: make kill-test
#
# Environment:
#   TRIALS=N         how many kills (default 24, at least 20 for the README's figures)
#   KILL_SEED=N      seed of the kill points (default 20241129); printed, so a run can be replayed
#   SCRATCH_PATH=D   SwiftPM scratch folder of the release build (default .build-killtest)
#   WORK=D           where the trials run (default: a new temporary folder, removed at the end)
#
# The corpus is samples/ plus ../shared/seed/gingergeek-feed.txt when present. A reference build runs once
# uninterrupted; each trial then starts a build into a fresh, a half-built or a complete output folder (the
# last both with nothing changed, which reuses the stored graph, and with --rebuild), kills it after a
# random delay aimed at one phase (ingest, extraction, storing the graph, export), runs SQLite's
# integrity_check and FTS5's index check on what is left, builds again to completion and compares graph.json, graph.dot and
# glossary.md with the reference byte for byte. Exit status 1 on any failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
TRIALS=${TRIALS:-24}
SEED=${KILL_SEED:-20241129}
SCRATCH=${SCRATCH_PATH:-.build-killtest}
COMPARED=(graph.json graph.dot glossary.md)

now_ms() { echo $(($(date +%s%N) / 1000000)); }

echo "== building cnkb (release, --scratch-path $SCRATCH)"
swift build -c release --product cnkb --scratch-path "$SCRATCH" 2>&1 | tail -n 1
BIN="$ROOT/$SCRATCH/release/cnkb"
[ -x "$BIN" ] || { echo "error: $BIN was not built" >&2; exit 1; }

# SQLite's integrity_check, then FTS5's own check of the full-text index against the sentence table (silent
# when they agree); prints "ok" when both pass.
integrity() {
  python3 - "$1" 2>&1 <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
try:
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sentenceSearch'").fetchone():
        db.execute("INSERT INTO sentenceSearch(sentenceSearch, rank) VALUES('integrity-check', 1)")
except sqlite3.Error as error:
    rows.append("sentenceSearch: %s" % error)
print("\n".join(rows))
PY
}

CORPUS=("$ROOT/samples")
SEED_FEED="$ROOT/../shared/seed/gingergeek-feed.txt"
[ -f "$SEED_FEED" ] && CORPUS+=("$(cd "$(dirname "$SEED_FEED")" && pwd)/$(basename "$SEED_FEED")")

if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/cnkb-kill-test.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi
echo "== corpus: ${CORPUS[*]}"
echo "== seed: $SEED   trials: $TRIALS   work: $WORK"
RANDOM=$SEED

# Runs a build with info logs, each stderr line prefixed with the milliseconds since `start`.
# Arguments: output folder, log file, extra flags...
timed_build() {
  local out=$1 log=$2
  shift 2
  local start
  start=$(now_ms)
  "$BIN" build "${CORPUS[@]}" --out "$out" --log-level info "$@" 2>&1 >/dev/null \
    | while IFS= read -r line; do echo "$(($(now_ms) - start)) $line"; done >"$log"
}

# The phase a build had reached, from its log: the last milestone it wrote.
phase_of() {
  local log=$1
  if grep -q 'storing the graph took\|reusing the stored graph' "$log"; then echo export
  elif grep -q 'finding .* relations took' "$log"; then echo storing
  elif grep -q 'ingest finished' "$log"; then echo extraction
  else echo ingest; fi
}

# The milliseconds at which a milestone was logged (empty when it was not).
at() { grep -m1 "$2" "$1" | cut -d' ' -f1 || true; }

echo "== reference build (uninterrupted)"
REF="$WORK/reference"
start=$(now_ms)
timed_build "$REF/out" "$WORK/reference.log"
FRESH_MS=$(($(now_ms) - start))
mkdir -p "$REF/golden"
for name in "${COMPARED[@]}"; do cp "$REF/out/$name" "$REF/golden/$name"; done
echo "   fresh build: ${FRESH_MS} ms"

# Phase windows [start, end) in ms for each kind of starting folder, from timed runs of each.
FRESH_WINDOWS="ingest 0 $(at "$WORK/reference.log" 'ingest finished')
extraction $(at "$WORK/reference.log" 'ingest finished') $(at "$WORK/reference.log" 'finding .* relations took')
storing $(at "$WORK/reference.log" 'finding .* relations took') $(at "$WORK/reference.log" 'storing the graph took')
export $(at "$WORK/reference.log" 'storing the graph took') $FRESH_MS"
start=$(now_ms)
timed_build "$REF/out" "$WORK/reuse.log"
REUSE_MS=$(($(now_ms) - start))
REUSE_WINDOWS="ingest 0 $(at "$WORK/reuse.log" 'ingest finished')
export $(at "$WORK/reuse.log" 'ingest finished') $REUSE_MS"
start=$(now_ms)
timed_build "$REF/out" "$WORK/rebuild.log" --rebuild
REBUILD_MS=$(($(now_ms) - start))
REBUILD_WINDOWS="ingest 0 $(at "$WORK/rebuild.log" 'ingest finished')
extraction $(at "$WORK/rebuild.log" 'ingest finished') $(at "$WORK/rebuild.log" 'finding .* relations took')
storing $(at "$WORK/rebuild.log" 'finding .* relations took') $(at "$WORK/rebuild.log" 'storing the graph took')
export $(at "$WORK/rebuild.log" 'storing the graph took') $REBUILD_MS"
echo "   nothing changed (reuse): ${REUSE_MS} ms, --rebuild over a complete store: ${REBUILD_MS} ms"
echo "   phase windows (ms), fresh:"; echo "$FRESH_WINDOWS" | sed 's/^/     /'

# A random whole number in [low, high).
random_between() {
  local low=$1 high=$2
  [ -z "$low" ] && low=0
  [ -z "$high" ] || [ "$high" -le "$low" ] && high=$((low + 1))
  echo $((low + (RANDOM * 32768 + RANDOM) % (high - low)))
}

failures=0
integrity_failures=0
mismatches=0
rerun_failures=0
killed=0
finished_first=0
declare -A hits=()
points=()
OUT="$WORK/trial/out"

printf '%-5s %-16s %-10s %-7s %-10s %-8s %-9s %s\n' trial start aimed-at kill-ms reached killed integrity exports
for ((trial = 1; trial <= TRIALS; trial++)); do
  case $((trial % 4)) in
    1) scenario=fresh ;;
    2) scenario=half-built ;;
    3) scenario=complete ;;
    0) scenario=complete-rebuild ;;
  esac
  flags=()
  windows=$FRESH_WINDOWS
  case $scenario in
    fresh) rm -rf "$OUT" ;;
    half-built)
      # A first build killed during ingest leaves some documents stored: the trial's build starts from that.
      rm -rf "$OUT"
      mkdir -p "$OUT"
      ( exec "$BIN" build "${CORPUS[@]}" --out "$OUT" >/dev/null 2>&1 ) &
      pre=$!
      sleep "$(printf '0.%03d' "$(random_between 20 $((FRESH_MS < 900 ? FRESH_MS : 900)))")"
      kill -KILL "$pre" 2>/dev/null || true
      wait "$pre" 2>/dev/null || true
      ;;
    complete)
      [ -f "$OUT/graph.json" ] || "$BIN" build "${CORPUS[@]}" --out "$OUT" >/dev/null 2>&1
      windows=$REUSE_WINDOWS
      ;;
    complete-rebuild)
      [ -f "$OUT/graph.json" ] || "$BIN" build "${CORPUS[@]}" --out "$OUT" >/dev/null 2>&1
      windows=$REBUILD_WINDOWS
      flags=(--rebuild)
      ;;
  esac
  # Aim at the phases in turn, at a random point inside the chosen phase.
  count=$(echo "$windows" | wc -l)
  line=$(echo "$windows" | sed -n "$(((trial / 4) % count + 1))p")
  read -r aim low high <<<"$line"
  delay=$(random_between "$low" "$high")
  mkdir -p "$OUT"
  log="$WORK/trial-$trial.log"
  start=$(now_ms)
  "$BIN" build "${CORPUS[@]}" --out "$OUT" --log-level info "${flags[@]}" >/dev/null 2>"$log" &
  pid=$!
  target=$((start + delay))
  remaining=$((target - $(now_ms)))
  [ "$remaining" -gt 0 ] && sleep "$(printf '%d.%03d' $((remaining / 1000)) $((remaining % 1000)))"
  kill_ms=$(($(now_ms) - start))
  if kill -KILL "$pid" 2>/dev/null; then was_killed=yes; else was_killed=no; fi
  status=0
  wait "$pid" 2>/dev/null || status=$?
  if [ "$was_killed" = yes ] && [ "$status" -eq 137 ]; then
    killed=$((killed + 1))
    reached=$(phase_of "$log")
  else
    was_killed="no($status)"
    finished_first=$((finished_first + 1))
    reached=done
  fi
  hits[$reached]=$((${hits[$reached]:-0} + 1))
  points+=("$kill_ms")

  check="no-db"
  if [ -f "$OUT/kb.sqlite" ]; then
    check=$(integrity "$OUT/kb.sqlite" | tr '\n' ' ' | sed 's/ $//')
    if [ "$check" != ok ]; then
      integrity_failures=$((integrity_failures + 1))
      echo "   trial $trial: integrity_check said: $check" >&2
    fi
  fi

  verdict=same
  if ! "$BIN" build "${CORPUS[@]}" --out "$OUT" >"$WORK/rerun-$trial.out" 2>"$WORK/rerun-$trial.err"; then
    rerun_failures=$((rerun_failures + 1))
    verdict="re-run failed"
    sed 's/^/     /' "$WORK/rerun-$trial.err" >&2
  else
    for name in "${COMPARED[@]}"; do
      if ! cmp -s "$OUT/$name" "$REF/golden/$name"; then
        verdict="differs"
        mismatches=$((mismatches + 1))
        echo "   trial $trial: $name differs from the reference" >&2
        break
      fi
    done
  fi
  printf '%-5s %-16s %-10s %-7s %-10s %-8s %-9s %s\n' "$trial" "$scenario" "$aim" "$kill_ms" "$reached" \
    "$was_killed" "${check:0:9}" "$verdict"
done

failures=$((integrity_failures + mismatches + rerun_failures))
sorted=$(printf '%s\n' "${points[@]}" | sort -n | tr '\n' ' ')
echo
echo "== summary (seed $SEED)"
echo "trials:              $TRIALS ($killed killed mid-build, $finished_first finished before the kill)"
echo "phases reached:      ingest ${hits[ingest]:-0}, extraction ${hits[extraction]:-0}, storing ${hits[storing]:-0}, export ${hits[export]:-0}, done ${hits[done]:-0}"
echo "kill points (ms):    $sorted"
echo "reference timings:   fresh ${FRESH_MS} ms, nothing changed ${REUSE_MS} ms, --rebuild ${REBUILD_MS} ms"
echo "integrity failures:  $integrity_failures"
echo "re-run failures:     $rerun_failures"
echo "mismatches:          $mismatches"
if [ "$failures" -ne 0 ]; then
  echo "FAILED: $failures failure(s)"
  exit 1
fi
echo "ok: every killed store passed integrity_check and every re-run matched the reference byte for byte"
