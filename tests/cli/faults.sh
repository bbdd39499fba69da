#!/bin/bash
# faults.sh: podkit under faults it must survive.
#   - a full disk during `podkit build` (RLIMIT_FSIZE via ulimit -f, which
#     fails writes as a full quota does): the previous output stays byte
#     for byte, the failure is reported with the file, and the next build,
#     with room again, succeeds and equals a clean build;
#   - kill -9 during a build (while encoding a longer file) and during a
#     publish (to a folder, slowed by --limit-rate): the rerun finishes and
#     converges to what a clean run makes, no temporaries left;
#   - kill -9 of `podkit serve` while requests are counted: the statistics
#     database passes PRAGMA integrity_check and a restart does not count
#     a listener twice.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1

# A show of two short episodes and one of a minute.
mkdir show
cat > show/show.yaml <<'YAML'
title: Fault Show
description: A show for the fault tests.
author: Maya Ortiz
language: en
link: https://example.com/
image: cover.jpg
categories: [{name: Technology}]
explicit: false
owner: {name: Maya Ortiz, email: hello@example.com}
feed_url: https://example.com/feed.xml
media_url: https://cdn.example.com/
YAML
ffmpeg -loglevel error -f lavfi -i "color=c=0x3366cc:s=1400x1400" \
	-frames:v 1 show/cover.jpg
episode() { # episode NNN-slug NUMBER SECONDS
	mkdir -p "show/$1"
	printf -- '---\ntitle: Episode %s\nnumber: %s\ndate: 2025-12-0%sT06:00:00Z\naudio: a.wav\n---\nNotes of %s.\n' \
		"$2" "$2" "$2" "$1" >"show/$1/episode.md"
	sine "show/$1/a.wav" "$3" -20 1
}
episode 001-one 1 1
episode 002-two 2 1
episode 003-long 3 60

