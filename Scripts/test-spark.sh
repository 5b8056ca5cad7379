#!/usr/bin/env bash
# Spark test: scale/spark_build.py on local[2] must give the exports of a plain `cnkb build` byte for byte.
#
#   Scripts/test-spark.sh            # or: make test-spark
#
# Environment:
#   SCRATCH_PATH=D      SwiftPM scratch folder of the release build (default .build)
#   SPARK_VENV=D        the virtual environment PySpark goes into (default .venv-spark)
#   PYSPARK_VERSION=V   PySpark to install (default 3.5.6; 4.0.1 where Java is newer than 17 or Python is 3.12+)
#   SEED_FEED=F         the seed feed (default ../shared/seed/gingergeek-feed.txt; skipped when absent)
#   WORK=D              where the builds go (default: a new temporary folder, removed at the end)
#   CNKB_SPARK_SETUP_MAY_SKIP=1  when Java or PySpark cannot be installed (no registry), say so and exit 0
#                       instead of 1 (CI uses it); a difference in the outputs still fails
#
# Installs what is missing first: a Java runtime (Debian's default-jre-headless) and PySpark from PyPI in a
# virtual environment (a ~320 MB download the first time). The corpus is ../shared/seed/gingergeek-feed.txt,
# when present, and samples/. Checks:
#   - the Spark job on local[2] and the plain build give byte-identical graph.json, graph.dot, glossary.md
#     (the other exports and the store's content are compared too, and reported);
#   - the job's merge (Python, reduceByKey) equals `cnkb merge` of the same per-partition map outputs;
#   - the Python merge gives the same records in another order and grouping;
#   - the job on local[1] gives the same three files; both timings are printed.
# Exit status 1 on any failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCRATCH=${SCRATCH_PATH:-.build}
VENV=${SPARK_VENV:-.venv-spark}
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
COMPARED=(graph.json graph.dot glossary.md)
REPORTED=(glossary.html glossary.json graph.graphml graph.mmd graph.svg abbreviations.md glossary-hugo.json)
PASSED=0
FAILED=0

now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
pass() { PASSED=$((PASSED + 1)); echo "PASS $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
setup_failed() {
  if [ "${CNKB_SPARK_SETUP_MAY_SKIP:-}" = 1 ]; then
    echo "SKIPPED test-spark: $* (nothing was compared)"
    exit 0
  fi
  echo "error: $*" >&2
  exit 1
}
apt_install() {
  echo "== installing $* (apt)"
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "$@"; } >/dev/null
}

if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/cnkb-test-spark.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi

# --- cnkb
echo "== building cnkb (release, --scratch-path $SCRATCH)"
if ! swift build -c release --product cnkb --scratch-path "$SCRATCH" >"$WORK/swift-build.log" 2>&1; then
  tail -n 30 "$WORK/swift-build.log"
  echo "error: the release build failed" >&2
  exit 1
fi
BIN="$ROOT/$SCRATCH/release/cnkb"
[ -x "$BIN" ] || { echo "error: $BIN was not built" >&2; exit 1; }

# --- Java
java_major() {
  java -version 2>&1 | sed -n 's/.* version "\([0-9][0-9.]*\).*/\1/p' | head -n 1 \
    | awk -F. '{ print ($1 == 1 ? $2 : $1) }'
}
if ! command -v java >/dev/null 2>&1 || [ -z "$(java_major)" ]; then
  # Debian's slim images lack the man folder the JDK's post-install step links into.
  $SUDO mkdir -p /usr/share/man/man1
  apt_install default-jre-headless || setup_failed "could not install a Java runtime"
fi
JAVA=$(java_major)
[ -n "$JAVA" ] || { echo "error: java -version says no version" >&2; exit 1; }

# --- PySpark in a virtual environment
PYTHON_MINOR=$(python3 -c 'import sys; print(sys.version_info[1])')
if [ -z "${PYSPARK_VERSION:-}" ]; then
  # 3.5 runs on Java 8 to 17; 4.0 (Java 17 or later) where 3.5 is not supported. Only 3.5.6 is tested here.
  if [ "$JAVA" -gt 17 ] || [ "$PYTHON_MINOR" -ge 12 ]; then PYSPARK_VERSION=4.0.1; else PYSPARK_VERSION=3.5.6; fi
