#!/usr/bin/env bash
# serve.sh: podkit serve over HTTP with curl (ranges, HEAD, validators,
# gzip, MIME types, traversal, the access log, shutdown), and the download
# statistics it keeps (IAB rules) read back with podkit stats.
. "$(dirname "$0")/../lib.sh"

F=$T/site/feed
mkdir -p "$F/audio" "$F/episodes" "$F/chapters" "$F/empty"
# Two minutes at 128 kbit/s: one minute is about 960 kB.
sine "$T/a.wav" 120 -20 2
ffmpeg -loglevel error -i "$T/a.wav" -c:a libmp3lame -b:a 128k \
	"$F/audio/001-first.mp3"
cp "$F/audio/001-first.mp3" "$F/audio/002-second.mp3"
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<rss version="2.0"><channel><title>Test</title>'
	for i in $(seq 1 200); do echo "<item><title>Episode $i</title></item>"; done
	echo '</channel></rss>'
} >"$F/feed.xml"
echo '<!DOCTYPE html><html lang="en"><title>t</title></html>' >"$F/index.html"
echo '{"version":"1.2.0","chapters":[]}' >"$F/chapters/001.json"
printf 'WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n' >"$F/episodes/001.vtt"
echo 'secret' >"$F/.podkit-state"
echo 'outside' >"$T/site/outside.txt"
ln -s ../outside.txt "$F/link-out"
ln -s /etc "$F/etc-link"
ln -s audio/001-first.mp3 "$F/latest.mp3"
SIZE=$(stat -c %s "$F/audio/001-first.mp3")
MP3=audio/001-first.mp3
DB=$T/site/stats.sqlite
LOG=$T/access.log
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
SERVER_PID=""

start_server() {
	"$PODKIT" serve "$F" --port "$PORT" --stats "$DB" --log "$LOG" \
		2>"$T/server.err" &
	SERVER_PID=$!
	wait_port "$PORT" 5
}
stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID"; local rc=$?
	SERVER_PID=""
	return $rc
}
at_exit stop_server

export PODKIT_NOW=2026-01-05T10:00:00Z
check "podkit serve starts" start_server
wait_grep "http://127.0.0.1:$PORT/" "$T/server.err"
check_grep "binds 127.0.0.1 by default" "http://127.0.0.1:$PORT/" "$T/server.err"
ss -ltn >"$T/ss" 2>/dev/null && check_grep "listens on loopback only" \
	"127\.0\.0\.1:$PORT " "$T/ss"
check_exit "a port in use is an error" 1 "$PODKIT" serve "$F" --port "$PORT" --no-stats -q
check_grep "and says so" "cannot listen on 127.0.0.1 port $PORT" "$T/stderr"

# status CURL-ARGS...: prints the HTTP status; headers in $T/h, body $T/b.
req() { rm -f "$T/b"; curl -sS -o "$T/b" -D "$T/h" -w '%{http_code}' "$@"; }
hdr() { tr -d '\r' <"$T/h" | sed -n "s/^$1: //Ip" | head -1; }

# Full GET.
check_eq "GET of the audio answers 200" "$(req -A 'Test/1.0' "$URL/$MP3")" 200
check_eq "Content-Length is the file size" "$(hdr Content-Length)" "$SIZE"
check "the body is the file" cmp "$T/b" "$F/$MP3"
check_eq "audio is audio/mpeg" "$(hdr Content-Type)" audio/mpeg
check_eq "Accept-Ranges: bytes" "$(hdr Accept-Ranges)" bytes

# Every range form.
check_eq "bytes=a-b answers 206" \
	"$(req -A 'Test/1.0' -H 'Range: bytes=100-199' "$URL/$MP3")" 206
check_eq "a-b Content-Range" "$(hdr Content-Range)" "bytes 100-199/$SIZE"
check_eq "a-b Content-Length" "$(hdr Content-Length)" 100
dd if="$F/$MP3" of="$T/want" bs=1 skip=100 count=100 2>/dev/null
check "a-b body is bytes 100..199" cmp "$T/b" "$T/want"
check_eq "bytes=a- answers 206" \
	"$(req -A 'Test/1.0' -H "Range: bytes=$((SIZE - 1000))-" "$URL/$MP3")" 206
check_eq "a- Content-Range" "$(hdr Content-Range)" \
	"bytes $((SIZE - 1000))-$((SIZE - 1))/$SIZE"
