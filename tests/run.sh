#!/usr/bin/env bash
# run.sh: runs every unit test binary and every CLI test script, counts the
# "ok"/"not ok" lines and ends with "N passed, N failed".
#
# usage: tests/run.sh [PATTERN...]   (only tests whose file name contains
# one of them)
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build}
export ROOT BUILD
patterns=("$@")
[ ${#patterns[@]} -gt 0 ] || patterns=("")
passed=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Under a sanitizer build (make asan sets SANITIZER_LOGS), each process
# writes its ASan/UBSan/LSan report to a file there instead of stderr, so
# a report counts as a failure even from a command a test expects to fail.
san_dir=${SANITIZER_LOGS:-}
asan_base=${ASAN_OPTIONS:+$ASAN_OPTIONS:}
ubsan_base=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}
tsan_base=${TSAN_OPTIONS:+$TSAN_OPTIONS:}

run_one() {
	local name=$1; shift
	local start end p f
	local sd="" r
	if [ -n "$san_dir" ]; then
		sd="$san_dir/${name//\//_}"
		rm -rf "$sd"; mkdir -p "$sd"
		export ASAN_OPTIONS="${asan_base}log_path=$sd/asan"
		export UBSAN_OPTIONS="${ubsan_base}log_path=$sd/ubsan"
		export TSAN_OPTIONS="${tsan_base}log_path=$sd/tsan"
	fi
	start=$(date +%s)
	"$@" >"$log" 2>&1 </dev/null
	local rc=$?
	end=$(date +%s)
	if [ -n "$sd" ]; then
		for r in "$sd"/*; do
			[ -f "$r" ] || continue
			echo "not ok - $name: sanitizer report $r" >>"$log"
			grep -E '^(SUMMARY|==[0-9]+==ERROR|WARNING: ThreadSanitizer|    #[0-9] )|runtime error' \
				"$r" | head -12 | sed 's/^/#   /' >>"$log"
		done
	fi
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

# wanted FILE: whether FILE's name contains one of the patterns
wanted() {
	local p
	for p in "${patterns[@]}"; do
		case "$1" in *"$p"*) return 0 ;; esac
	done
	return 1
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	wanted "$t" || continue
	run_one "unit/$(basename "$t")" "$t"
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	wanted "$t" || continue
	run_one "cli/$(basename "$t" .sh)" bash "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
