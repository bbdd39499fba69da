#!/usr/bin/env bash
# run.sh: runs every unit test binary and every CLI test script, counts the
# "ok"/"not ok" lines and ends with "N passed, N failed".
#
# usage: tests/run.sh [PATTERN]   (only tests whose file name contains it)
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build}
export ROOT BUILD
pattern=${1:-}
passed=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {
	local name=$1; shift
	local start end p f
	start=$(date +%s)
	"$@" >"$log" 2>&1 </dev/null
	local rc=$?
	end=$(date +%s)
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	# A script that died before reporting, or exited non-zero with no
	# failure reported, is a failure of its own.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc" >>"$log"
		f=$((f + 1))
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name ran no check" >>"$log"
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
	printf '%-40s %4d passed %3d failed %4ds\n' "$name" "$p" "$f" $((end - start))
	if [ "$f" -gt 0 ]; then
		grep -A8 '^not ok ' "$log" | head -60 | sed 's/^/    /'
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *"$pattern"*) ;; *) continue ;; esac
	run_one "unit/$(basename "$t")" "$t"
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	case "$t" in *"$pattern"*) ;; *) continue ;; esac
	run_one "cli/$(basename "$t" .sh)" bash "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
