#!/usr/bin/env bash
# stats_serve.sh: show.yaml prefixes wrap the feed's enclosure URLs;
# podkit serve --redirect (the show's own prefix) counts and answers 302,
# followed by curl -L to a second podkit serve standing in for the CDN;
# and podkit serve and podkit stats import, counting the same traffic,
# give the same downloads.
. "$(dirname "$0")/../lib.sh"

# ---- prefixes in the feed ----
cp -r "$ROOT/tests/fixtures/feedshow" "$T/show"
printf 'prefixes:\n  - https://op3.example/e/\n  - http://stats.example.com\n' \
	>>"$T/show/show.yaml"
check "feed with prefixes" "$PODKIT" feed -C "$T/show" -o "$T/prefixed.xml"
"$PODKIT" feed -C "$ROOT/tests/fixtures/feedshow" -o "$T/plain.xml"
check "every enclosure is wrapped, the first prefix outermost" python3 - \
	"$T/plain.xml" "$T/prefixed.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
def urls(p):
    return [e.get("url") for e in ET.parse(p).iter("enclosure")]
plain, wrapped = urls(sys.argv[1]), urls(sys.argv[2])
assert plain and len(plain) == len(wrapped), (plain, wrapped)
for p, w in zip(plain, wrapped):
    bare = p.split("://", 1)[1]
    assert w == "https://op3.example/e/stats.example.com/" + bare, (p, w)
PY
check "the prefixed feed lints" "$PODKIT" lint "$T/prefixed.xml"
printf 'prefixes: [ftp://nope.example/]\n' >>"$T/show/show.yaml"
sed -i '/^prefixes:$/,/stats.example.com$/d' "$T/show/show.yaml"
check_exit "a prefix that is not an http(s) URL is refused" 1 \
	"$PODKIT" check "$T/show"
check_grep "with FILE:LINE" "show.yaml:[0-9]+: 'prefixes' has 'ftp://nope.example/'" \
	"$T/stderr"

# ---- a folder to serve, its feed wrapped in our own prefix ----
F=$T/site/feed
mkdir -p "$F/audio"
sine "$T/a.wav" 120 -20 2
NAME=001-first-0123456789abcdef.mp3
ffmpeg -loglevel error -i "$T/a.wav" -c:a libmp3lame -b:a 128k "$F/audio/$NAME"
SIZE=$(stat -c %s "$F/audio/$NAME")
CDN_PORT=$(free_port); REDIR_PORT=$(free_port)
CDN=http://127.0.0.1:$CDN_PORT
REDIR=http://127.0.0.1:$REDIR_PORT
cat >"$F/feed.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>T</title>
<item><title>First</title><guid isPermaLink="false">urn:test:first</guid>
<enclosure url="$REDIR/127.0.0.1:$CDN_PORT/audio/$NAME" length="$SIZE" type="audio/mpeg"/>
<itunes:duration>120</itunes:duration></item>
</channel></rss>
XML
export PODKIT_NOW=2026-02-02T12:00:00Z
PIDS=""
stop_all() { for p in $PIDS; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; PIDS=""; }
at_exit stop_all
"$PODKIT" serve "$F" --port "$CDN_PORT" --stats "$T/cdn.db" --log "$T/cdn.log" \
	--log-format podkit -q &
PIDS="$PIDS $!"
"$PODKIT" serve "$F" --port "$REDIR_PORT" --redirect "$CDN" --stats "$T/redir.db" -q &
PIDS="$PIDS $!"
check "the CDN stand-in listens" wait_port "$CDN_PORT" 10
check "the redirector listens" wait_port "$REDIR_PORT" 10

WRAPPED="$REDIR/127.0.0.1:$CDN_PORT/audio/$NAME"
APP='AppleCoreMedia/1.0.0.21A329 (iPhone; U; CPU OS 17_0 like Mac OS X; en_us)'
curl -sS -o /dev/null -D "$T/h1" -A "$APP" "$WRAPPED"
check_grep "the redirector answers 302" '^HTTP/1.1 302' "$T/h1"
check_grep "to the file on the CDN" "^Location: $CDN/audio/$NAME" "$T/h1"
check "curl -L follows to the file" curl -sSfL -A "$APP" -o "$T/got.mp3" "$WRAPPED"
check "and gets its bytes" cmp "$T/got.mp3" "$F/audio/$NAME"
curl -sS -I -A "$APP" "$WRAPPED" | tr -d '\r' >"$T/head"
check_grep "HEAD is redirected too" "^Location: $CDN/audio/$NAME" "$T/head"
curl -sS -o /dev/null -D "$T/h2" -A "$APP" -H 'Range: bytes=0-1' "$WRAPPED"
check_grep "a Range request is redirected too" '^HTTP/1.1 302' "$T/h2"
check_eq "curl -L with a range gets that range" \
	"$(curl -sSL -r 100-199 -A "$APP" "$WRAPPED" | wc -c)" 100
