#!/usr/bin/env python3
"""Turn files and folders of pages into `cnkb map` document records (JSON Lines on stdout).

A file stands for itself; a folder for every regular file below it, names starting with "." left out, each
named `folder/name` and sorted by path bytes: the same sources `cnkb build FOLDER` gives its documents. Bytes
travel as base64, so encodings and byte-order marks reach cnkb untouched.
"""
import base64
import json
import os
import sys


def walk(path):
    """Yield the files `cnkb build path` would read, in its order."""
    if not os.path.isdir(path):
        yield path
        return
    found = []
    for folder, folders, names in os.walk(path, followlinks=True):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            full = folder + name if folder.endswith("/") else folder + "/" + name
            if os.path.isfile(full):
                found.append(full)
    yield from sorted(found, key=lambda item: item.encode("utf-8", "surrogateescape"))


def record(path):
    """One document record for a file."""
    with open(path, "rb") as handle:
        content = base64.b64encode(handle.read()).decode("ascii")
    return json.dumps({"source": path, "content_base64": content}, ensure_ascii=False)


def main(arguments):
    if not arguments:
        print("usage: pages_to_records.py FILE_OR_FOLDER... > records.jsonl", file=sys.stderr)
        return 64
    for argument in arguments:
        for path in walk(argument):
            sys.stdout.write(record(path) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
