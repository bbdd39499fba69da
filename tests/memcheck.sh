#!/usr/bin/env bash
# memcheck.sh: runs CLI tests with every podkit run under valgrind's
# memcheck, then reports each run that lost memory for certain or read or
# wrote where it should not. Slow, so not part of `make test`.
#
# usage: tests/memcheck.sh [TEST...]   (names like feed or tests/cli/feed.sh;
#                                        default: every tests/cli/*.sh)
# The podkit under test is $BUILD/podkit (default build/). Valgrind's own
# logs stay in $MEMCHECK_LOGS (default build/memcheck/) for reading.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
LOGS=${MEMCHECK_LOGS:-$BUILD/memcheck}

if ! command -v valgrind >/dev/null; then
	echo "memcheck: valgrind is not installed (scripts/deps.sh test)" >&2
	exit 1
fi
if [ ! -x "$BUILD/podkit" ]; then
	echo "memcheck: no $BUILD/podkit; run make first" >&2
	exit 1
fi

rm -rf "$LOGS"
mkdir -p "$LOGS"
# The wrapper the tests run as $PODKIT: exec keeps the process id, so the
# tests' kill and wait reach podkit itself.
wrap="$LOGS/podkit"
cat >"$wrap" <<EOF
#!/bin/sh
exec valgrind --tool=memcheck --leak-check=full \\
	--errors-for-leak-kinds=definite --error-exitcode=99 --track-fds=no \\
	--suppressions="$ROOT/tests/valgrind.supp" --num-callers=30 \\
	--log-file="$LOGS/vg.%p.log" "$BUILD/podkit" "\$@"
EOF
chmod +x "$wrap"

if [ $# -eq 0 ]; then set -- tests/cli/*.sh; fi
status=0
for t in "$@"; do
	case "$t" in */*) ;; *) t="tests/cli/${t%.sh}.sh" ;; esac
	name=$(basename "$t" .sh)
	mkdir -p "$LOGS/$name"
	start=$(date +%s)
	PODKIT="$wrap" PODKIT_TEST_SLOWDOWN=10 MEMCHECK_LOGS="$LOGS" ROOT="$ROOT" BUILD="$BUILD" \
		bash "$t" >"$LOGS/$name.out" 2>&1 </dev/null
	end=$(date +%s)
	mv "$LOGS"/vg.*.log "$LOGS/$name/" 2>/dev/null
	runs=$(find "$LOGS/$name" -name 'vg.*.log' | wc -l)
	p=$(grep -c '^ok ' "$LOGS/$name.out")
	f=$(grep -c '^not ok ' "$LOGS/$name.out")
	# A run is bad when memcheck counted an error: an invalid access, a
	# use of an uninitialised value, a bad free or a definite leak.
	bad=$(grep -lE 'ERROR SUMMARY: [1-9]' "$LOGS/$name"/vg.*.log \
		2>/dev/null | wc -l)
	printf '%-22s %3d runs %3d with errors   tests: %3d ok %2d not ok  %4ds\n' \
		"$name" "$runs" "$bad" "$p" "$f" $((end - start))
	if [ "$bad" -gt 0 ]; then
		status=1
		for l in $(grep -lE 'ERROR SUMMARY: [1-9]' "$LOGS/$name"/vg.*.log); do
			echo "  $l:"
			grep -E '^==[0-9]+== (Command:|Invalid|Conditional|Use of|Mismatched|Syscall param|Source and destination|.*definitely lost in)' "$l" |
				head -8 | sed 's/^/    /'
		done
	fi
	if [ "$f" -gt 0 ]; then
		grep -A4 '^not ok ' "$LOGS/$name.out" | head -20 | sed 's/^/    /'
	fi
done
if [ "$status" -eq 0 ]; then
	echo "memcheck: no definite leaks, no invalid reads or writes"
else
	echo "memcheck: errors found (logs in $LOGS)"
fi
exit "$status"
