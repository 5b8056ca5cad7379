# cnkb: the two set-up commands are `make run` (main job on samples/) and `make test`.
# Both install what is missing on a fresh Debian machine first.

SWIFT ?= swift
APT_PACKAGES := libxml2-dev libsqlite3-dev libjemalloc-dev pkg-config graphviz
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DB ?= out/kb.sqlite
RELEASE_BIN := .build/release/cnkb

.PHONY: deps test-deps apt-install build release run test bench bench-split fuzz lint format clean kill-test test-spark

# What the tests use besides: real consumers of the exports (Hugo reads the data file; the browser test
# installs chromium and chromium-driver itself, and skips with a message where it cannot).
TEST_APT_PACKAGES := hugo

## deps: install the Debian packages the build needs, when any is missing
deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"
	@command -v $(SWIFT) >/dev/null || { echo "error: swift not found (install Swift 6.1 or later)"; exit 1; }

test-deps: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)" \
	  || echo "warning: could not install $(TEST_APT_PACKAGES); the tests that need them will be skipped"

apt-install:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product cnkb

## run: the main job on the bundled sample corpus; results in out/ (kb.sqlite, graphs, glossary pages and data)
run: release
	@mkdir -p out
	$(RELEASE_BIN) build samples --out out
	$(RELEASE_BIN) stats --db $(DB)

## test: the whole test suite
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: cnkb build at 25, 50 and 104 MB of real HTML against trafilatura and YAKE, incremental rebuild,
## query latency, HTML-to-text against libxml2 (BENCHMARKS.md); CNKB_BENCH_QUICK=1 for 25 MB only
bench: deps
	./Scripts/bench.sh

## fuzz: libFuzzer on the parsers and splitters, FUZZ_SECONDS each (default 600); FUZZ_TARGETS picks some
fuzz: deps
	FUZZ_TARGETS="$(FUZZ_TARGETS)" FUZZ_SECONDS="$(FUZZ_SECONDS)" ./Scripts/fuzz.sh

## kill-test: SIGKILL `cnkb build` at random points (TRIALS, KILL_SEED); each store must pass integrity_check
## and each re-run must match an uninterrupted build byte for byte
kill-test: deps
	TRIALS="$(TRIALS)" KILL_SEED="$(KILL_SEED)" ./Scripts/kill-test.sh

## bench-split: map + merge + finish against a plain build of the 104 MB bench corpus (made first if missing):
## times, peak memory, partial sizes, and whether the exports are byte-identical
bench-split: release
	@[ -d bench-corpus/full ] || ./Scripts/bench-corpus.sh
	./Scripts/bench-split.sh bench-corpus/full $(RELEASE_BIN)

## test-spark: the Spark job (scale/spark_build.py) on local[2] over the seed and samples/; its graph.json,
## graph.dot and glossary.md must equal a plain build's byte for byte (installs Java and PySpark when missing)
test-spark: deps
	SCRATCH_PATH="$(SCRATCH_PATH)" ./Scripts/test-spark.sh

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build .build-bench out/kb.sqlite* out/graph.json
