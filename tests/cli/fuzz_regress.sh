# fuzz_regress.sh: replays every fuzz target's seeds and every input that
# once crashed it (fuzz/regress/TARGET/) through the plain driver: each must
# run to the end without a crash or a sanitizer report.
. "$(dirname "$0")/../lib.sh"

for src in "$ROOT"/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	bin=$BUILD/fuzz/$t
	if [ ! -x "$bin" ]; then
		not_ok "$t: $bin is not built (make unit-tests builds it)"
		continue
	fi
	set -- "$ROOT"/fuzz/corpus/"$t"/* "$ROOT"/fuzz/regress/"$t"/*
	inputs=""
	for f in "$@"; do [ -f "$f" ] && inputs="$inputs $f"; done
	if [ -z "$inputs" ]; then
		not_ok "$t: no seed inputs in fuzz/corpus/$t"
		continue
	fi
	# Every parser gets input nested far deeper than real files are
	# (issue 13: the fuzzers missed a crash at 40,000 nested quotes).
	if ! ls "$ROOT/fuzz/corpus/$t" | grep -q '^deep-'; then
		not_ok "$t: no deep-nesting seed (fuzz/corpus/$t/deep-*)"
	fi
	n=$(echo $inputs | wc -w)
	# shellcheck disable=SC2086
	if "$bin" $inputs >"$T/$t.out" 2>&1 &&
	   [ "$(grep -c '^ok - ' "$T/$t.out")" -eq "$n" ]; then
		ok "$t replays its $n inputs"
	else
		not_ok "$t replaying its inputs"
		tail -20 "$T/$t.out" | sed 's/^/#   /'
	fi
done