tail -c 1000 "$F/$MP3" >"$T/want"
check "a- body is the tail" cmp "$T/b" "$T/want"
check_eq "bytes=-n answers 206" \
	"$(req -A 'Test/1.0' -H 'Range: bytes=-500' "$URL/$MP3")" 206
check_eq "-n Content-Range" "$(hdr Content-Range)" \
	"bytes $((SIZE - 500))-$((SIZE - 1))/$SIZE"
check_eq "-n Content-Length" "$(hdr Content-Length)" 500
tail -c 500 "$F/$MP3" >"$T/want"
check "-n body is the last 500 bytes" cmp "$T/b" "$T/want"
check_eq "a range past the end answers 416" \
	"$(req -A 'Test/1.0' -H "Range: bytes=$SIZE-" "$URL/$MP3")" 416
check_eq "416 Content-Range is bytes */SIZE" "$(hdr Content-Range)" \
	"bytes */$SIZE"
check_eq "bytes=-0 answers 416" \
	"$(req -A 'Test/1.0' -H 'Range: bytes=-0' "$URL/$MP3")" 416
check_eq "a malformed range is ignored (200)" \
	"$(req -A 'Test/1.0' -H 'Range: bytes=9-5' "$URL/$MP3")" 200
check_eq "several ranges get the whole file (200)" \
	"$(req -A 'Test/1.0' -H 'Range: bytes=0-1,5-9' "$URL/$MP3")" 200

# HEAD answers the same headers as GET (Date aside), with no body.
same_heads() {
	curl -sS -o /dev/null -D "$T/hg" "$@" && curl -sS -I -D "$T/hh" -o "$T/hb" "$@" &&
		diff <(tr -d '\r' <"$T/hg" | grep -iv '^date:') \
			<(tr -d '\r' <"$T/hh" | grep -iv '^date:') &&
		[ "$(tr -d '\r' <"$T/hh" | wc -l)" -gt 3 ]
}
check "HEAD == GET headers for audio" same_heads -A 'Test/1.0' "$URL/$MP3"
check "HEAD == GET headers for a range" same_heads -A 'Test/1.0' \
	-H 'Range: bytes=10-20' "$URL/$MP3"
check "HEAD == GET headers for the feed" same_heads "$URL/feed.xml"
check "HEAD == GET headers for the gzipped feed" same_heads \
	-H 'Accept-Encoding: gzip' "$URL/feed.xml"
check "HEAD == GET headers for a 404" same_heads "$URL/nope.mp3"

# Validators.
req "$URL/feed.xml" >/dev/null
ETAG=$(hdr ETag)
LASTMOD=$(hdr Last-Modified)
check_grep "ETag is strong" '^"[0-9a-f-]+"$' <(echo "$ETAG")
check_eq "If-None-Match answers 304" \
	"$(req -H "If-None-Match: $ETAG" "$URL/feed.xml")" 304
check_eq "304 has the ETag" "$(hdr ETag)" "$ETAG"
check_eq "304 has no body" "$(cat "$T/b" 2>/dev/null | wc -c)" 0
check_eq "If-None-Match in a list answers 304" \
	"$(req -H "If-None-Match: \"x\", $ETAG" "$URL/feed.xml")" 304
check_eq "another ETag answers 200" \
	"$(req -H 'If-None-Match: "other"' "$URL/feed.xml")" 200
check_eq "If-Modified-Since answers 304" \
	"$(req -H "If-Modified-Since: $LASTMOD" "$URL/feed.xml")" 304
check_eq "an older If-Modified-Since answers 200" \
	"$(req -H 'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT' "$URL/feed.xml")" 200
check_eq "If-Range with the ETag keeps the range" \
	"$(req -A 'Test/1.0' -H 'Range: bytes=0-9' -H "If-Range: $(req -A T/1 -I "$URL/$MP3" >/dev/null; hdr ETag)" "$URL/$MP3")" 206
check_eq "If-Range with an old ETag sends the file" \
	"$(req -A 'Test/1.0' -H 'Range: bytes=0-9' -H 'If-Range: "old"' "$URL/$MP3")" 200

# gzip for text, never for audio; Vary on what can vary.
check_eq "feed with Accept-Encoding: gzip" \
	"$(req -H 'Accept-Encoding: gzip, deflate' "$URL/feed.xml")" 200
