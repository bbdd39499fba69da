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

# The include lines, all read at once: "FOLDER|message" for each line that
# breaks the rule, "known|FILE FOLDER" for each tolerated exception.
grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+/' \
	src/*/*.c src/*/*.cc src/*/*.h 2>/dev/null |
awk -v readme="$readme" -v rules="$T/rules" -v known="$T/known" '
BEGIN {
	FS = "|"
	while ((getline l < rules) > 0) {
		split(l, r, "|"); dir[r[1]] = 1; ok[r[1], r[1]] = 1
		n = split(r[2], hs, " "); for (i = 1; i <= n; i++) own[hs[i]] = r[1]
		n = split(r[3], a, " "); for (i = 1; i <= n; i++) ok[r[1], a[i]] = 1
	}
	while ((getline l < known) > 0) exc[l] = 1
	FS = ":"
}
{
	file = $1; line = $2; split(file, p, "/"); from = p[2]
	inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
	to = inc; sub(/\/.*/, "", to)
	if (to == "podkit") {
		h = inc; sub(/^podkit\//, "", h)
		if (!(h in own)) {
			print from "|" file ":" line ": \047" inc "\047 has no owner in " readme
			next
		}
		to = own[h]
	} else if (!(to in dir))
		next
	if ((from, to) in ok) next
	key = substr(file, 5) " " to
	if (key in exc) {
		print "known|" key
		print "# known exception: " file ":" line ": \047" inc "\047 (" from " includes " to ")" > "/dev/stderr"
		next
	}
	print from "|" file ":" line ": \047" inc "\047: " from " may not include " to
}' > "$T/incs"
grep '^known|' "$T/incs" | cut -d'|' -f2 > "$T/seen"
for d in $(cut -d'|' -f1 "$T/rules"); do
	grep "^$d|" "$T/incs" | cut -d'|' -f2- > "$T/out"
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
