#!/bin/bash
# bad_inputs.sh: runs the bad-input corpus of tests/bad/ (see
# tests/bad/cases.tsv). For each line of tests/bad/cases.tsv it copies the
# good show of tests/bad/base/ and its built output into a fresh folder,
# lays the case's files over them, runs one podkit command and prints one
# "ok"/"not ok" line. A case passes when:
#   - the exit status is the expected one;
#   - the expected message (an extended regex, usually "FILE:LINE: what")
#     is printed (stderr, or stdout for lint's findings);
#   - no "out of memory", no crash or hang (20 s), and a build with one
#     bad episode still goes on to write the feed;
#   - on a failure: every file the output folder held before is still there,
#     byte for byte (the build state .podkit-state aside), the good episodes
#     are still in a well-formed feed, and no output file was half-written;
#   - on a success of build: the feed is well-formed (xmllint) and holds the
#     good episodes and the case's one;
#   - the case's own check.sh, if any, returns 0 (run in the case folder);
#   - for build cases: when podkit check passes the show, the build exits 0
#     and podkit lint finds 0 errors in its feed.
. "$(dirname "$0")/../lib.sh"
BAD=$ROOT/tests/bad
cd "$T" || exit 1

# The good show, built once; every case starts from a copy of it.
mkdir base
cp -r "$BAD/base/show" base/show
ffmpeg -loglevel error -f lavfi -i "color=c=0x3366cc:s=1400x1400" \
	-frames:v 1 base/show/cover.jpg
sine one.wav 1 -20 1
cp one.wav base/show/001-good1/a.wav
sine base/show/002-good2/a.wav 1 -18 1
if ! (cd base && $PODKIT build -q -C show -o out); then
	not_ok "bad inputs: the base show does not build"
	exit 0
fi
# A copy, so a case that writes into base by mistake cannot hide it.
export ONE_WAV=$T/one.wav

snapshot() {
	(cd "$1" && find . -type f ! -name .podkit-state -exec sha256sum {} + |
		LC_ALL=C sort)
}

run_case() {
	local name=$1 cmd=$2 input=$3 want=$4 regex=$5
	local W=$T/c/$name src=$BAD/cases/$name got why="" d
	local -a args

	mkdir -p "$W"
	cp -r base/show base/out "$W/"
	if [ -d "$src" ]; then
		(cd "$src" && tar cf - --exclude=setup.sh --exclude=check.sh .) |
			(cd "$W" && tar xf -)
	fi
	# Episodes the case adds get a good audio file unless they bring one.
	for d in "$W"/show/*/; do
		[ -e "$d/a.wav" ] || [ -L "$d/a.wav" ] || cp one.wav "$d/a.wav"
	done
	if [ -f "$src/setup.sh" ] &&
	   ! (cd "$W" && . "$src/setup.sh") </dev/null >"$W/setup.log" 2>&1
	then
		not_ok "bad/$name: setup failed"
		sed 's/^/#   /' "$W/setup.log" | head -10
		return
	fi
	snapshot "$W/out" >"$W/before"
	# The property (issue 13): a show that check passes builds, and its
	# feed lints with 0 errors. check writes nothing, so it runs first.
	checked=""
	if [ "$cmd" = build ]; then
		(cd "$W" && timeout 20 $PODKIT check show </dev/null \
			>check.out 2>&1)
		checked=$?
	fi
	case $cmd in
	build) args=(build -C show -o out) ;;
	check) args=(check show) ;;
	lint) args=(lint "$input") ;;
	loudness) args=(loudness "$input") ;;
	normalize) args=(normalize "$input" out/normalized.mp3) ;;
	transcript) args=(transcript -t json "$input") ;;
	chapters) args=(chapters -t json "$input") ;;
	cover) args=(cover "$input") ;;
	*) not_ok "bad/$name: unknown command '$cmd'"; return ;;
	esac
	(cd "$W" && timeout 20 $PODKIT "${args[@]}" </dev/null >stdout 2>stderr)
	got=$?
	[ "$got" = "$want" ] || why="$why exit $got, expected $want;"
	[ "$got" -ge 124 ] && why="$why killed or crashed;"
	if ! cat "$W/stderr" "$W/stdout" | grep -qE -- "$regex"; then
		why="$why no message matching '$regex';"
	fi
	if grep -q 'out of memory' "$W/stderr"; then
		why="$why says 'out of memory';"
	fi
	# One bad episode must not stop the others: the build goes on to
	# the feed (only show-level cases stop it).
	if [ "$cmd" = build ] && [ "${name#show-}" = "$name" ] &&
	   ! grep -q '^built out/feed\.xml' "$W/stdout"; then
		why="$why the build stopped before the feed;"
	fi
	# ... and its summary counts the episode it left out.
	if [ "$cmd" = build ] && [ "$want" != 0 ] &&
	   [ "${name#show-}" = "$name" ] &&
	   ! grep -qE ', [1-9][0-9]* failed,' "$W/stdout"; then
		why="$why the summary counts no failed episode;"
	fi
	snapshot "$W/out" >"$W/after"
	if [ "$want" != 0 ]; then
		# Nothing overwritten or removed, nothing half-written.
		if [ -n "$(LC_ALL=C comm -23 "$W/before" "$W/after")" ]; then
			why="$why output changed: $(LC_ALL=C comm -23 "$W/before" \
				"$W/after" | awk '{print $2}' | tr '\n' ' ');"
		fi
		if [ "$cmd" = normalize ] && [ -e "$W/out/normalized.mp3" ] &&
		   ! grep -q ' \./normalized\.mp3$' "$W/before"; then
			why="$why normalize left an output file;"
		fi
	fi
	if [ -n "$(find "$W/out" -name '*.tmp*' -o -name '.*.tmp*' \
		  -o -name '*~')" ]; then
		why="$why temporary files left in out/;"
	fi
	case $cmd in
	build|check)
		xmllint --noout "$W/out/feed.xml" 2>/dev/null ||
			why="$why feed.xml is not well-formed;"
		grep -q '<title>Good Episode 1</title>' "$W/out/feed.xml" &&
		grep -q '<title>Good Episode 2</title>' "$W/out/feed.xml" ||
			why="$why the good episodes left the feed;"
		if [ "$cmd" = build ] && [ "$want" = 0 ] &&
		   [ "$(grep -c '<item>' "$W/out/feed.xml")" != \
		     "$(ls "$W"/show/*/episode.md | wc -l)" ]; then
			why="$why the case's episode is not in the feed;"
		fi
		;;
	esac
	if [ "$checked" = 0 ] && [ "$got" != 0 ]; then
		why="$why check passed the show, build exited $got;"
	fi
	if [ "$checked" = 0 ] && [ "$got" = 0 ]; then
		(cd "$W" && $PODKIT lint out/feed.xml >lint.out 2>&1)
		grep -q ': 0 errors' "$W/lint.out" ||
			why="$why check passed the show, its feed does not lint: $(grep -m2 ' error: ' "$W/lint.out" | tr '\n' ' ');"
	fi
	if [ -f "$src/check.sh" ] &&
	   ! (cd "$W" && . "$src/check.sh") </dev/null >"$W/check.log" 2>&1
	then
		why="$why check.sh failed: $(head -c 300 "$W/check.log");"
	fi
	if [ -z "$why" ]; then
		ok "bad/$name ($cmd, exit $want)"
	else
		not_ok "bad/$name:$why"
		sed 's/^/#   stderr: /' "$W/stderr" | head -5 | cut -c1-200
	fi
}