check_eq "feed is gzipped" "$(hdr Content-Encoding)" gzip
check_eq "feed says Vary: Accept-Encoding" "$(hdr Vary)" Accept-Encoding
check_eq "gzip Content-Length is the compressed size" "$(hdr Content-Length)" \
	"$(stat -c %s "$T/b")"
check "gzipped feed decompresses to the file" \
	cmp <(gzip -dc "$T/b") "$F/feed.xml"
check_eq "gzipped ETag differs" "$([ "$(hdr ETag)" != "$ETAG" ] && echo yes)" yes
req -H 'Accept-Encoding: gzip;q=0' "$URL/feed.xml" >/dev/null
check_eq "gzip;q=0 is not gzipped" "$(hdr Content-Encoding)" ""
req "$URL/feed.xml" >/dev/null
check_eq "plain feed still says Vary" "$(hdr Vary)" Accept-Encoding
check_eq "feed is application/rss+xml" "$(hdr Content-Type)" \
	"application/rss+xml; charset=utf-8"
req -A 'Test/1.0' -H 'Accept-Encoding: gzip' "$URL/$MP3" >/dev/null
check_eq "audio is never gzipped" "$(hdr Content-Encoding)" ""
check_eq "audio has no Vary" "$(hdr Vary)" ""
req -H 'Accept-Encoding: gzip' "$URL/chapters/001.json" >/dev/null
check_eq "JSON is gzipped" "$(hdr Content-Encoding)" gzip
check_eq "JSON is application/json" "$(hdr Content-Type)" application/json
req "$URL/episodes/001.vtt" >/dev/null
check_eq "VTT is text/vtt" "$(hdr Content-Type)" "text/vtt; charset=utf-8"
req "$URL/" >/dev/null
check_eq "/ is its index.html" "$(hdr Content-Type)" "text/html; charset=utf-8"

# No way out, no listings, no dotfiles: with openat2 (RESOLVE_BENEATH),
# and again the realpath way older kernels use.
code() { curl -sS --path-as-is -o "$T/b" -w '%{http_code}' "$URL$1"; }
traversal() {
	local how=$1
	check_eq "$how: /../ is refused" "$(code /../outside.txt)" 404
	check_eq "$how: /audio/../../ is refused" "$(code /audio/../../outside.txt)" 404
	check_eq "$how: %2e%2e is refused" "$(code /%2e%2e/outside.txt)" 404
	check_eq "$how: %2E%2E in a folder is refused" "$(code /audio/%2E%2E/%2e%2e/outside.txt)" 404
	check_eq "$how: ..%2f is refused" "$(code /..%2foutside.txt)" 404
	check_eq "$how: a symlink out of the folder is refused" "$(code /link-out)" 403
	check_eq "$how: a symlinked folder out is refused" "$(code /etc-link/passwd)" 403
	check_no_grep "$how: nothing from outside was sent" 'outside|root:' "$T/b"
	check_eq "$how: a symlink that stays inside is served" "$(code /latest.mp3)" 200
	check_eq "$how: a dotfile is not served" "$(code /.podkit-state)" 404
	check_eq "$how: a folder without index.html is not listed" "$(code /empty/)" 404
	check_eq "$how: a folder without a slash is redirected" "$(code /audio)" 301
	check_eq "$how: a folder with audio is not listed" "$(code /audio/)" 404
}
traversal openat2

# A control byte in the decoded path is a bad request: never the file the
# path would name if it stopped there (%00 cut "/feed.xml%00.mp3" short).
check_eq "a NUL in the path is 400" "$(code /feed.xml%00.mp3)" 400
check_no_grep "and feed.xml is not sent for it" '<rss' "$T/b"
check_eq "a NUL at the end is 400" "$(code /feed.xml%00)" 400
check_eq "a newline in the path is 400" "$(code /feed.xml%0A)" 400
check_eq "a tab in the path is 400" "$(code /feed%09.xml)" 400
check_eq "DEL in the path is 400" "$(code /feed.xml%7f)" 400
check_eq "a broken escape is 400" "$(code /feed.xml%zz)" 400
check_eq "a cut escape is 400" "$(code /feed.xml%2)" 400
# Paths that differ only in their encoding get one answer.
encodings() {
	local p want=$1; shift
	for p in "$@"; do
		check_eq "$p is $want, as its plain spelling" "$(code "$p")" "$want"
	done
}
encodings 200 /feed.xml /%66eed.xml /feed%2Exml /feed%2exml //feed.xml \
	/audio%2F001-first.mp3 /audio%2f001-first.mp3 "/feed.xml?x=%00"
