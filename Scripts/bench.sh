#!/usr/bin/env bash
# make bench: cnkb's end-to-end figures on a corpus of real HTML, in one run (see BENCHMARKS.md).
#
#  1. the corpus (Scripts/bench-corpus.sh): ~104 MB of Debian documentation pages, and 25/50 MB subsets
#  2. release builds of cnkb and cnkb-benchmark (scratch path .build-bench)
#  3. the HTML-to-text stage against a bare libxml2 walk, in one process (cnkb-benchmark)
#  4. the peers, from PyPI in .build-bench/venv: trafilatura.extract, then YAKE on trafilatura's text
#  5. `cnkb build` from scratch on 25, 50 and ~104 MB: wall time, MB/s, peak RSS, output size
#  6. incremental: `cnkb build` again with nothing changed; then one page of a copy of the corpus changed,
#     `cnkb build` again; then a from-scratch build of the changed copy, whose graph.json, graph.dot and
#     glossary.md must be byte-identical
#  7. query latency: `cnkb define` and `cnkb related` on the largest graph, process start included
#  8. the report: printed, and written to bench-corpus/last-run.md
#
# Wall time and peak RSS of every child process come from /usr/bin/time (%e, %M). Sizes are decimal
# (1 MB = 1,000,000 bytes); memory is binary (MiB, GiB).
#
# Knobs:
#   CNKB_BENCH_QUICK=1      only the 25 MB subset, fewer iterations (a smoke test of the script)
#   CNKB_BENCH_REV=REV      benchmark that commit (a snapshot in .build-bench/src) instead of the working tree;
#                           the cnkb-benchmark harness comes from the working tree either way
#   CNKB_BENCH_ITERATIONS=N iterations of the in-process stage comparison (default 5, quick 2)
#   CNKB_BENCH_RUNS=N       runs of each query for its median (default 10, quick 5)
#   CNKB_BENCH_PEERS="..."  the pip requirements of the peers (default pinned below)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export LC_ALL=C

quick=${CNKB_BENCH_QUICK:-0}
[ "$quick" = 1 ] || quick=0
if [ "$quick" = 1 ]; then
  sizes=(25mb)
  iterations=${CNKB_BENCH_ITERATIONS:-2}
  runs=${CNKB_BENCH_RUNS:-5}
else
  sizes=(25mb 50mb full)
  iterations=${CNKB_BENCH_ITERATIONS:-5}
  runs=${CNKB_BENCH_RUNS:-10}
