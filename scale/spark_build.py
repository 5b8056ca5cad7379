#!/usr/bin/env python3
"""cnkb on Spark: map documents with `cnkb map` in the executors, merge the partials by key in Spark, and
finish on the driver with `cnkb build --from-partials`.

    spark_build.py [--master local[2]] [--partitions N] [--cnkb PATH] [--lexicon DIR | --no-lexicon]
                   --out DIR INPUT...

An INPUT ending in .jsonl or .ndjson (or any INPUT given with --records) holds document records already,
one JSON object per line, the input of `cnkb map`; it is read with textFile, so it may be on HDFS or S3.
Any other INPUT is pages: a file stands for itself, a folder for every regular file below it (names
starting with "." left out, sorted by path bytes), with the same `source` strings `cnkb build INPUT`
gives them. Their bytes are read in the executors, so the paths must be valid there too (a shared file
system). A folder given as a URI (hdfs://..., s3a://..., file://...) is read with binaryFiles instead;
its sources are then the full URIs.

Each partition is piped through `cnkb map` (RDD.pipe), the partial records are merged by key
(reduceByKey with merge_records below, the same merge as `cnkb merge`), written sorted by key to one
file on the driver, and finished into --out.

The merge functions need only the standard library, so `import spark_build` works without PySpark.
"""

import argparse
import base64
import json
import math
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import time

PARTIAL_FORMAT = "cnkb-partial"
PARTIAL_VERSION = 5
RECORD_SUFFIXES = (".jsonl", ".ndjson")


class PartialError(ValueError):
    """Two records that cannot be merged."""


# ---------------------------------------------------------------------------------------------------------
# Merging partial records (what `cnkb merge` does, record by record). Associative and commutative: counts
# add up, lists are joined and kept in a canonical order, and choices are made by comparing values.


def _mention_order(mention):
    # [sentence, start, end, text]: Swift compares the text by Unicode scalars, Python str by code points.
    return (mention[0], mention[1], mention[2], mention[3])


def _merge_by_source(mine, theirs):
    """Two {source: [mention, ...]} tables: a source's lists are joined and sorted."""
    result = dict(mine)
    for source, items in theirs.items():
        if source in result:
            result[source] = sorted(result[source] + items, key=_mention_order)
        else:
            result[source] = items
    return result


def _add_counts(mine, theirs):
    result = dict(mine)
    for name, count in theirs.items():
        result[name] = result.get(name, 0) + count
    return result


def _first_order(term):
    # Reading order of the first mention: (source, start); the word count breaks a tie so that the choice
    # never depends on which side came first.
    first = term["first"]
    return (first[0], first[1], term["words"])


def merge_terms(a, b):
    """Two terms' statistics: word count and first mention from the earlier first mention, sums of the rest."""
    earlier = b if _first_order(b) < _first_order(a) else a
    merged = {
        "words": earlier["words"],
        "first": earlier["first"],
        "surfaces": _add_counts(a["surfaces"], b["surfaces"]),
        "running": _add_counts(a["running"], b["running"]),
        "mentions": _merge_by_source(a["mentions"], b["mentions"]),
    }
    for counter in ("cues", "linkCues", "headings", "capitalized", "lowercase", "objects", "initial", "byline"):
        merged[counter] = a[counter] + b[counter]
    return merged


def _sibling_group_order(group):
    # A group is {"head": head noun or null, "members": [[term key, lexicon entry or null], ...]}; by members,
    # then head; null sorts before every entry and every head.
    members = [(member[0], -1 if member[1] is None else member[1]) for member in group["members"]]
    head = group.get("head")
    return (members, (0, "") if head is None else (1, head))


