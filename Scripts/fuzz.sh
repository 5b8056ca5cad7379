#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets (Sources/Fuzz, compiled only with CNKB_FUZZ=1) with the fuzzer and
# address sanitizers in their own scratch folder, then runs each one in turn on a single core.
#
#   FUZZ_SECONDS   seconds per target (default 600)
#   FUZZ_TARGETS   the targets to build and run, separated by spaces (default: all of them)
#   FUZZ_LOG_DIR   where each target's libFuzzer log goes (default .build-fuzz/logs)
#
# Each corpus lives in .build-fuzz/corpus/<target>, seeded from the samples, the glossary, the test fixtures
# and the regression inputs in Tests/*/Fixtures/fuzz. Crashing or hanging inputs are written to
# .build-fuzz/artifacts/<target>/; copy them into the matching Fixtures/fuzz folder as regression tests.
# Exits 1 when any target found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets="FuzzHTMLConverter FuzzFeedReader FuzzSeedFeedReader FuzzMarkdownReader FuzzRestructuredTextReader FuzzAsciiDocReader FuzzSentenceSplitter FuzzTokenizer FuzzLexicon FuzzPartialRecords"
targets="${FUZZ_TARGETS:-$all_targets}"
seconds="${FUZZ_SECONDS:-600}"
scratch=.build-fuzz
logs="${FUZZ_LOG_DIR:-$scratch/logs}"

# Largest input per target: whole pages and feeds for the markup readers, a paragraph or two for the
# sentence-level stages, a small lexicon folder for the loader.
max_len() {
  case "$1" in
    FuzzHTMLConverter | FuzzFeedReader | FuzzSeedFeedReader) echo 65536 ;;
    FuzzMarkdownReader | FuzzRestructuredTextReader | FuzzAsciiDocReader) echo 16384 ;;
    FuzzSentenceSplitter | FuzzTokenizer) echo 4096 ;;
    FuzzLexicon) echo 16384 ;;
    FuzzPartialRecords) echo 8192 ;;
    *) echo "fuzz: unknown target $1 (known: $all_targets)" >&2; exit 2 ;;
  esac
}

# Copies the given files into a corpus folder as seed-<folder>-<name>.
copy_seeds() {
  local corpus=$1 file
  shift
  for file in "$@"; do
    [ -f "$file" ] || continue
    cp -f "$file" "$corpus/seed-$(basename "$(dirname "$file")")-$(basename "$file")"
  done
}

# Writes each paragraph (blank-line separated) of the given text files as its own seed.
copy_paragraphs() {
  local corpus=$1 file
  shift
  for file in "$@"; do
    [ -f "$file" ] || continue
    awk -v prefix="$corpus/seed-$(basename "$file")-" 'BEGIN { RS = "" } { print > (prefix NR); close(prefix NR) }' "$file"
  done
}

