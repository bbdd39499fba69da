#!/usr/bin/env bash
# lint.sh: podkit lint on the broken feeds of tests/fixtures/lint (each must
# print its exact message with the line and exit 1), on a good feed, on
# hostile input (billion laughs, XXE, a huge file), with --json, and on
# feeds fetched from an HTTP server on 127.0.0.1.
. "$(dirname "$0")/../lib.sh"

FIX="$ROOT/tests/fixtures/lint"
cd "$FIX" || exit 1

# Every case in expected.txt: the exit code, the exact line, nothing on
# stderr.
while IFS=$'\t' read -r file want line; do
	case "$file" in '#'* | '') continue ;; esac
	"$PODKIT" lint "$file" >"$T/out" 2>"$T/err"
	got=$?
	# findings go to stdout; libxml2 must not print anything of its own
	if [ "$got" = "$want" ] && grep -qxF -- "$line" "$T/out" &&
		[ ! -s "$T/err" ]; then
		ok "lint $file: exit $want, '${line#*: }'"
	else
		not_ok "lint $file: exit $got (expected $want)"
		echo "#   expected line: $line"
		sed 's/^/#   /' "$T/out" "$T/err" | head -10
	fi
done <expected.txt

check_exit "a good feed lints clean" 0 "$PODKIT" lint good.xml
check_eq "a good feed has nothing to say" "$(cat "$T/stdout")" \
	"good.xml: 0 errors, 0 warnings"

# Hostile input: nothing of /etc/passwd may come out, whatever happens.
for f in xxe.xml xxe-dtd.xml; do
	"$PODKIT" lint "$f" >"$T/out" 2>&1
	check_no_grep "$f: no /etc/passwd content in the output" \
		'root:|/bin/(ba)?sh|nologin' "$T/out"
done
start=$(date +%s%N)
check_exit "billion laughs: refused" 1 "$PODKIT" lint billion-laughs.xml
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "billion laughs: refused at once (${ms} ms)" \
	test "$ms" -lt $((2000 * ${PODKIT_TEST_SLOWDOWN:-1}))

# A file over the cap is refused before it is read (a sparse file).
truncate -s 65M "$T/huge.xml"
check_exit "a 65 MB feed is refused" 1 "$PODKIT" lint "$T/huge.xml"
check_grep "the size cap is named" \
	"^podkit: $T/huge.xml: the feed is 68157440 bytes; podkit lint reads at most 64 MB\$" \
	"$T/stderr"

check_exit "a missing file" 1 "$PODKIT" lint "$T/nope.xml"
check_grep "a missing file is named" "^podkit: $T/nope.xml: No such file" \
	"$T/stderr"
check_exit "no feed is a usage error" 2 "$PODKIT" lint
check_grep "usage is shown" "^usage: podkit lint" "$T/stderr"
check_exit "--help" 0 "$PODKIT" lint --help

# Several feeds: each is reported, one bad one fails the run.
check_exit "a good and a bad feed: exit 1" 1 "$PODKIT" lint good.xml no-title.xml
check_grep "the good one is summarised" "^good.xml: 0 errors, 0 warnings$" \
	"$T/stdout"
check_grep "the bad one is reported" \
	"^no-title.xml:3: error: missing <title> in <channel>$" "$T/stdout"

# Warnings alone do not fail.
check_exit "warnings only: exit 0" 0 "$PODKIT" lint no-owner.xml

# --json, read back by a JSON parser.
check_exit "--json on a bad feed" 1 "$PODKIT" lint --json good.xml bad-pubdate.xml
check "--json is what it says" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["errors"] == 1 and d["warnings"] == 0, d
good, bad = d["feeds"]
assert good["feed"] == "good.xml" and good["problems"] == [], good
p = bad["problems"][0]
assert p == {"line": 33, "severity": "error", "message":
    "<pubDate> '"'"'2026-01-05T06:00:00+01:00'"'"' is not an RFC 2822 date"}, p
' "$T/stdout"