def merge_records(a, b):
    """The merge of two partial records with the same key."""
    kind = a.get("kind")
    if kind != b.get("kind") or a.get("key") != b.get("key"):
        raise PartialError(
            "cannot merge %s record %r with %s record %r" % (kind, a.get("key"), b.get("kind"), b.get("key")))
    if kind == "meta":
        for field in ("format", "version"):
            if a.get(field) != b.get(field):
                raise PartialError(
                    "partials of different formats: %s %r and %r (map every input with the same cnkb)"
                    % (field, a.get(field), b.get(field)))
        merged = dict(a)
        merged["fingerprints"] = sorted(set(a["fingerprints"]) | set(b["fingerprints"]))
        return merged
    if kind == "document":
        hash_a, hash_b = a["document"]["contentHash"], b["document"]["contentHash"]
        merged = dict(a if hash_a <= hash_b else b)
        merged["copies"] = a["copies"] + b["copies"]
        if hash_a == hash_b:
            merged["siblings"] = sorted(
                a.get("siblings", []) + b.get("siblings", []), key=_sibling_group_order)
        return merged
    if kind in ("lexicon", "term"):
        merged = dict(a)
        merged["term"] = merge_terms(a["term"], b["term"])
        return merged
    if kind == "acronym":
        merged = dict(a)
        merged["uses"] = _merge_by_source(a["uses"], b["uses"])
        return merged
    if kind in ("shortform", "label"):
        merged = dict(a)
        merged["mentions"] = _merge_by_source(a["mentions"], b["mentions"])
        return merged
    if kind == "word":
        merged = dict(a)
        merged["roles"] = _add_counts(a["roles"], b["roles"])
        return merged
    raise PartialError("unknown record kind %r (key %r)" % (kind, a.get("key")))


def parse_partial(line):
    """One line of `cnkb map` output as (key, record)."""
    try:
        record = json.loads(line)
    except ValueError as error:
        raise PartialError("cnkb map wrote a line that is not JSON (%s): %.200s" % (error, line))
    if not isinstance(record, dict) or not isinstance(record.get("key"), str) or "kind" not in record:
        raise PartialError("cnkb map wrote a line that is not a partial record: %.200s" % line)
    if record["kind"] == "meta" and (
            record.get("format") != PARTIAL_FORMAT or record.get("version") != PARTIAL_VERSION):
        raise PartialError(
            "cnkb map wrote %s version %s; this job merges %s version %d (update scale/spark_build.py)"
            % (record.get("format"), record.get("version"), PARTIAL_FORMAT, PARTIAL_VERSION))
    return record["key"], record


def dump_record(record):
    """One record as one line of JSON (keys sorted, no spaces, UTF-8 as is)."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# In the job a record travels as the line cnkb map wrote until it meets another with its key: most keys
# (every document, most terms) occur in one partition only, and a string is far cheaper to shuffle than a
# parsed object. Only the records that do merge are parsed again, and written back by dump_record.


def keyed_line(line):
    """A line of `cnkb map` output as (key, line), checked."""
    key, _ = parse_partial(line)
    return key, line


def merge_values(a, b):
    """merge_records over values that are either lines of JSON or records already merged."""
    return merge_records(json.loads(a) if isinstance(a, str) else a,
                         json.loads(b) if isinstance(b, str) else b)


def value_line(value):
    return value if isinstance(value, str) else dump_record(value)


# ---------------------------------------------------------------------------------------------------------
# Inputs.


def _join(folder, name):
    return folder + name if folder.endswith("/") else folder + "/" + name


def _utf8(path):
    return path.encode("utf-8", "surrogateescape")


def walk_pages(folder):
    """Every regular file below a folder, as `cnkb build FOLDER` lists them: hidden names left out,
    symbolic links followed (a folder is entered once), sorted by path bytes. Returns (path, size) pairs."""
    found = []
    try:
        visited = {(os.stat(folder).st_dev, os.stat(folder).st_ino)}
    except OSError as error:
        raise SystemExit("error: %s: %s" % (folder, error.strerror))
    pending = [folder]
    while pending:
        directory = pending.pop()
        try:
            names = os.listdir(directory)
        except OSError as error:
            raise SystemExit("error: %s: cannot list the folder (%s)" % (directory, error.strerror))
        for name in names:
            if name.startswith("."):
                continue
            path = _join(directory, name)
            try:
                info = os.stat(path)
            except OSError:
                continue  # a broken symbolic link: cnkb build skips it too
            if stat.S_ISDIR(info.st_mode):
                if (info.st_dev, info.st_ino) not in visited:
                    visited.add((info.st_dev, info.st_ino))
                    pending.append(path)
            elif stat.S_ISREG(info.st_mode):
                found.append((path, info.st_size))
    found.sort(key=lambda item: _utf8(item[0]))
    return found


def has_scheme(path):
    head, sep, _ = path.partition("://")
    return bool(sep) and head.isalnum()


def split_inputs(inputs, records_flag):
    """(record inputs, page files as (source, size), page URIs), in argument order; a page reached twice
    is listed once, as cnkb build does."""
    records, pages, uris, seen = [], [], [], set()
    for path in inputs:
        if path == "-":
            raise SystemExit("error: standard input (-) is no input for the Spark job: give files or folders")
        if records_flag or path.lower().endswith(RECORD_SUFFIXES):
            if not has_scheme(path) and not os.path.exists(path):
                raise SystemExit("error: %s: no such file or folder" % path)
            records.append(path)
        elif has_scheme(path):
            uris.append(path)
        elif os.path.isdir(path):
            for source, size in walk_pages(path):
                if source not in seen:
                    seen.add(source)
                    pages.append((source, size))
        elif os.path.exists(path):
            if path not in seen:
                seen.add(path)
                pages.append((path, os.path.getsize(path)))
        else:
            raise SystemExit("error: %s: no such file or folder" % path)
    return records, pages, uris


def balance(pages, count):
    """Pages spread over `count` buckets of about equal bytes (largest first, each to the lightest bucket)."""
    buckets = [[] for _ in range(count)]
    weights = [0] * count
    for source, size in sorted(pages, key=lambda item: (-item[1], _utf8(item[0]))):
        lightest = weights.index(min(weights))
        buckets[lightest].append(source)
        weights[lightest] += size
    return [bucket for bucket in buckets if bucket]


def page_record(source, data):
    """A document record of `cnkb map` for a page's bytes."""
    return json.dumps({"source": source, "content_base64": base64.b64encode(data).decode("ascii")})