fi
if [ ! -x "$VENV/bin/pip" ]; then
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    apt_install python3-venv || true
    python3 -m venv "$VENV" || setup_failed "python3 -m venv failed"
  fi
fi
HAVE=$("$VENV/bin/python" -c 'import pyspark; print(pyspark.__version__)' 2>/dev/null || true)
if [ "$HAVE" != "$PYSPARK_VERSION" ]; then
  echo "== installing PySpark $PYSPARK_VERSION into $VENV (a ~320 MB download)"
  "$VENV/bin/pip" install -q --disable-pip-version-check "pyspark==$PYSPARK_VERSION" \
    || setup_failed "pip could not install pyspark==$PYSPARK_VERSION"
fi
PY="$VENV/bin/python"
echo "== Java $JAVA, PySpark $PYSPARK_VERSION, $("$PY" --version)"

# --- corpus
INPUTS=()
SEED_FEED=${SEED_FEED:-../shared/seed/gingergeek-feed.txt}
if [ -f "$SEED_FEED" ]; then
  INPUTS+=("$SEED_FEED")
else
  echo "== $SEED_FEED is absent: testing on samples/ only"
fi
INPUTS+=(samples)
echo "== corpus: ${INPUTS[*]}   work: $WORK"

# --- the plain build
start=$(now_ms)
if ! "$BIN" build "${INPUTS[@]}" --out "$WORK/local" >"$WORK/local.log" 2>&1; then
  cat "$WORK/local.log"
  echo "error: the plain build failed" >&2
  exit 1
fi
LOCAL_MS=$(($(now_ms) - start))

# Runs the Spark job. Arguments: master, output folder, extra flags...
spark_run() {
  local master=$1 out=$2
  shift 2
  local begin log="$out.log"
  begin=$(now_ms)
  if ! "$PY" scale/spark_build.py --master "$master" --cnkb "$BIN" --out "$out" "$@" "${INPUTS[@]}" \
    >"$log" 2>&1; then
    tail -n 40 "$log"
    fail "the Spark job on $master exited with an error"
    return 1
  fi
  SPARK_MS=$(($(now_ms) - begin))
  sed -n 's/^spark_build: /   /p' "$log"
}

# Compares an output folder with the plain build's. Arguments: label, folder.
compare_exports() {
  local label=$1 dir=$2 file same=() differ=()
  for file in "${COMPARED[@]}"; do
    if cmp -s "$WORK/local/$file" "$dir/$file"; then
      pass "$label: $file byte-identical to the plain build's"
    else
      fail "$label: $file differs from the plain build's"
    fi
  done
  for file in "${REPORTED[@]}"; do
    if cmp -s "$WORK/local/$file" "$dir/$file"; then same+=("$file"); else differ+=("$file"); fi
  done
  echo "     other exports byte-identical: ${same[*]:-none}; different: ${differ[*]:-none}"
}

echo "== Spark job on local[2]"
SPARK2_MS=""
if spark_run 'local[2]' "$WORK/spark2" --keep-partials "$WORK/merged-spark.jsonl" --map-outputs "$WORK/map"; then
  SPARK2_MS=$SPARK_MS
  compare_exports 'local[2]' "$WORK/spark2"

  # The store: the same rows, with documents named by source (the plain build numbers documents in input
  # order, the split build in source order; the full-text index is left out, it is derived).
  "$PY" - "$WORK/local/kb.sqlite" "$WORK/spark2/kb.sqlite" <<'EOF'
import sqlite3, sys
QUERIES = {
    "document": "select source, origin, title, date, format, contentHash, text, warnings from document",
    "block": "select d.source, b.ordinal, b.kind, b.level, b.element, b.text, b.start from block b"
             " join document d on d.id = b.documentId",
    "mark": "select d.source, b.ordinal, m.kind, m.start, m.end, m.attribute from mark m"
            " join block b on b.id = m.blockId join document d on d.id = b.documentId",
    "sentence": "select d.source, b.ordinal, s.ordinal, s.start, s.end, s.text from sentence s"
                " join document d on d.id = s.documentId join block b on b.id = s.blockId",
    "mention": "select m.conceptId, d.source, m.sentenceOrdinal, m.start, m.end, m.surface from mention m"
               " join document d on d.id = m.documentId",
    "relation": "select sourceId, targetId, type, weight from relation",
    "relationEvidence": "select r.sourceId, r.targetId, r.type, d.source, s.ordinal, s.text"
                        " from relationEvidence e join relation r on r.id = e.relationId"
                        " join sentence s on s.id = e.sentenceId join document d on d.id = s.documentId",
    "concept": "select * from concept",
    "conceptAlias": "select * from conceptAlias",
    "conceptSurface": "select * from conceptSurface",
    "buildState": "select * from buildState",
}
def rows(path):
    db = sqlite3.connect(path)
    return {name: sorted(map(repr, db.execute(query))) for name, query in QUERIES.items()}