encodings 404 /%2epodkit-state /audio%2F%2E%2E/feed.xml /nothing%2Exml
encodings 301 /audio /%61udio
encodings 403 /link%2Dout
check_eq "POST is not allowed" \
	"$(curl -sS -o /dev/null -w '%{http_code}' -d x "$URL/feed.xml")" 405

# The access log, combined format.
check_grep "access log in combined format" \
	'^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} [+-][0-9]{4}\] "GET /audio/001-first.mp3 HTTP/1.1" 206 100 "-" "Test/1.0"$' "$LOG"
check_grep "access log has HEAD with 0 bytes" '"HEAD /feed.xml HTTP/1.1" 200 0 ' "$LOG"
curl -sS -o /dev/null -A 'a"b' "$URL/feed.xml"
wait_grep '\\"' "$LOG" # the line is written once the answer is sent
check_grep "access log escapes quotes" '\\"' "$LOG"
stop_server; rc=$?
check_eq "SIGTERM stops the server cleanly (exit 0)" "$rc" 0
PODKIT_SERVE_NO_OPENAT2=1 start_server
traversal realpath
stop_server
check_grep "the server says it stops" 'stopping' "$T/server.err"

# --bind with an IPv6 address.
if [ -s /proc/net/if_inet6 ]; then
	P6=$(free_port)
	"$PODKIT" serve "$F" --bind ::1 --port "$P6" --no-stats -q &
	P6_PID=$!
	check_eq "--bind ::1 serves over IPv6" \
		"$(curl -sS -g --retry 20 --retry-connrefused --retry-delay 1 -o /dev/null -w '%{http_code}' "http://[::1]:$P6/feed.xml")" 200
	kill -TERM "$P6_PID"; wait "$P6_PID"
fi

# ---- Statistics ----
rm -f "$DB" "$DB-wal" "$DB-shm"
start_server
APP='AppleCoreMedia/1.0.0.20G75 (iPhone; U; CPU OS 16_6 like Mac OS X; en_us)'
get() { curl -sS -o /dev/null -w '%{http_code}' "$@"; }
total() { "$PODKIT" stats --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }

get -A "$APP" "$URL/$MP3" >/dev/null
check_eq "a 200 counts" "$(total)" 1
get -A "$APP" "$URL/$MP3" >/dev/null
get -A "$APP" -H 'Range: bytes=0-' "$URL/$MP3" >/dev/null
check_eq "the same listener the same day counts once" "$(total)" 1
get -A 'Overcast/3.0 (+http://overcast.fm/; iOS podcast app)' \
	-H 'Range: bytes=0-1' "$URL/$MP3" >/dev/null
check_eq "a bytes=0-1 probe does not count" "$(total)" 1
get -A 'Overcast/3.0 (+http://overcast.fm/; iOS podcast app)' -I "$URL/$MP3" >/dev/null
check_eq "HEAD does not count" "$(total)" 1
ETAG=$(curl -sS -I "$URL/$MP3" | tr -d '\r' | sed -n 's/^ETag: //Ip')
get -A 'Overcast/3.0 (+http://overcast.fm/; iOS podcast app)' \
	-H "If-None-Match: $ETAG" "$URL/$MP3" >/dev/null
check_eq "304 does not count" "$(total)" 1
get "$URL/$MP3" >/dev/null
get -A 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' \
	"$URL/$MP3" >/dev/null
check_eq "bots (curl, Googlebot) do not count" "$(total)" 1
get -A '-' "$URL/$MP3" >/dev/null
get -H 'User-Agent:' "$URL/$MP3" >/dev/null
check_eq "malformed and missing agents do not count" "$(total)" 1
PC='Pocket Casts'
get -A "$PC" -H 'Range: bytes=0-299999' "$URL/$MP3" >/dev/null
get -A "$PC" -H 'Range: bytes=200000-599999' "$URL/$MP3" >/dev/null
get -A "$PC" -H 'Range: bytes=0-599999' "$URL/$MP3" >/dev/null
check_eq "ranges under a minute of audio do not count" "$(total)" 1
get -A "$PC" -H 'Range: bytes=600000-999999' "$URL/$MP3" >/dev/null
check_eq "ranges adding up to header + a minute count" "$(total)" 2
get -A 'atc/1.0 watchOS/9.5 model/Watch6,1 hwp/t8301 build/20T562 (6; dt:252)' \
	"$URL/$MP3" >/dev/null