# ---------------------------------------------------------------------------------------------------------
# The job.


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="spark_build.py",
        description="Build a cnkb knowledge base on Spark: cnkb map in the executors, the partials merged by "
        "key in Spark, cnkb build --from-partials on the driver.")
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="page files or folders, or JSON Lines of document records (.jsonl, .ndjson)")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder of the knowledge base")
    parser.add_argument("--master", metavar="URL",
                        help="Spark master (default: the one spark-submit was given, else local[2])")
    parser.add_argument("--partitions", type=int, metavar="N",
                        help="partitions of the map and of the merge (default: Spark's default parallelism)")
    parser.add_argument("--cnkb", metavar="PATH",
                        help="the cnkb binary (default: the file shipped with --files cnkb, else cnkb on PATH)")
    lexicon = parser.add_mutually_exclusive_group()
    lexicon.add_argument("--lexicon", metavar="DIR", help="lexicon folder (the same path on every machine)")
    lexicon.add_argument("--no-lexicon", action="store_true", help="build without a lexicon")
    parser.add_argument("--records", action="store_true",
                        help="every INPUT is JSON Lines of document records, whatever its name")
    parser.add_argument("--keep-partials", metavar="FILE", help="also copy the merged partials to FILE")
    parser.add_argument("--map-outputs", metavar="DIR",
                        help="also write each partition's cnkb map output to DIR/part-NNNNN.jsonl (for tests)")
    arguments = parser.parse_args(argv)
    if arguments.partitions is not None and arguments.partitions < 1:
        parser.error("--partitions must be at least 1")
    return arguments


def is_executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def resolve_binaries(arguments, local, shipped):
    """(binary the executors run, binary the driver finishes with)."""
    if arguments.cnkb:
        given = arguments.cnkb
        if is_executable(given):
            driver = os.path.abspath(given)
        elif shipped and is_executable(shipped):
            driver = shipped  # ./cnkb on the executors, the driver's copy of the shipped file here
        else:
            driver = shutil.which(given)
        # On a cluster a relative path is taken in each executor's working folder, where --files land.
        executor = driver if local and driver else given
    elif shipped and is_executable(shipped):
        driver = shipped
        executor = shipped if local else "./cnkb"
    else:
        driver = shutil.which("cnkb")
        executor = driver if local and driver else "cnkb"
    if not driver:
        raise SystemExit(
            "error: cnkb not found: give --cnkb PATH, ship it with spark-submit --files /path/to/cnkb, or put "
            "it on PATH")
    return executor, driver


def lexicon_flags(arguments, local, files_root):
    """(flags for the executors' cnkb map, flags for the driver's finish). A lexicon folder is taken as
    given on a cluster (a shared path, or one shipped with --archives into the executors' working folders);
    the driver uses the same path, else its copy of what was shipped."""
    if arguments.no_lexicon:
        return ["--no-lexicon"], ["--no-lexicon"]
    if not arguments.lexicon:
        return [], []
    given = arguments.lexicon
    driver = given
    if not os.path.isdir(given):
        shipped = os.path.join(files_root, given.rstrip("/"))
        if not os.path.isdir(shipped):
            raise SystemExit("error: %s: no such lexicon folder here (nor shipped with --archives)" % given)
        driver = shipped
    driver = os.path.abspath(driver)
    return ["--lexicon", driver if local else given], ["--lexicon", driver]