build() { $PODKIT build -C show "$@"; }
# sums DIR: the checksums of every file but the build state.
sums() {
	(cd "$1" && find . -type f ! -name .podkit-state -exec sha256sum {} + |
		LC_ALL=C sort)
}
# converged OUT CLEAN: OUT holds every file of CLEAN byte for byte, and
# nothing else but media an earlier build made that the feed no longer
# names (the build keeps those; publish --delete removes them remotely).
converged() {
	local f extra=""
	sums "$2" >"$T/conv.b"; sums "$1" >"$T/conv.a"
	if [ -n "$(LC_ALL=C comm -23 "$T/conv.b" "$T/conv.a")" ]; then
		echo "differs from the clean build:"
		LC_ALL=C comm -23 "$T/conv.b" "$T/conv.a"
		return 1
	fi
	for f in $(LC_ALL=C comm -13 "$T/conv.b" "$T/conv.a" | awk '{print $2}'); do
		case $f in
		./audio/*) grep -qF "${f#./}" "$1/feed.xml" && extra="$extra $f" ;;
		*) extra="$extra $f" ;;
		esac
	done
	[ -z "$extra" ] || { echo "extra files:$extra"; return 1; }
}
temps() { find "$@" -name '*.tmp.*' -o -name '*.tmp-*' -o -name '*podkit-tmp*'; }

check_exit "clean build" 0 build -q -o clean
check "the clean build has the long episode" test -s clean/audio/003-long-*.mp3

# --- a full disk during the build --------------------------------------
cp -a clean out
sums out >before
echo "Notes changed." >>show/001-one/episode.md
( ulimit -f 8; exec $PODKIT build -C show -o out --force ) >"$T/stdout" 2>"$T/stderr"
rc=$?
check_eq "a full disk fails the build with status 1 (not a signal)" "$rc" 1
check_grep "the failed write is named" \
	'^podkit: out/[^ ]+: cannot write: File too large' "$T/stderr"
check_grep "and the feed is not replaced" \
	'^podkit: feed and index not written: .*disk full' "$T/stderr"
sums out >after
check_diff "the previous output stays byte for byte" before after
check_eq "no temporaries left" "$(temps out)" ""
# Only the feed is small enough: an episode lost to the disk must not
# leave a feed without it.
( ulimit -f 200; exec $PODKIT build -C show -o out --force ) >"$T/stdout" 2>"$T/stderr"
check_eq "a disk that fills half-way also fails" "$?" 1
check "every episode still in the old feed" \
	test "$(grep -c '<item>' out/feed.xml)" = 3
check_no_grep "the old feed is the one there" 'Notes changed' out/feed.xml
check_exit "with room again the build succeeds" 0 build -q -o out
check_grep "and has the change" 'Notes changed' out/feed.xml
check_exit "a clean build of the same show" 0 build -q -o clean2
sums out >a; sums clean2 >b
check_diff "the rebuilt output equals a clean build" b a

# The same on a real full file system: a small tmpfs (when we may mount).
MNT=$T/mnt
mkdir -p "$MNT"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=4m tmpfs "$MNT" 2>/dev/null
then
	umount_mnt() { umount "$MNT" 2>/dev/null; return 0; }
	at_exit umount_mnt
	build -q -o "$MNT/out" >/dev/null 2>&1
	used=$(du -sk "$MNT" | cut -f1)
	mount -o remount,size=$((used + 200))k "$MNT"
	sums "$MNT/out" >before
	sine show/003-long/a.wav 60 -19 1   # a new 700 KB MP3 will not fit
	check_exit "tmpfs full: the build fails" 1 build -o "$MNT/out"
	check_grep "tmpfs full: the failed write is named" \
		'^podkit: .*/mnt/out/[^ ]+: .*No space left on device' "$T/stderr"
	sums "$MNT/out" >after
	check_diff "tmpfs full: the previous output stays byte for byte" \
		before after
	check_eq "tmpfs full: no temporaries left" "$(temps "$MNT")" ""
	mount -o remount,size=16m "$MNT"
	check_exit "tmpfs with room again: the build succeeds" 0 \
		build -q -o "$MNT/out"
	rm -rf clean2
	build -q -o clean2 >/dev/null 2>&1
	check "tmpfs: the rebuilt output equals a clean build" \
		converged "$MNT/out" clean2
	umount_mnt
else
	echo "# tmpfs: not root or mount not permitted; ulimit -f only"
fi

# --- kill -9 during a build ---------------------------------------------
# kill_when PID GLOB: kill -9 PID once a file matching GLOB exists (or
# after 10 s); echoes what it saw.
kill_when() {
	local i=0 f
	while [ $i -lt 2000 ]; do
		f=$(compgen -G "$2" | head -1)
		if [ -n "$f" ]; then break; fi
		kill -0 "$1" 2>/dev/null || break
		sleep 0.005; i=$((i + 1))
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	echo "$f"
}
echo "Notes changed again." >>show/003-long/episode.md
sine show/003-long/a.wav 60 -18 1   # new audio: it must be encoded again
$PODKIT build -q -j 1 -C show -o out >/dev/null 2>&1 &
seen=$(kill_when $! 'out/audio/003-long-*.tmp-*')
check "killed while encoding the long episode" test -n "$seen"
check_exit "the rerun finishes" 0 build -q -o out
rm -rf clean3
check_exit "a clean build" 0 build -q -o clean3
check "the rerun converges to the clean build" converged out clean3
check_eq "no temporaries left after the rerun" "$(temps out)" ""
# Killed while tagging or writing pages: wherever it lands, converge.
for delay in 0.05 0.2 0.4; do
	echo "Another change $delay." >>show/002-two/episode.md
	sine show/002-two/a.wav 2 -19 1
	$PODKIT build -q -C show -o out >/dev/null 2>&1 &
	pid=$!; sleep $delay; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	build -q -o out >/dev/null 2>&1
	rm -rf clean3; build -q -o clean3 >/dev/null 2>&1
	check "killed after ${delay}s: the rerun converges" converged out clean3
done
check_eq "no temporaries left" "$(temps out)" ""

# --- kill -9 during a publish --------------------------------------------
export PODKIT_CREDENTIALS=$T/no-such-file PODKIT_RETRY_BASE_MS=50
# Dot folders (.podkit-publish: the publish journal) are podkit's own.
tree_sums() {
	(cd "$1" && find . -path './.podkit-*' -prune -o -type f \
		! -name .podkit-state -exec sha256sum {} + | LC_ALL=C sort)
}
head -c 3000000 /dev/urandom >out/big.bin
mkdir site
# To a folder: killed as it starts copying.
$PODKIT publish -q -o out --to "file://$T/site" >/dev/null 2>&1 &
pid=$!; sleep 0.02; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
check_exit "folder publish: the rerun finishes" 0 $PODKIT publish -q -o out \
	--to "file://$T/site"
tree_sums out >a; tree_sums site >b
check_diff "folder publish: the site equals the output folder" a b
check_eq "folder publish: no temporaries in the site" "$(temps site)" ""

# To S3 (s3rver), slowed so the kill lands in the middle of big.bin.
. "$ROOT/tests/servers/publish_servers.sh"
if sh "$ROOT/tests/servers/setup-node.sh" >/dev/null 2>&1 &&
   S3P=$(free_port) && start_s3 "$S3P" podcast; then
	at_exit stop_s3
	export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
	export PODKIT_MULTIPART_THRESHOLD=2M PODKIT_MULTIPART_PART_SIZE=1M
	s3pub() {
		$PODKIT publish -o out --to s3://podcast/show --path-style \
			--endpoint "http://127.0.0.1:$S3P" "$@"
	}
	s3pub -q --limit-rate 1M -j 1 >/dev/null 2>&1 &
	pid=$!; sleep 1.2; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	s3feed() { find "$T/s3data" -path '*feed.xml*' | grep -q .; }
	check "S3 publish killed before the feed went up" eval '! s3feed'
	check_exit "S3 publish: the rerun finishes" 0 s3pub -q
	check "and the feed is up now" s3feed
	check_exit "S3 publish: a full check after it" 0 s3pub --full-check
	check_grep "finds nothing left to upload" '^0 uploaded, ' "$T/stdout"
	stop_s3
else
	not_ok "s3rver started for the publish kill test"
fi

# --- kill -9 of podkit serve during requests ------------------------------
DB=$T/stats.sqlite
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
MP3=$(cd out && ls audio/001-one-*.mp3)
export PODKIT_NOW=2026-01-05T10:00:00Z
SERVER_PID=""
serve_start() {
	$PODKIT serve out --port "$PORT" --stats "$DB" -q 2>>"$T/serve.err" &
	SERVER_PID=$!
	wait_port "$PORT" 5
}
serve_stop() {
	[ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null &&
		wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=""
	return 0
}
at_exit serve_stop
total() {
	$PODKIT stats --db "$DB" --json |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
listen() { # listen N: a full download by listener N (its own app version)
	curl -sS -o /dev/null -m 5 \
		-A "Overcast/3.0.$1 (+http://overcast.fm/; iOS podcast app)" \
		"$URL/$MP3" 2>/dev/null
}
check "serve starts" serve_start
for n in $(seq 1 40); do listen "$n" & done
sleep 0.15
serve_stop
wait
check_eq "the database is intact after kill -9" \
	"$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
t1=$(total)
check "some downloads counted before the kill ($t1), at most one each" \
	test "$t1" -ge 0 -a "$t1" -le 40
check "serve restarts on the same database" serve_start
check_eq "a restart counts nothing again" "$(total)" "$t1"
for n in $(seq 1 40); do listen "$n"; done
# A download is counted as its response completes: allow it a moment.
for i in $(seq 1 50); do [ "$(total)" = 40 ] && break; sleep 0.1; done
check_eq "the same 40 listeners again: 40 downloads, not doubled" \
	"$(total)" 40
serve_stop
check_eq "the database is intact after a second kill -9" \
	"$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
check_eq "and still counts 40" "$(total)" 40
