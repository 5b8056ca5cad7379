#!/usr/bin/env bash
# The benchmark corpus: real HTML documentation from four Debian packages, copied (symlinks followed) into
# bench-corpus/full/<source>/..., plus two subsets, bench-corpus/25mb and bench-corpus/50mb.
#
# Subsets are deterministic and look like the whole: within each source the files are taken in path order,
# each file is placed at the fraction of its source's bytes read once it is included, the four sources are
# merged by that fraction, and a subset is the shortest prefix of the merged list reaching its size. So a
# 25 MB subset holds about a quarter of each source, in the same path order as the full corpus.
#
# Idempotent: packages are installed only when missing, files are copied only when the corpus is absent or
# incomplete. Prints the size of each corpus. Sizes are decimal: 1 MB = 1,000,000 bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

root=bench-corpus
# package  html folder  name in the corpus
sources=(
  "python3.11-doc /usr/share/doc/python3.11/html python3.11"
  "postgresql-doc-15 /usr/share/doc/postgresql-doc-15/html postgresql-15"
  "python-django-doc /usr/share/doc/python-django-doc/html django"
  "sphinx-doc /usr/share/doc/sphinx-doc/html sphinx"
)
subsets=("25mb 25000000" "50mb 50000000")

missing=()
for entry in "${sources[@]}"; do
  read -r package _ _ <<<"$entry"
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bench-corpus: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The expected manifest: "source<TAB>size<TAB>relative path" for every page, in path order per source.
export LC_ALL=C
expected=$(mktemp)
trap 'rm -f "$expected"' EXIT
for entry in "${sources[@]}"; do
  read -r _ folder name <<<"$entry"
  (cd "$folder" && find -L . -type f -name '*.html' -printf '%s\t%P\n' | sort -t $'\t' -k2,2) \
    | awk -v name="$name" -F '\t' '{ print name "\t" $1 "\t" $2 }' >>"$expected"
done

if ! cmp -s "$expected" "$root/full.manifest" 2>/dev/null; then
  echo "bench-corpus: copying $(wc -l <"$expected") pages into $root/full" >&2
  rm -rf "$root/full" "$root/full.manifest"
  for s in "${subsets[@]}"; do rm -rf "$root/${s%% *}" "$root/${s%% *}.manifest"; done
  mkdir -p "$root/full"
  for entry in "${sources[@]}"; do
    read -r _ folder name <<<"$entry"
    mkdir -p "$root/full/$name"
    # cp -L follows symlinks; --parents keeps the folder structure under the source's name.
    (cd "$folder" && find -L . -type f -name '*.html' -print0 \
      | xargs -0 cp -L --parents -t "$OLDPWD/$root/full/$name")
  done
  cp "$expected" "$root/full.manifest"
fi

# Subsets: merge the sources by cumulative fraction, take the shortest prefix reaching each size.
totals=$(awk -F '\t' '{ t[$1] += $2 } END { for (s in t) print s "\t" t[s] }' "$root/full.manifest")
order=$(awk -F '\t' -v totals="$totals" '
  BEGIN { n = split(totals, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, "\t"); total[f[1]] = f[2] } }
  { seen[$1] += $2; printf "%.12f\t%s\t%s\t%s\n", seen[$1] / total[$1], $1, $2, $3 }' "$root/full.manifest" \
  | sort -t $'\t' -k1,1g -k2,2)
for s in "${subsets[@]}"; do
  read -r name limit <<<"$s"
  want=$(printf '%s\n' "$order" | awk -F '\t' -v limit="$limit" '
    sum < limit { print $2 "\t" $3 "\t" $4; sum += $3 }')
  if ! [ -d "$root/$name" ] || [ "$want" != "$(cat "$root/$name.manifest" 2>/dev/null)" ]; then
    echo "bench-corpus: making the $name subset" >&2
    rm -rf "${root:?}/$name"
    mkdir -p "$root/$name"
    printf '%s\n' "$want" | while IFS=$'\t' read -r source _ path; do
      mkdir -p "$root/$name/$source/$(dirname "$path")"
      cp "$root/full/$source/$path" "$root/$name/$source/$path"
    done
    printf '%s\n' "$want" >"$root/$name.manifest"
  fi
done

# The sizes, read back from the copies.
for name in full 25mb 50mb; do
  find "$root/$name" -type f -name '*.html' -printf '%s\n' \
    | awk -v name="$name" -v dir="$root/$name" '{ n++; b += $1 }
      END { printf "corpus %-4s %5d pages %12d bytes %7.1f MB  %s\n", name, n, b, b / 1e6, dir }'
done