curl -sS -o /dev/null -A "$APP" "$REDIR/audio/$NAME?x=1" -D "$T/h3"
check_grep "a plain path is redirected under the base URL" \
	"^Location: $CDN/audio/$NAME\?x=1" "$T/h3"
curl -sS -o /dev/null -D "$T/h4" "$REDIR/evil.example.com/x.mp3"
check_grep "another host in the path stays under the base URL (no open redirect)" \
	"^Location: $CDN/evil.example.com/x.mp3" "$T/h4"
redir_total() { "$PODKIT" stats --db "$T/redir.db" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], [(e["episode"], e["downloads"]) for e in d["by_episode"]])'; }
check_eq "the redirector counted one download, by guid (HEAD, probes and repeats not)" \
	"$(redir_total)" "1 [('urn:test:first', 1)]"
PC='Pocket Casts'
curl -sSL -o /dev/null -A "$PC" -r 0-1 "$WRAPPED"
check_eq "a bytes=0-1 probe through the redirector does not count" \
	"$(redir_total)" "1 [('urn:test:first', 1)]"
curl -sSL -o /dev/null -A "$PC" -r 0-999999 "$WRAPPED"
check_eq "a range past a minute of audio counts" \
	"$(redir_total)" "2 [('urn:test:first', 2)]"
curl -sSL -o /dev/null -A 'Mozilla/5.0 (compatible; Googlebot/2.1)' "$WRAPPED"
check_eq "a bot does not count" "$(redir_total)" "2 [('urn:test:first', 2)]"

# ---- serve and import on the same traffic ----
# More listeners straight at the CDN: whole files, ranges below and above
# the need, probes, bots, HEAD, repeats.
for ua in 'Overcast/3.0 (+http://overcast.fm/; iOS podcast app)' \
	'AntennaPod/3.2.0' 'Spotify/8.8.70 Android/33 (SM-G991B)' \
	'gPodder/3.11.4 Linux' 'SomeNewPlayer/0.1'; do
	curl -sS -o /dev/null -A "$ua" -r 0-1 "$CDN/audio/$NAME"
	curl -sS -o /dev/null -A "$ua" -I "$CDN/audio/$NAME"
done
curl -sS -o /dev/null -A 'Overcast/3.0 (+http://overcast.fm/; iOS podcast app)' "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'AntennaPod/3.2.0' -r 0-499999 "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'AntennaPod/3.2.0' -r 500000-1099999 "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'Spotify/8.8.70 Android/33 (SM-G991B)' -r 0-400000 "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'gPodder/3.11.4 Linux' -r 1000-999999 "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'gPodder/3.11.4 Linux' -r 2000000- "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'SomeNewPlayer/0.1' "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'SomeNewPlayer/0.1' "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'curl/8.5.0' "$CDN/audio/$NAME"
curl -sS -o /dev/null -A 'SomeNewPlayer/0.1' "$CDN/feed.xml"
stop_all
"$PODKIT" stats --db "$T/cdn.db" --csv >"$T/serve.csv"
check "serve counted some downloads" test "$(wc -l <"$T/serve.csv")" -gt 3
check "import the CDN's log" "$PODKIT" stats import -q --db "$T/imported.db" \
	--feed "$F/feed.xml" "$T/cdn.log"
"$PODKIT" stats --db "$T/imported.db" --csv >"$T/import.csv"
check_diff "serve and import give the same downloads, day, episode and app" \
	"$T/serve.csv" "$T/import.csv"
"$PODKIT" stats --db "$T/cdn.db" --by platform --csv >"$T/serve.plat"
"$PODKIT" stats --db "$T/imported.db" --by platform --csv >"$T/import.plat"
check_diff "and the same platforms" "$T/serve.plat" "$T/import.plat"

check_exit "--redirect needs an http(s) URL" 2 "$PODKIT" serve --redirect ftp://x
check_exit "--log-format takes combined or podkit" 2 "$PODKIT" serve --log-format json