# Over HTTP, from a server on 127.0.0.1 that this test starts and stops.
port=$(free_port)
/usr/bin/python3 "$ROOT/tests/servers/lint_server.py" "$port" "$FIX" &
server=$!
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
at_exit stop_server
if wait_port "$port"; then
	url="http://127.0.0.1:$port"
	check_exit "a good feed by URL" 0 "$PODKIT" lint "$url/good.xml"
	check_exit "a bad feed by URL" 1 "$PODKIT" lint "$url/bad-explicit.xml"
	check_grep "a URL's findings name the URL and line" \
		"^$url/bad-explicit.xml:16: error: <itunes:explicit> is 'maybe', not 'true' or 'false'\$" \
		"$T/stdout"
	check_exit "a 404" 1 "$PODKIT" lint "$url/missing.xml"
	check_grep "a 404 is reported" \
		"^podkit: $url/missing.xml: the server answered HTTP 404\$" "$T/stderr"
	check_exit "a redirect to file:// is not followed" 1 \
		"$PODKIT" lint "$url/redirect-file"
	check_no_grep "nothing of /etc/passwd by redirect" 'root:' "$T/stdout"
	check_grep "the refused redirect is reported" \
		"^podkit: $url/redirect-file: .*(protocol|Protocol)" "$T/stderr"
	check_exit "an endless body is cut at the cap" 1 "$PODKIT" lint "$url/huge"
	check_grep "the cap is named" \
		"^podkit: $url/huge: the feed is larger than 64 MB" "$T/stderr"
	check_exit "a gzip bomb is cut at the cap" 1 "$PODKIT" lint "$url/gzip-bomb"
	check_grep "the cap applies to the unpacked size" \
		"^podkit: $url/gzip-bomb: the feed is larger than 64 MB" "$T/stderr"
else
	not_ok "the test HTTP server did not start on port $port"
fi

# podkit's own feeds lint clean: the feed writer's golden file, a feed the
# writer makes now from its fixture show, and the sample show (episodes/)
# with stand-in audio (one-second MP3 sines, as `podkit build` would encode
# the speech to MP3) and a generated cover.
check_exit "the writer's golden feed lints clean" 0 \
	"$PODKIT" lint "$ROOT/tests/golden/feed.xml"
check_grep "with nothing to say" ': 0 errors, 0 warnings$' "$T/stdout"
if "$PODKIT" feed -C "$ROOT/tests/fixtures/feedshow" -o "$T/fixture.xml" \
	>"$T/out" 2>&1; then
	check_exit "a feed podkit writes now lints clean" 0 \
		"$PODKIT" lint "$T/fixture.xml"
	check_grep "with nothing to say" ': 0 errors, 0 warnings$' "$T/stdout"
else
	not_ok "podkit feed on tests/fixtures/feedshow failed"
	sed 's/^/#   /' "$T/out" | head
fi
cp -R "$ROOT/episodes" "$T/sample"
ffmpeg -v error -f lavfi -i sine=f=1000:d=1 -c:a libmp3lame -b:a 64k \
	"$T/sine.mp3"
for d in "$T"/sample/[0-9]*/; do
	cp "$T/sine.mp3" "$d/episode.mp3"
	sed -i 's/^audio: episode\.wav$/audio: episode.mp3/' "$d/episode.md"
	# the double-ender's tracks are mixed only by the build: the stand-in
	# takes their place
	awk '/^tracks:$/ { print "audio: episode.mp3"; skip = 1; next }
	     skip && /^  - / { next } { skip = 0; print }' "$d/episode.md" \
		>"$d/episode.md.new" && mv "$d/episode.md.new" "$d/episode.md"
done
ffmpeg -v error -f lavfi -i color=c=teal:s=1400x1400 -frames:v 1 \
	"$T/sample/cover.jpg"
# Stand-in recordings published as they are: `podkit feed` writes the feed
# without the build's encoding.
sed -i 's/^  normalize: true$/  normalize: false/' "$T/sample/show.yaml"
if "$PODKIT" feed -C "$T/sample" -o "$T/sample.xml" >"$T/out" 2>&1; then
	check_exit "the sample show's feed lints clean" 0 \
		"$PODKIT" lint "$T/sample.xml"
	check_grep "with nothing to say" ': 0 errors, 0 warnings$' "$T/stdout"
else
	not_ok "podkit feed on the sample show failed"
	sed 's/^/#   /' "$T/out" | head
fi