def spark_failure(error):
    """A short account of why a Spark job failed: the line that names the cause, not the stack trace."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    for marker in ("PIPE_FUNCTION_EXITED", "PartialError", "Input path does not exist", "FileNotFoundError",
                   "PermissionError", "IsADirectoryError", "OSError", "Exception:", "Error:"):
        for line in lines:
            if marker in line:
                return line.lstrip(": ")
    return lines[0] if lines else type(error).__name__


def megabytes(count):
    return "%.2f MB" % (count / 1e6)


def run(arguments):
    from pyspark import SparkConf, SparkContext, SparkFiles

    # Under spark-submit the JVM is up already and holds the submitted settings (the master among them);
    # run with plain python, the settings here start it.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if submitted:
        SparkContext._ensure_initialized()
    conf = SparkConf()
    if arguments.master:
        conf.setMaster(arguments.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[2]")
    local = conf.get("spark.master").startswith("local")
    if local and not submitted and not conf.contains("spark.driver.memory"):
        # In local mode the driver's JVM also holds the shuffle and the merged partitions on their way out.
        conf.set("spark.driver.memory", "3g")
    if local:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        if not submitted:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    conf.setAppName("cnkb-spark-build")
    conf.set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")

    records, pages, uris = split_inputs(arguments.inputs, arguments.records)
    if not (records or pages or uris):
        raise SystemExit("error: the inputs hold no files")

    log_config = None
    if not submitted and not conf.contains("spark.driver.extraJavaOptions"):
        log_config = quiet_log_config()
        conf.set("spark.driver.extraJavaOptions", "-Dlog4j2.configurationFile=" + log_config)
    try:
        sc = SparkContext(conf=conf)
    except Exception as error:  # no Java, a bad master URL, ...
        print("error: could not start Spark on %s: %s" % (conf.get("spark.master"), spark_failure(error)),
              file=sys.stderr)
        return 1
    finally:
        if log_config:
            os.remove(log_config)
    sc.setLogLevel("WARN")
    if __name__ != "__main__":
        sc.addPyFile(os.path.abspath(__file__))  # imported as a module: the executors need it to unpickle
    try:
        return job(sc, SparkFiles, arguments, local, records, pages, uris)
    finally:
        sc.stop()


def quiet_log_config():
    """A log4j2 configuration file that prints warnings and errors only, and each failure once; the JVM reads
    it at start, so the caller removes it once the context is up."""
    text = "\n".join([
        "rootLogger.level = warn",
        "rootLogger.appenderRef.stderr.ref = console",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
        "logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader",
        "logger.hadoop.level = error",
        # A failed task is reported once, by the driver (spark_failure), not with every stack trace.
        "logger.executor.name = org.apache.spark.executor.Executor",
        "logger.executor.level = fatal",
        "logger.tasks.name = org.apache.spark.scheduler.TaskSetManager",
        "logger.tasks.level = error",
        "logger.utils.name = org.apache.spark.util.Utils",
        "logger.utils.level = fatal",
        "logger.blocks.name = org.apache.spark.storage.DiskBlockObjectWriter",
        "logger.blocks.level = error",
        "",
    ])
    handle, path = tempfile.mkstemp(prefix="cnkb-spark-log4j2-", suffix=".properties")
    with os.fdopen(handle, "w") as out:
        out.write(text)
    return path


def job(sc, SparkFiles, arguments, local, record_inputs, pages, uris):
    shipped = os.path.join(SparkFiles.getRootDirectory(), "cnkb")
    executor_bin, driver_bin = resolve_binaries(arguments, local, shipped if os.path.exists(shipped) else None)
    flags, finish_flags = lexicon_flags(arguments, local, SparkFiles.getRootDirectory())
    partitions = arguments.partitions or sc.defaultParallelism
    # The merged records come to the driver a partition at a time, so the merge gets enough partitions to keep
    # each small: partials run to about 3 MB per MB of pages, and each merged partition to at most ~32 MB.
    page_bytes = sum(size for _, size in pages)
    merge_partitions = arguments.partitions or max(partitions, math.ceil(page_bytes * 3 / 32e6))
    command = " ".join(shlex.quote(part) for part in [executor_bin, "map"] + flags)
    environment = {
        "PATH": os.environ.get("PATH", "") + ":/usr/local/bin:/usr/bin:/bin",
        "CNKB_LOG_LEVEL": "warning",
        "NO_COLOR": "1",
    }

    input_bytes = sc.accumulator(0)
    map_bytes = sc.accumulator(0)

    def documents_rdd():
        parts = []
        if pages:
            paths = {source: os.path.abspath(source) for source, _ in pages}
            buckets = balance(pages, min(partitions, len(pages)))
            located = [[(source, paths[source]) for source in bucket] for bucket in buckets]

            def read_pages(bucket):
                for source, path in bucket:
                    with open(path, "rb") as handle:
                        data = handle.read()
                    input_bytes.add(len(data))
                    yield page_record(source, data)

            parts.append(sc.parallelize(located, len(located)).flatMap(read_pages))
        if uris:
            # binaryFiles reads the files of the folder itself only, unless told to go down.
            sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        for uri in uris:
            def read_binary(item):
                source, data = item
                input_bytes.add(len(data))
                return page_record(source, data)

            parts.append(sc.binaryFiles(uri, partitions).map(read_binary))
        for path in record_inputs:
            def count_line(line):
                input_bytes.add(len(line.encode("utf-8")) + 1)
                return line

            parts.append(sc.textFile(path, partitions).filter(lambda line: line.strip()).map(count_line))
        return parts[0] if len(parts) == 1 else sc.union(parts)

    def parse(line):
        map_bytes.add(len(line.encode("utf-8")) + 1)
        return keyed_line(line)

    work = tempfile.mkdtemp(prefix="cnkb-spark-")
    try:
        partials = os.path.join(work, "merged.jsonl")
        started = time.monotonic()
        count = 0
        try:
            documents = documents_rdd()
            mapped = documents.pipe(command, env=environment, checkCode=True)
            if arguments.map_outputs:
                mapped = mapped.cache()
            # sortByKey samples the keys at once, so with more than one partition the map and the merge run
            # here already; the sorted partitions then come to the driver one at a time.
            merged = (mapped.filter(lambda line: line.strip())
                      .map(parse)
                      .reduceByKey(merge_values, merge_partitions)
                      .sortByKey(numPartitions=merge_partitions))
            with open(partials, "w", encoding="utf-8") as out:
                for _, value in merged.toLocalIterator():
                    out.write(value_line(value))
                    out.write("\n")
                    count += 1
        except Exception as error:  # Py4JJavaError and friends: a task failed
            print("error: the map and merge stage failed: %s" % spark_failure(error), file=sys.stderr)
            if "PIPE_FUNCTION_EXITED" in str(error):
                print("  (cnkb map exited with an error: its messages are above, or in the executors' logs; "
                      "exit code 65 means bad document records)", file=sys.stderr)
            return 1
        map_seconds = time.monotonic() - started
        merged_size = os.path.getsize(partials)
        print("spark_build: map and merge on %s (%d partitions): %.1f s; input %s, cnkb map output %s, "
              "merged partials %s in %d records"
              % (sc.master, documents.getNumPartitions(), map_seconds, megabytes(input_bytes.value),
                 megabytes(map_bytes.value), megabytes(merged_size), count), flush=True)

        if arguments.map_outputs:
            os.makedirs(arguments.map_outputs, exist_ok=True)
            for index, lines in mapped.mapPartitionsWithIndex(lambda i, it: [(i, list(it))]).toLocalIterator():
                with open(os.path.join(arguments.map_outputs, "part-%05d.jsonl" % index), "w",
                          encoding="utf-8") as out:
                    out.writelines(line + "\n" for line in lines)
        if arguments.keep_partials:
            shutil.copyfile(partials, arguments.keep_partials)

        started = time.monotonic()
        finish = [driver_bin, "build", "--from-partials", partials, "--out", arguments.out] + finish_flags
        try:
            status = subprocess.call(finish)
        except OSError as error:
            print("error: cannot run %s: %s" % (driver_bin, error.strerror), file=sys.stderr)
            return 1
        finish_seconds = time.monotonic() - started
        if status != 0:
            print("error: cnkb build --from-partials exited with status %d" % status, file=sys.stderr)
            return status if 0 < status < 256 else 1
        print("spark_build: finish (cnkb build --from-partials): %.1f s" % finish_seconds, flush=True)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        return run(arguments)
    except ImportError as error:
        print("error: PySpark is not installed here (%s): pip install pyspark, or use make test-spark"
              % error, file=sys.stderr)
        return 1
    except PartialError as error:
        print("error: %s" % error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
