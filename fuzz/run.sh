#!/usr/bin/env bash
# run.sh: runs every libFuzzer target in build-fuzz/libfuzzer for N seconds
# each, starting from its committed seeds (fuzz/corpus/NAME) and what
# earlier runs found (build-fuzz/corpus/NAME). A crash is saved as
# fuzz/regress/NAME/crash-* (commit it once fixed: make test replays it).
#
# Inputs may grow to FUZZ_MAX_LEN bytes (default 256 KiB, not libFuzzer's
# 4 KiB): deep nesting needs room, and each target has deep-* seeds.
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]
set -u
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
targets=${*:-$(cd build-fuzz/libfuzzer && ls | grep -v '\.o$')}
failed=0
for t in $targets; do
	bin=build-fuzz/libfuzzer/$t
	work=build-fuzz/corpus/$t
	mkdir -p "$work" "fuzz/regress/$t"
	seeds=fuzz/corpus/$t
	[ -d "$seeds" ] || seeds=""
	log=build-fuzz/$t.log
	# -timeout: an input taking 10 s is a finding (a hang), not a pause.
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len="${FUZZ_MAX_LEN:-262144}" \
		-print_final_stats=1 -artifact_prefix="fuzz/regress/$t/" \
		"$work" $seeds >"$log" 2>&1; then
		runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
		cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
		echo "fuzz $t: ${secs}s, ${runs:-?} runs, $cov, no crash"
	else
		echo "fuzz $t: FAILED (see $log)"; tail -30 "$log"
		failed=$((failed + 1))
	fi
done
[ "$failed" -eq 0 ]
