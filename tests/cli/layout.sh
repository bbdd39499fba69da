#!/usr/bin/env bash
# layout.sh: the source tree keeps the rules src/README.md writes down:
# every folder of src/ has its line there, each public header an owner;
# every include line of src/<folder>/*.{c,cc,h} names only the folder
# itself or one its line allows (a public header counts as its owner's
# folder); and every header in include/podkit/ is used by tools/, directly
# or through another public header.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1
readme=src/README.md

# One "folder|public headers|allowed folders" row per folder line.
sed -nE 's/^- `([a-z_]+)\/`: .* Public: ([^.]*(\.h[^.]*)*)\. May include: (.*)\.$/\1|\2|\4/p' \
	"$readme" | sed -E 's/, */ /g; s/\|none\|/||/; s/\|nothing$/|/' > "$T/rules"
sed -nE 's/^- `src\/([a-z_]+\/[a-z_0-9]+\.(c|cc|h))` includes ([a-z_]+) .*/\1 \3/p' \
	"$readme" > "$T/known"

allowed() { awk -F'|' -v f="$1" '$1 == f { print $3 }' "$T/rules"; }
owner() { awk -F'|' -v h="$1" '{ n = split($2, a, " ");
	for (i = 1; i <= n; i++) if (a[i] == h) print $1 }' "$T/rules"; }

# Every folder has a line, every line a folder.
bad=""
for d in src/*/; do
	d=${d#src/}; d=${d%/}
	grep -q "^$d|" "$T/rules" || bad="$bad $d"
done
check_eq "every folder of src/ has its line in $readme" "$bad" ""
bad=""
for d in $(cut -d'|' -f1 "$T/rules"); do
	[ -d "src/$d" ] || bad="$bad $d"
done
check_eq "every folder named in $readme exists" "$bad" ""

# Every public header has exactly one owner.
bad=""
for h in include/podkit/*.h; do
	h=${h##*/}
	[ "$(owner "$h" | wc -l)" -eq 1 ] || bad="$bad $h"
done
check_eq "every header in include/podkit/ has one owning folder in $readme" \
	"$bad" ""

# The include lines, folder by folder.
: > "$T/seen"
for d in $(cut -d'|' -f1 "$T/rules"); do
	ok_list=" $d $(allowed "$d") "
	: > "$T/out"
	for f in src/"$d"/*.c src/"$d"/*.cc src/"$d"/*.h; do
		[ -f "$f" ] || continue
		grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+/' "$f" |
		sed -E 's/^([0-9]+):.*"([^"]+)".*/\1 \2/' |
		while read -r line inc; do
			to=${inc%%/*}
			if [ "$to" = podkit ]; then
				to=$(owner "${inc#podkit/}")
				[ -n "$to" ] || {
					echo "$f:$line: '$inc' has no owner in $readme"
					continue
				}
			elif [ ! -d "src/$to" ]; then
				continue
			fi
			case "$ok_list" in *" $to "*) continue ;; esac
			if grep -qx "${f#src/} $to" "$T/known"; then
				echo "${f#src/} $to" >> "$T/seen"
				echo "# known exception: $f:$line: '$inc' ($d includes $to)" >&2
				continue
			fi
			echo "$f:$line: '$inc': $d may not include $to"
		done >> "$T/out"
	done
	if [ -s "$T/out" ]; then
		not_ok "$d/ includes only what $readme allows"
		sed 's/^/#   /' "$T/out"
	else
		ok "$d/ includes only what $readme allows"
	fi
done
gone=$(sort -u "$T/seen" | comm -13 - <(sort -u "$T/known") | tr '\n' ' ')
check_eq "every known exception in $readme still occurs (else delete its line)" \
	"$gone" ""

# Public headers that tools/ reach, directly or through public headers.
grep -hoE '^#include "podkit/[a-z_0-9]+\.h"' tools/*.c tools/*.h |
	sed -E 's/.*podkit\/([^"]+)".*/\1/' | sort -u > "$T/reach"
while :; do
	for h in $(cat "$T/reach"); do
		grep -hoE '^#include "podkit/[a-z_0-9]+\.h"' "include/podkit/$h" |
			sed -E 's/.*podkit\/([^"]+)".*/\1/'
	done | cat - "$T/reach" | sort -u > "$T/reach2"
	cmp -s "$T/reach" "$T/reach2" && break
	mv "$T/reach2" "$T/reach"
done
for h in include/podkit/*.h; do
	h=${h##*/}
	if grep -qx "$h" "$T/reach"; then
		ok "include/podkit/$h is used by tools/"
	else
		not_ok "include/podkit/$h is used by tools/"
		echo "#   no file in tools/ includes it, directly or through a" \
			"public header: move it to src/$(owner "$h")/${h%.h}_int.h"
	fi
done
