#!/usr/bin/env bash
# bench-split.sh CORPUS [BIN]: the split build (cnkb map, cnkb merge, cnkb build --from-partials) against a
# plain `cnkb build` of the same folder, in one run: wall time and peak memory of each step, the partials'
# size per MB of input, the ratio of the two paths, and whether the exports are byte-identical.
set -euo pipefail
corpus=${1:?usage: bench-split.sh CORPUS_FOLDER [CNKB_BINARY]}
bin=${2:-.build/release/cnkb}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cnkb-bench-split.XXXXXX")
trap 'rm -rf "$work"' EXIT
timed() { # timed NAME COMMAND...: runs it, records "seconds peak_kB" in $work/NAME.time
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@"
}
seconds() { cut -d' ' -f1 "$work/$1.time"; }
peak() { awk '{printf "%.0f", $2/1024}' "$work/$1.time"; }

megabytes=$(du -sbL "$corpus" | awk '{printf "%.1f", $1/1e6}')
echo "corpus: $corpus ($megabytes MB), binary: $bin, $(nproc) cores"
timed records python3 "$root/scale/pages_to_records.py" "$corpus" >"$work/records.jsonl"
lines=$(wc -l <"$work/records.jsonl")

timed plain "$bin" build "$corpus" --out "$work/plain" >/dev/null 2>"$work/plain.err"
timed map "$bin" map -o "$work/partial.jsonl" <"$work/records.jsonl" 2>"$work/map.err" || true
timed finish "$bin" build --from-partials "$work/partial.jsonl" --out "$work/split" >/dev/null 2>"$work/finish.err"

# The same corpus as two maps and a merge, as two executors would give it.
half=$(( (lines + 1) / 2 ))
head -n "$half" "$work/records.jsonl" >"$work/a.jsonl"
tail -n +"$((half + 1))" "$work/records.jsonl" >"$work/b.jsonl"
timed map-a "$bin" map -o "$work/a.partial" <"$work/a.jsonl" 2>/dev/null || true
timed map-b "$bin" map -o "$work/b.partial" <"$work/b.jsonl" 2>/dev/null || true
timed merge "$bin" merge -o "$work/merged.jsonl" "$work/b.partial" "$work/a.partial"

identical=yes
for export in graph.json graph.dot glossary.md; do
  cmp -s "$work/plain/$export" "$work/split/$export" || { identical=no; echo "differs: $export"; }
done
cmp -s "$work/merged.jsonl" "$work/partial.jsonl" && merged_same=yes || merged_same=no
partial_mb=$(du -sb "$work/partial.jsonl" | awk '{printf "%.1f", $1/1e6}')
records_mb=$(du -sb "$work/records.jsonl" | awk '{printf "%.1f", $1/1e6}')
split_total=$(echo "$(seconds map) + $(seconds finish)" | bc -l)

printf '\n| step | wall s | peak MB |\n| --- | --- | --- |\n'
printf '| records (pages_to_records.py, %s lines, %s MB) | %s | %s |\n' "$lines" "$records_mb" "$(seconds records)" "$(peak records)"
printf '| plain cnkb build | %s | %s |\n' "$(seconds plain)" "$(peak plain)"
printf '| cnkb map (all records) | %s | %s |\n' "$(seconds map)" "$(peak map)"
printf '| cnkb build --from-partials | %s | %s |\n' "$(seconds finish)" "$(peak finish)"
printf '| cnkb map, first half / second half | %s / %s | %s / %s |\n' "$(seconds map-a)" "$(seconds map-b)" "$(peak map-a)" "$(peak map-b)"
printf '| cnkb merge of the two halves | %s | %s |\n' "$(seconds merge)" "$(peak merge)"
echo
echo "map + finish: ${split_total} s = $(echo "$split_total / $(seconds plain)" | bc -l | xargs printf '%.2f') x the plain build"
echo "partials: ${partial_mb} MB = $(echo "$partial_mb / $megabytes" | bc -l | xargs printf '%.2f') MB per MB of input"
echo "merge of two halves equals the single map byte for byte: $merged_same"
echo "exports identical (graph.json, graph.dot, glossary.md): $identical"
[ "$identical" = yes ] && [ "$merged_same" = yes ]