fi
largest=${sizes[${#sizes[@]} - 1]}
# lxml_html_clean: jusText (a trafilatura dependency) imports lxml.html.clean, a separate project since lxml 5.2.
peers=${CNKB_BENCH_PEERS:-"trafilatura==2.3.1 yake==0.7.3 lxml_html_clean==0.4.3"}

scratch=$root/.build-bench
results=$scratch/bench-results
runs_dir=$scratch/runs
report=$root/bench-corpus/last-run.md
rm -rf "$results" "$runs_dir"
mkdir -p "$results" "$runs_dir"

started=$(date +%s)
step() { printf '\nbench [%s, +%ds] %s\n' "$(date +%H:%M:%S)" $(($(date +%s) - started)) "$*" >&2; }
note() { printf '  %s\n' "$*" >&2; }
# Results are "key value" lines in one file; get prints the value or n/a.
put() { printf '%s %s\n' "$1" "$2" >>"$results/all.txt"; }
get() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); v = $0 } END { print (v == "" ? "n/a" : v) }' "$results/all.txt"; }
merge() { awk -v p="$1" '{ print p $0 }' "$2" >>"$results/all.txt"; }
touch "$results/all.txt"
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  note "installing ${missing[*]}"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
# timed NAME LOG CMD...: runs CMD under /usr/bin/time, its output to LOG; records NAME_seconds and NAME_rss_kib.
timed() {
  local name=$1 log=$2; shift 2
  local status=0
  /usr/bin/time -f '%e %M' -o "$results/$name.time" "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    note "$name failed (exit $status); the end of $log:"
    tail -n 5 "$log" | sed 's/^/    /' >&2
    put "${name}_status" failed
    return "$status"
  fi
  read -r seconds rss <"$results/$name.time"
  put "${name}_seconds" "$seconds"
  put "${name}_rss_kib" "$rss"
  note "$name: $seconds s, peak RSS $((rss / 1024)) MiB"
}
bytes_of() { find "$1" -type f \( -name '*.html' -o -name '*.htm' \) -printf '%s\n' | awk '{ b += $1 } END { print b + 0 }'; }
pages_of() { find "$1" -type f \( -name '*.html' -o -name '*.htm' \) | wc -l; }

step "machine and tools"
apt_install time
command -v hyperfine >/dev/null || apt_install hyperfine || note "hyperfine unavailable: a timing loop measures the queries"
put load_start "$(cut -d ' ' -f 1-3 /proc/loadavg)"
note "load average: $(get load_start) on $(nproc) CPUs"

step "corpus"
Scripts/bench-corpus.sh >&2
for size in "${sizes[@]}"; do
  put "corpus_${size}_bytes" "$(bytes_of "bench-corpus/$size")"
  put "corpus_${size}_pages" "$(pages_of "bench-corpus/$size")"
done

step "release build of cnkb and cnkb-benchmark (scratch path .build-bench)"
package=$root
if [ -n "${CNKB_BENCH_REV:-}" ]; then
  commit=$(git rev-parse --verify "${CNKB_BENCH_REV}^{commit}")
  package=$scratch/src
  # Extracted again only for another commit, so an unchanged snapshot does not rebuild.
  if [ "$(cat "$package/.bench-commit" 2>/dev/null)" != "$commit" ]; then
    rm -rf "$package" && mkdir -p "$package"
    git archive "$commit" | tar -x -C "$package"
    echo "$commit" >"$package/.bench-commit"
  fi
  [ -f Package.resolved ] && { cmp -s Package.resolved "$package/Package.resolved" || cp Package.resolved "$package/"; }
  mkdir -p "$package/Sources/cnkb-benchmark"
  for file in Sources/cnkb-benchmark/*.swift; do
    cmp -s "$file" "$package/$file" || cp "$file" "$package/$file"
  done
  put source "$commit (snapshot of ${CNKB_BENCH_REV})"
else
  commit=$(git rev-parse HEAD)
  if [ -n "$(git status --porcelain -- Package.swift Sources)" ]; then
    put source "$commit + uncommitted changes in Sources/ or Package.swift (working tree)"
  else
    put source "$commit (working tree, clean)"
  fi
fi
note "benchmarking $(get source)"
for product in cnkb cnkb-benchmark; do
  if ! CNKB_BENCHMARKS=1 swift build -c release --package-path "$package" --scratch-path "$scratch" \
    --product "$product" >"$results/swift-build-$product.log" 2>&1; then
    grep -E 'error:' "$results/swift-build-$product.log" | head -n 20 >&2
    echo "bench: the release build of $product failed (log: $results/swift-build-$product.log)" >&2
    exit 1
  fi
  note "$(tail -n 1 "$results/swift-build-$product.log")"
done
cnkb=$scratch/release/cnkb

step "the peers' virtual environment (.build-bench/venv: $peers)"
venv=$scratch/venv
if ! [ -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" 2>/dev/null || {
    rm -rf "$venv"
    apt_install python3-venv
    python3 -m venv "$venv"
  }
fi
if [ "$(cat "$venv/.bench-peers" 2>/dev/null)" != "$peers" ]; then
  # shellcheck disable=SC2086 # the requirements are a word list
  "$venv/bin/pip" install --quiet --disable-pip-version-check $peers
  echo "$peers" >"$venv/.bench-peers"
fi
put python "$("$venv/bin/python" -c 'import platform; print(platform.python_version())')"

step "HTML-to-text stage against bare libxml2 (in-process, ${iterations} interleaved iterations, bench-corpus/$largest)"
if "$scratch/release/cnkb-benchmark" "bench-corpus/$largest" --iterations "$iterations" \
  --summary "$results/stage.txt" >&2; then
  merge stage_ "$results/stage.txt"
else
  note "cnkb-benchmark failed"
fi

step "trafilatura.extract on bench-corpus/$largest"
timed trafilatura "$results/trafilatura.log" \
  "$venv/bin/python" Scripts/bench_peers.py trafilatura "bench-corpus/$largest" \
  --texts "$results/trafilatura-texts.jsonl" --result "$results/trafilatura.txt" \
  && merge trafilatura_ "$results/trafilatura.txt"

step "YAKE on the text trafilatura extracted"
if [ -s "$results/trafilatura-texts.jsonl" ]; then
  timed yake "$results/yake.log" \
    "$venv/bin/python" Scripts/bench_peers.py yake \
    --texts "$results/trafilatura-texts.jsonl" --result "$results/yake.txt" \
    && merge yake_ "$results/yake.txt"
fi

for size in "${sizes[@]}"; do
  [ "$size" = "$largest" ] && continue
  step "cnkb build from scratch: bench-corpus/$size"
  timed "build_$size" "$runs_dir/build-$size.log" "$cnkb" build "bench-corpus/$size" --out "$runs_dir/$size" \
    && put "build_${size}_output_bytes" "$(du -sb "$runs_dir/$size" | cut -f1)" || true
done

# The largest build runs on a copy of the corpus, which the incremental step then changes: a page of the copy
# gets a paragraph, and the same copy is built again into the same folder, then from scratch into another.
copy=bench-corpus/changed
step "cnkb build from scratch: a copy of bench-corpus/$largest ($copy)"
rm -rf "$copy"
cp -R "bench-corpus/$largest" "$copy"
if timed "build_$largest" "$runs_dir/build-$largest.log" "$cnkb" build "$copy" --out "$runs_dir/$largest"; then
  put "build_${largest}_output_bytes" "$(du -sb "$runs_dir/$largest" | cut -f1)"

  step "nothing changed: cnkb build again into the same folder"
  unchanged_before=$(cksum <"$runs_dir/$largest/graph.json")
  if timed unchanged "$runs_dir/unchanged-$largest.log" "$cnkb" build "$copy" --out "$runs_dir/$largest"; then
    [ "$unchanged_before" = "$(cksum <"$runs_dir/$largest/graph.json")" ] && put unchanged_same yes \
      || put unchanged_same no
    grep -q "up to date" "$runs_dir/unchanged-$largest.log" && put unchanged_written none || put unchanged_written all
  fi

  step "incremental: one page changed, cnkb build again"
  page=$(cd "$copy" && { ls postgresql-15/continuous-archiving.html 2>/dev/null || find . -name '*.html' -printf '%P\n' | sort | head -n 1; })
  paragraph='<p>Benchmark edit: the write-ahead log (WAL) records each change before the data files do, so a standby server replays it for streaming replication.</p>'
  before=$(cksum <"$runs_dir/$largest/graph.json")
  if grep -q '</body>' "$copy/$page"; then
    sed -i "s|</body>|$paragraph\n</body>|" "$copy/$page"
  else
    printf '%s\n' "$paragraph" >>"$copy/$page"
  fi
  put incremental_page "$page"
  note "appended a paragraph to $copy/$page"
  if timed incremental "$runs_dir/incremental-$largest.log" "$cnkb" build "$copy" --out "$runs_dir/$largest"; then
    [ "$before" = "$(cksum <"$runs_dir/$largest/graph.json")" ] && put incremental_graph_changed no \
      || put incremental_graph_changed yes

    step "from-scratch build of the changed copy, to compare the outputs"
    if timed scratch "$runs_dir/scratch-$largest.log" "$cnkb" build "$copy" --out "$runs_dir/$largest-scratch"; then
      same=yes
      for file in graph.json graph.dot glossary.md; do
        if cmp -s "$runs_dir/$largest/$file" "$runs_dir/$largest-scratch/$file"; then
          note "$file: byte-identical"
        else
          note "$file: DIFFERS ($(cmp "$runs_dir/$largest/$file" "$runs_dir/$largest-scratch/$file" 2>&1 | head -n 1))"
          same=no
        fi
      done
      put incremental_identical "$same"
    fi
  fi

  step "query latency: cnkb define / related on the $largest graph, $runs runs each, process start included"
  db=$runs_dir/$largest/kb.sqlite
  # Three concepts of the graph, by mentions: the most mentioned, the 10th and the 100th (labels of plain
  # characters only, so they pass through hyperfine's command splitting unquoted).
  mapfile -t terms < <("$venv/bin/python" - "$db" <<'EOF'
import re, sqlite3, sys
rows = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute(
    "SELECT label FROM concept ORDER BY mentionCount DESC, id").fetchall()
plain = [label for (label,) in rows if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.+_-]*", label)]
for rank in (0, 9, 99):
    if rank < len(plain):
        print(plain[rank])
EOF
  )
  put query_terms "${terms[*]}"
  index=0
  for term in "${terms[@]}"; do
    index=$((index + 1))
    for command in define related; do
      name=query_${command}_$index
      if ! "$cnkb" "$command" "$term" --db "$db" >/dev/null 2>"$results/$name.err"; then
        note "cnkb $command $term failed: $(head -n 1 "$results/$name.err")"
        continue
      fi
      if command -v hyperfine >/dev/null; then
        hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$results/$name.json" \
          "$cnkb $command $term --db $db" >/dev/null 2>&1
        median=$("$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
          "$results/$name.json")
        put query_tool hyperfine
      else
        for _ in $(seq "$runs"); do
          start=$(date +%s%N)
          "$cnkb" "$command" "$term" --db "$db" >/dev/null 2>&1
          echo $(($(date +%s%N) - start))
        done | sort -n | awk '{ v[NR] = $1 } END { printf "%.6f\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1e9 }' \
          >"$results/$name.median"
        median=$(cat "$results/$name.median")
        put query_tool "a loop of runs timed with date"
      fi
      /usr/bin/time -f '%M' -o "$results/$name.rss" "$cnkb" "$command" "$term" --db "$db" >/dev/null 2>&1 || true
      put "${name}_median" "$median"
      put "${name}_rss_kib" "$(cat "$results/$name.rss")"
      note "cnkb $command $term: median $(awk -v s="$median" 'BEGIN { printf "%.0f", s * 1000 }') ms"
    done
  done
fi
put load_end "$(cut -d ' ' -f 1-3 /proc/loadavg)"

step "report"
mb() { awk -v b="$1" 'BEGIN { if (b == "n/a") print "n/a"; else printf "%.1f MB", b / 1e6 }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "n/a") print "n/a"; else if (k >= 1048576) printf "%.2f GiB", k / 1048576; else printf "%.0f MiB", k / 1024 }'; }
secs() { awk -v s="$1" 'BEGIN { if (s == "n/a") print "n/a"; else printf "%.2f s", s }'; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { if (b == "n/a" || s == "n/a" || s == 0) print "n/a"; else printf "%.2f MB/s", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
# verdict VALUE OP LIMIT: met / not met / n/a
verdict() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { if (v == "n/a" || v == "") { print "n/a"; exit }
  ok = (op == ">=" ? v + 0 >= l + 0 : v + 0 < l + 0); print (ok ? "met" : "**not met**") }'; }
bytes_largest=$(get "corpus_${largest}_bytes")
cpu=$(awk -F ': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

{
  echo "<!-- bench:begin -->"
  echo "### Run of $(date -u '+%Y-%m-%d %H:%M UTC')$([ "$quick" = 1 ] && echo ' (CNKB_BENCH_QUICK=1: 25 MB only)')"
  echo
  echo "- commit: $(get source)"
  echo "- machine: $(uname -a)"
  echo "- CPU: $cpu, $(nproc) cores seen by the process; memory $memory; load average at start $(get load_start), at end $(get load_end)"
  echo "- peers: Python $(get python), trafilatura $(get trafilatura_version), YAKE $(get yake_version)"
  corpora=()
  for size in "${sizes[@]}"; do
    corpora+=("bench-corpus/$size $(get "corpus_${size}_pages") pages, $(mb "$(get "corpus_${size}_bytes")")")
  done
  (IFS=';'; echo "- corpus: ${corpora[*]}" | sed 's/;/; /g')
  echo
  echo "| measurement | input | wall time | throughput | peak RSS | notes |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for size in "${sizes[@]}"; do
    b=$(get "corpus_${size}_bytes")
    s=$(get "build_${size}_seconds")
    out=$(get "build_${size}_output_bytes")
    echo "| \`cnkb build\`, from scratch | $size: $(mb "$b") | $(secs "$s") | $(rate "$b" "$s") | $(mib "$(get "build_${size}_rss_kib")") | output $(mb "$out")$([ "$(get "build_${size}_status")" = failed ] && echo ', FAILED') |"
  done
  echo "| \`cnkb build\` again, nothing changed | $largest: $(mb "$bytes_largest") | $(secs "$(get unchanged_seconds)") | | $(mib "$(get unchanged_rss_kib)") | exports written again: $(get unchanged_written); graph.json the same: $(get unchanged_same) |"
  echo "| \`cnkb build\` again, one page changed | $largest: $(mb "$bytes_largest") | $(secs "$(get incremental_seconds)") | | $(mib "$(get incremental_rss_kib)") | changed \`$(get incremental_page)\`; graph.json changed: $(get incremental_graph_changed) |"
  echo "| \`cnkb build\` of the changed corpus, from scratch | $largest: $(mb "$bytes_largest") | $(secs "$(get scratch_seconds)") | $(rate "$bytes_largest" "$(get scratch_seconds)") | $(mib "$(get scratch_rss_kib)") | graph.json, graph.dot, glossary.md identical to the incremental build's: $(get incremental_identical) |"
  sb=$(get stage_bytes)
  echo "| bare libxml2 parse + text walk (baseline) | $largest: $(mb "$sb") in memory | $(secs "$(get stage_baseline_seconds)") | $(rate "$sb" "$(get stage_baseline_seconds)") | | cnkb-benchmark, median of $(get stage_iterations) interleaved iterations |"
  echo "| cnkb HTML-to-text (\`HTMLTextConverter\`) | same | $(secs "$(get stage_convert_seconds)") | $(rate "$sb" "$(get stage_convert_seconds)") | | same process |"
  echo "| cnkb HTML-to-text + sentences (\`DocumentReader\`) | same | $(secs "$(get stage_read_seconds)") | $(rate "$sb" "$(get stage_read_seconds)") | | same process |"
  tb=$(get trafilatura_html_bytes)
  echo "| trafilatura.extract: file reads + extraction loop | $largest: $(mb "$tb") | $(secs "$(get trafilatura_loop_seconds)") | $(rate "$tb" "$(get trafilatura_loop_seconds)") | $(mib "$(get trafilatura_rss_kib)") | $(mb "$(get trafilatura_text_bytes)") of text; $(get trafilatura_empty_pages) pages without text |"
  echo "| trafilatura: the whole Python process | same | $(secs "$(get trafilatura_seconds)") | $(rate "$tb" "$(get trafilatura_seconds)") | same | interpreter start and imports included |"
  echo "| YAKE on trafilatura's text: extraction loop | $(mb "$(get yake_text_bytes)") of text from $(mb "$tb") of HTML | $(secs "$(get yake_loop_seconds)") | $(rate "$tb" "$(get yake_loop_seconds)") of HTML | $(mib "$(get yake_rss_kib)") | $(rate "$(get yake_text_bytes)" "$(get yake_loop_seconds)") of text; default settings (3-grams, top 20) |"
  echo "| YAKE: the whole Python process | same | $(secs "$(get yake_seconds)") | | same | reading the texts, start and imports included |"
  index=0
  for term in $(get query_terms); do
    index=$((index + 1))
    for command in define related; do
      m=$(get "query_${command}_${index}_median")
      echo "| \`cnkb $command $term\` | $largest graph | $(awk -v s="$m" 'BEGIN { if (s == "n/a") print "n/a"; else printf "%.0f ms", s * 1000 }') | | $(mib "$(get "query_${command}_${index}_rss_kib")") | median of $runs runs ($(get query_tool)), process start included |"
    done
  done
  echo
  build_rate=$(awk -v b="$bytes_largest" -v s="$(get "build_${largest}_seconds")" 'BEGIN { if (s == "n/a") print "n/a"; else printf "%.4f", b / 1e6 / s }')
  trafilatura_rate=$(awk -v b="$tb" -v s="$(get trafilatura_loop_seconds)" 'BEGIN { if (s == "n/a") print "n/a"; else printf "%.4f", b / 1e6 / s }')
  versus=$(ratio "$build_rate" "$trafilatura_rate")
  stage=$(ratio "$(get stage_baseline_seconds)" "$(get stage_convert_seconds)")
  rss_small=$(get build_25mb_rss_kib)
  rss_large=$(get "build_${largest}_rss_kib")
  growth=$(ratio "$rss_large" "$rss_small")
  corpus_growth=$(ratio "$bytes_largest" "$(get corpus_25mb_bytes)")
  rss_gib=$(awk -v k="$rss_large" 'BEGIN { if (k == "n/a") print "n/a"; else printf "%.3f", k / 1048576 }')
  half=$(awk -v g="$corpus_growth" 'BEGIN { if (g == "n/a") print "n/a"; else printf "%.2f", g / 2 }')
  echo "| target | measured | |"
  echo "| --- | --- | --- |"
  echo "| cnkb build MB/s ÷ trafilatura MB/s ≥ 10 ($largest, extraction loop) | $versus | $(verdict "$versus" ">=" 10) |"
  echo "| cnkb HTML-to-text ÷ bare libxml2 throughput ≥ 0.7 | $stage | $(verdict "$stage" ">=" 0.7) |"
  echo "| cnkb build ≥ 5 MB/s ($largest) | $(rate "$bytes_largest" "$(get "build_${largest}_seconds")") | $(verdict "$build_rate" ">=" 5) |"
  if [ "$quick" = 1 ]; then
    echo "| peak RSS < 1 GiB at ~100 MB | n/a (quick run: $(mib "$rss_large") at $(mb "$bytes_largest")) | n/a |"
    echo "| peak RSS grows far slower than the corpus | n/a (quick run) | n/a |"
  else
    echo "| peak RSS < 1 GiB at ~100 MB | $(mib "$rss_large") | $(verdict "$rss_gib" "<" 1) |"
    echo "| peak RSS grows far slower than the corpus: its growth from 25mb to $largest ≤ half the corpus's (×$corpus_growth) | ×$growth ($(mib "$rss_small") → $(mib "$(get build_50mb_rss_kib)") → $(mib "$rss_large")) | $(verdict "$growth" "<" "$(awk -v h="$half" 'BEGIN { printf "%.4f", h + 0.00001 }')") |"
  fi
  echo "| incremental build after one page changed < 5 s | $(secs "$(get incremental_seconds)") | $(verdict "$(get incremental_seconds)" "<" 5) |"
  identical=$(get incremental_identical)
  echo "| incremental output = from-scratch output (graph.json, graph.dot, glossary.md) | $identical | $(case $identical in yes) echo met ;; no) echo '**not met**' ;; *) echo n/a ;; esac) |"
  echo "<!-- bench:end -->"
} >"$report"
echo >&2
cat "$report"
echo
echo "bench: the report is in bench-corpus/last-run.md; run outputs and logs in .build-bench/runs and .build-bench/bench-results" >&2