seed() {
  local target=$1 corpus=$2
  shopt -s nullglob globstar
  case "$target" in
    FuzzHTMLConverter)
      copy_seeds "$corpus" samples/**/*.html Tests/*/Fixtures/**/*.html Tests/CNKBMarkupTests/Fixtures/fuzz/html/*
      ;;
    FuzzFeedReader)
      copy_seeds "$corpus" samples/feeds/* Tests/CNKBMarkupTests/Fixtures/fuzz/feed/*
      ;;
    FuzzSeedFeedReader)
      # The founding corpus beside the repository, when present (libFuzzer reads its first max_len bytes).
      copy_seeds "$corpus" Tests/CNKBSourcesTests/Fixtures/mini-seed.txt ../shared/seed/gingergeek-feed.txt \
        Tests/CNKBSourcesTests/Fixtures/fuzz/*
      ;;
    FuzzMarkdownReader)
      copy_seeds "$corpus" samples/**/*.md Tests/CNKBSourcesTests/Fixtures/*.md
      ;;
    FuzzRestructuredTextReader)
      copy_seeds "$corpus" samples/**/*.rst Tests/*/Fixtures/*.rst
      ;;
    FuzzAsciiDocReader)
      copy_seeds "$corpus" samples/**/*.adoc Tests/*/Fixtures/*.adoc
      ;;
    FuzzSentenceSplitter | FuzzTokenizer)
      copy_paragraphs "$corpus" samples/**/*.txt samples/**/*.md Tests/CNKBSourcesTests/Fixtures/*.txt \
        Tests/CNKBSourcesTests/Fixtures/*.md glossary/README.md
      if [ "$target" = FuzzSentenceSplitter ]; then
        copy_seeds "$corpus" Tests/CNKBTextTests/Fixtures/fuzz/*
      else
        copy_seeds "$corpus" Tests/CNKBTermsTests/Fixtures/fuzz/tokenizer/*
      fi
      ;;
    FuzzLexicon)
      # The input is the four files joined by NUL bytes: terms.jsonl, stoplist.txt, stopwords-en.txt,
      # overrides.jsonl. The glossary's terms come in slices of 30 lines to stay under max_len.
      local slice
      split -l 30 glossary/terms.jsonl "$corpus/seed-terms-"
      for slice in "$corpus"/seed-terms-a?; do
        { cat "$slice"; printf '\0'; cat glossary/stoplist.txt; printf '\0\0'; cat glossary/overrides.jsonl; } \
          >"$slice-with-lists"
      done
      local hostile=Tests/cnkbTests/Fixtures/hostile/lexicon
      { cat "$hostile/terms.jsonl"; printf '\0'; cat "$hostile/stoplist.txt"; printf '\0'
        cat "$hostile/stopwords-en.txt"; printf '\0'; cat "$hostile/overrides.jsonl"; } >"$corpus/seed-hostile-lexicon"
      copy_seeds "$corpus" Tests/CNKBTermsTests/Fixtures/fuzz/lexicon/*
      ;;
    FuzzPartialRecords)
      # Every line but the documents' of the samples' partials, each its own seed.
      if [ -x .build/release/cnkb ] || swift build -c release --product cnkb >&2; then
        python3 scale/pages_to_records.py samples | .build/release/cnkb map 2>/dev/null \
          | grep -v '"document":' | awk -v prefix="$corpus/seed-partial-" '{ print > (prefix NR); close(prefix NR) }'
      fi
      copy_seeds "$corpus" Tests/CNKBPipelineTests/Fixtures/fuzz/partial/*
      ;;
  esac
  shopt -u nullglob globstar
}

# A figure from libFuzzer's final statistics (-print_final_stats=1) in a log.
final_stat() { sed -n "s/^stat::$2: *//p" "$1" | tail -1; }

for target in $targets; do max_len "$target" >/dev/null; done

for target in $targets; do
  echo "fuzz: building $target" >&2
  CNKB_FUZZ=1 swift build -c release --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address --product "$target"
done

mkdir -p "$logs"
summary=()
failed=0
for target in $targets; do
  corpus="$scratch/corpus/$target"
  artifacts="$scratch/artifacts/$target/"
  log="$logs/$target.log"
  mkdir -p "$corpus" "$artifacts"
  seed "$target" "$corpus"
  echo "fuzz: running $target for $seconds s (log: $log)" >&2
  started=$(date +%s)
  status=0
  "$scratch/release/$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$(max_len "$target")" -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1 || status=$?
  elapsed=$(($(date +%s) - started))
  line="$target: $(final_stat "$log" number_of_executed_units) executions in ${elapsed} s"
  line+=" ($(final_stat "$log" average_exec_per_sec) exec/s), peak RSS $(final_stat "$log" peak_rss_mb) MB"
  if [ "$status" -ne 0 ]; then
    failed=1
    line+=", FAILED (exit $status): $(sed -n 's/.*Test unit written to //p' "$log" | tail -1)"
  fi
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
exit "$failed"