n=0
while IFS=$'\t' read -r name cmd input want regex; do
	case $name in ''|'#'*) continue ;; esac
	# BAD_CASES=REGEX runs only the cases it matches (while working on one).
	[[ -z ${BAD_CASES:-} || $name =~ $BAD_CASES ]] || continue
	run_case "$name" "$cmd" "$input" "$want" "$regex"
	n=$((n + 1))
done <"$BAD/cases.tsv"
[ -n "${BAD_CASES:-}" ] && exit 0
check "the corpus has at least 40 cases ($n)" test "$n" -ge 40

# lint-100mb-streamed: the same over HTTP, streamed with no length: cut
# off at the cap, quickly, in bounded memory.
PORT=$(free_port)
/usr/bin/python3 "$ROOT/tests/servers/stream_feed.py" "$PORT" &
STREAM_PID=$!
stop_stream() { kill "$STREAM_PID" 2>/dev/null; wait "$STREAM_PID" 2>/dev/null; return 0; }
at_exit stop_stream
if wait_port "$PORT" 5; then
	s=$(date +%s%N)
	/usr/bin/time -f %M -o mem $PODKIT lint \
		"http://127.0.0.1:$PORT/feed.xml" >stdout 2>stderr
	rc=$?
	ms=$(( ($(date +%s%N) - s) / 1000000 ))
	kb=$(tail -1 mem)
	# The cap is 64 MB of body; ASan's shadow and quarantine add to it.
	case $BUILD in *asan*) cap=400000 ;; *) cap=150000 ;; esac
	if [ "$rc" = 1 ] && [ "$ms" -lt 5000 ] && [ "$kb" -lt "$cap" ] &&
	   grep -qE "^podkit: http://127\.0\.0\.1:$PORT/feed\.xml: the feed is larger than 64 MB" stderr
	then
		ok "bad/lint-100mb-streamed (lint, exit 1, ${ms} ms, ${kb} KB)"
	else
		not_ok "bad/lint-100mb-streamed: exit $rc, ${ms} ms, ${kb} KB"
		sed 's/^/#   /' stderr | head -5
	fi
else
	not_ok "bad/lint-100mb-streamed: the streaming server did not start"
fi