local, spark = rows(sys.argv[1]), rows(sys.argv[2])
differ = [name for name in QUERIES if local[name] != spark[name]]
print("     kb.sqlite: %s" % ("same rows in %d tables (document ids aside)" % len(QUERIES) if not differ
                               else "rows differ in " + ", ".join(differ)))
EOF

  # The two merges: the job's reduceByKey result against cnkb merge of the same map outputs.
  if "$BIN" merge "$WORK"/map/part-*.jsonl -o "$WORK/merged-cnkb.jsonl" 2>"$WORK/merge.log"; then
    if "$PY" - "$WORK/merged-spark.jsonl" "$WORK/merged-cnkb.jsonl" <<'EOF'
import json, sys
def records(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
spark, cnkb = records(sys.argv[1]), records(sys.argv[2])
keys = [record["key"] for record in spark]
assert keys == sorted(keys), "the job's partials are not sorted by key"
sys.exit(0 if spark == cnkb else 1)
EOF
    then
      pass "reduceByKey's records equal cnkb merge's ($(wc -l <"$WORK/merged-cnkb.jsonl") records)"
    else
      fail "reduceByKey's records differ from cnkb merge's"
    fi
    if cmp -s "$WORK/merged-spark.jsonl" "$WORK/merged-cnkb.jsonl"; then
      echo "     (byte-identical too)"
    else
      echo "     (equal as JSON; the files differ in bytes)"
    fi
  else
    cat "$WORK/merge.log"
    fail "cnkb merge of the map outputs failed"
  fi

  # The Python merge over finer pieces (cnkb map of each input file alone), in shuffled orders and groupings.
  if PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=scale "$PY" - "$BIN" "$WORK/merged-spark.jsonl" "${INPUTS[@]}" <<'EOF'
import json, random, subprocess, sys
from spark_build import dump_record, merge_records, page_record, parse_partial, split_inputs
binary, merged = sys.argv[1], sys.argv[2]
with open(merged, encoding="utf-8") as handle:
    expected = [line.rstrip("\n") for line in handle if line.strip()]
_, pages, _ = split_inputs(sys.argv[3:], False)
pieces = {}
for source, _ in pages:
    with open(source, "rb") as handle:
        record = page_record(source, handle.read())
    out = subprocess.run([binary, "map"], input=record + "\n", capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        key, value = parse_partial(line)
        pieces.setdefault(key, []).append(value)
for seed in (1, 2, 3):
    shuffle = random.Random(seed)
    def fold(items):
        items = items[:]
        shuffle.shuffle(items)
        while len(items) > 1:  # a random binary tree over a random order
            i = shuffle.randrange(len(items) - 1)
            items[i:i + 2] = [merge_records(items[i], items[i + 1])]
        return items[0]
    got = [dump_record(fold(pieces[key])) for key in sorted(pieces)]
    if got != expected:
        sys.exit("seed %d: the records differ" % seed)
print("     (%d map outputs, up to %d pieces per key, 3 orders)" % (len(pages), max(map(len, pieces.values()))))
EOF
  then
    pass "the Python merge gives the same records in shuffled orders and groupings"
  else
    fail "the Python merge depends on order or grouping"
  fi
fi

echo "== Spark job on local[1]"
SPARK1_MS=""
if spark_run 'local[1]' "$WORK/spark1"; then
  SPARK1_MS=$SPARK_MS
  compare_exports 'local[1]' "$WORK/spark1"
fi

took() { if [ -n "$1" ]; then seconds "$1"; else echo failed; fi; }
echo "== wall times: plain build $(seconds "$LOCAL_MS"); Spark local[2] $(took "$SPARK2_MS");" \
  "Spark local[1] $(took "$SPARK1_MS") (JVM start included)"
echo "test-spark: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