check_eq "an Apple Watch duplicate (after its phone) does not count" "$(total)" 2
get -A 'atc/1.0 watchOS/9.5 model/Watch6,1 hwp/t8301 build/20T562 (6; dt:252)' \
	"$URL/audio/002-second.mp3" >/dev/null
check_eq "an Apple Watch download before its phone does not count" "$(total)" 2
get -A "$APP" "$URL/audio/002-second.mp3" >/dev/null
check_eq "the phone after its Watch counts once" "$(total)" 3
get -A 'Spotify/8.8.48 iOS/16.6 (iPhone15,2)' "$URL/feed.xml" >/dev/null
check_eq "the feed is not a download" "$(total)" 3

# Restart: the database is kept, nothing counted twice.
stop_server
start_server
get -A "$APP" "$URL/$MP3" >/dev/null
get -A "$PC" -H 'Range: bytes=0-999999' "$URL/$MP3" >/dev/null
check_eq "after a restart the same listeners are not counted again" "$(total)" 3
# kill -9 mid-day: WAL keeps what was committed.
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
check_eq "after kill -9 the database is intact" \
	"$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
check_eq "after kill -9 the counts are kept" "$(total)" 3

# The next day the same listener counts again.
export PODKIT_NOW=2026-01-06T08:00:00Z
start_server
get -A "$APP" "$URL/$MP3" >/dev/null
check_eq "the same listener the next day counts again" "$(total)" 4
check_eq "only today's salt is kept" \
	"$(sqlite3 "$DB" 'SELECT day FROM salts')" 2026-01-06
stop_server
check_eq "no raw address on disk" \
	"$(cat "$DB"* | grep -c -a '127\.0\.0\.1')" 0

# podkit stats.
"$PODKIT" stats --db "$DB" --json >"$T/s.json"
check "stats --json reads" python3 - "$T/s.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 4, d
assert d["window"] == "calendar day, UTC"
days = {(r["day"], r["episode"]): r["downloads"] for r in d["by_day"]}
assert days == {("2026-01-05", "audio/001-first.mp3"): 2,
                ("2026-01-05", "audio/002-second.mp3"): 1,
                ("2026-01-06", "audio/001-first.mp3"): 1}, days
apps = {r["app"]: r["downloads"] for r in d["by_app"]}
assert apps == {"Apple Podcasts": 3, "Pocket Casts": 1}, apps
assert d["by_episode"][0] == {"episode": "audio/001-first.mp3", "downloads": 3}
PY
"$PODKIT" stats --db "$DB" --csv >"$T/s.csv"
cat >"$T/want.csv" <<'CSV'
day,episode,app,downloads
2026-01-05,audio/001-first.mp3,Apple Podcasts,1
2026-01-05,audio/001-first.mp3,Pocket Casts,1
2026-01-05,audio/002-second.mp3,Apple Podcasts,1
2026-01-06,audio/001-first.mp3,Apple Podcasts,1
CSV
check_diff "stats --csv" "$T/want.csv" "$T/s.csv"
"$PODKIT" stats --db "$DB" --since 2026-01-06 --csv >"$T/s2.csv"
check_eq "stats --since" "$(tail -n +2 "$T/s2.csv")" \
	"2026-01-06,audio/001-first.mp3,Apple Podcasts,1"
check "stats text report" "$PODKIT" stats --db "$DB"
check_grep "text report has the total" '^ +4  total$' "$T/.out"
check_exit "stats --since with a bad date is a usage error" 2 \
	"$PODKIT" stats --db "$DB" --since yesterday
check_exit "stats without a database fails" 1 "$PODKIT" stats --db "$T/none.sqlite"
check_grep "and says so" "no statistics database" "$T/stderr"

# Bad usage and bad setups.
check_exit "serve with a bad port is a usage error" 2 "$PODKIT" serve "$F" --port x
check_exit "serve of a missing folder fails" 1 "$PODKIT" serve "$T/nope"
check_exit "a database inside the served folder is refused" 1 \
	"$PODKIT" serve "$F" --port "$PORT" --stats "$F/stats.sqlite"
check_grep "with a message" "must not be inside" "$T/stderr"
check "serve --help" "$PODKIT" serve --help
