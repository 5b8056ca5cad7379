#!/usr/bin/env python3
"""Peers for `make bench`: trafilatura's text extraction and YAKE's keyword extraction over the same corpus.

Run by Scripts/bench.sh inside the virtual environment it creates (.build-bench/venv), one process per peer,
each under /usr/bin/time so the whole process (interpreter start and imports included) and its peak RSS are
measured from outside. Inside, each peer times only its own loop:

  trafilatura CORPUS --texts OUT.jsonl --result OUT.txt
      Reads every .html file under CORPUS (in path order) and calls trafilatura.extract() on its bytes with
      the library's default options. Timed: each file's read plus its extraction. Writing the extracted text
      to OUT.jsonl (one JSON string per page, for the YAKE run) is outside the timed part.

  yake --texts IN.jsonl --result OUT.txt
      Reads the texts trafilatura extracted (untimed), then calls KeywordExtractor(lan="en") with YAKE's
      default settings (n-grams up to 3, top 20 keywords, deduplication 0.9) on each page's text. Timed:
      the keyword extraction loop alone.

Results are written as "key value" lines, which bench.sh reads back.
"""

import argparse
import json
import logging
import os
import sys
import time


def html_files(corpus):
    """Every .html file under corpus, sorted by relative path (the order cnkb-benchmark uses too)."""
    found = []
    for folder, _, names in os.walk(corpus, followlinks=True):
        for name in names:
            if name.endswith((".html", ".htm")):
                path = os.path.join(folder, name)
                found.append((os.path.relpath(path, corpus), path))
    found.sort()
    return [path for _, path in found]


def write_result(path, values):
    with open(path, "w", encoding="utf-8") as out:
        for key, value in values.items():
            out.write(f"{key} {value}\n")


def run_trafilatura(args):
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    paths = html_files(args.corpus)
    if not paths:
        sys.exit(f"error: no .html files under {args.corpus}")
    seconds = 0.0
    html_bytes = text_bytes = empty = 0
    with open(args.texts, "w", encoding="utf-8") as texts:
        for index, path in enumerate(paths, 1):
            start = time.perf_counter()
            with open(path, "rb") as page:
                data = page.read()
            text = trafilatura.extract(data)
            seconds += time.perf_counter() - start
            html_bytes += len(data)
            if text:
                text_bytes += len(text.encode("utf-8"))
            else:
                empty += 1
            texts.write(json.dumps(text or "") + "\n")
            if index % 500 == 0:
                print(f"  trafilatura: {index}/{len(paths)} pages, {seconds:.1f} s", file=sys.stderr, flush=True)
    write_result(
        args.result,
        {
            "version": trafilatura.__version__,
            "pages": len(paths),
            "html_bytes": html_bytes,
            "text_bytes": text_bytes,
            "empty_pages": empty,
            "loop_seconds": f"{seconds:.3f}",
        },
    )


def run_yake(args):
    import yake

    try:
        from importlib.metadata import version

        yake_version = version("yake")
    except Exception:  # pragma: no cover - metadata missing
        yake_version = getattr(yake, "__version__", "unknown")
    with open(args.texts, encoding="utf-8") as texts:
        pages = [json.loads(line) for line in texts]
    extractor = yake.KeywordExtractor(lan="en")
    seconds = 0.0
    text_bytes = keywords = 0
    for index, text in enumerate(pages, 1):
        if not text:
            continue
        start = time.perf_counter()
        found = extractor.extract_keywords(text)
        seconds += time.perf_counter() - start
        text_bytes += len(text.encode("utf-8"))
        keywords += len(found)
        if index % 500 == 0:
            print(f"  yake: {index}/{len(pages)} pages, {seconds:.1f} s", file=sys.stderr, flush=True)
    write_result(
        args.result,
        {
            "version": yake_version,
            "pages": len(pages),
            "text_bytes": text_bytes,
            "keywords": keywords,
            "loop_seconds": f"{seconds:.3f}",
        },
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    peers = parser.add_subparsers(dest="peer", required=True)
    extract = peers.add_parser("trafilatura")
    extract.add_argument("corpus")
    extract.add_argument("--texts", required=True)
    extract.add_argument("--result", required=True)
    keywords = peers.add_parser("yake")
    keywords.add_argument("--texts", required=True)
    keywords.add_argument("--result", required=True)
    args = parser.parse_args()
    if args.peer == "trafilatura":
        run_trafilatura(args)
    else:
        run_yake(args)


if __name__ == "__main__":
    main()
