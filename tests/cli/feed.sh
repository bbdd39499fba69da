#!/usr/bin/env bash
# feed.sh: `podkit feed` and `podkit build` on the fixture show: the golden
# feed, well-formedness, same bytes twice, scheduled episodes left out, a
# local audio file published under its content's name, one bad episode not
# stopping the others, usage errors. UPDATE_GOLDEN=1 rewrites the golden.
. "$(dirname "$0")/../lib.sh"

FIX=$ROOT/tests/fixtures/feedshow
GOLDEN=$ROOT/tests/golden/feed.xml

check_exit "feed writes the fixture's feed" 0 \
	"$PODKIT" feed -C "$FIX" -o "$T/feed.xml"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$T/feed.xml" "$GOLDEN"; fi
check_diff "feed matches tests/golden/feed.xml" "$GOLDEN" "$T/feed.xml"
check "feed is well-formed (xmllint)" xmllint --noout "$T/feed.xml"
check_exit "feed lints clean (Apple and Podcasting 2.0 rules)" 0 \
	"$PODKIT" lint "$T/feed.xml"
check_grep "lint found no warning either" "0 errors, 0 warnings" \
	"$T/stdout"
check_no_grep "scheduled episode is left out" "from the future|003-not-yet" \
	"$T/feed.xml"
check_eq "three items (trailer + two episodes)" \
	"$(grep -c '<item>' "$T/feed.xml")" 3
check_grep "websub hub link" 'rel="hub"' "$T/feed.xml"
# The plain RSS <image> (url, title, link) that many apps read, beside
# itunes:image: the same picture, the channel's title and link.
/usr/bin/python3 - "$T/feed.xml" >"$T/img.txt" 2>&1 <<'PY'
import sys
import xml.etree.ElementTree as ET
ch = ET.parse(sys.argv[1]).getroot().find("channel")
img = ch.find("image")
assert img is not None, "no <image> in the channel"
it = ch.find("{http://www.itunes.com/dtds/podcast-1.0.dtd}image").get("href")
assert img.findtext("url") == it, (img.findtext("url"), it)
assert img.findtext("title") == ch.findtext("title"), img.findtext("title")
assert img.findtext("link") == ch.findtext("link"), img.findtext("link")
print("ok")
PY
check_eq "RSS <image>: itunes:image's URL, the channel's title and link" \
	"$(cat "$T/img.txt")" ok
# An episode's summary starts its description, as feedparser reads it;
# the notes follow.
/usr/bin/python3 - "$T/feed.xml" >"$T/sum.txt" 2>&1 <<'PY'
import sys
import feedparser
d = feedparser.parse(sys.argv[1])
e = [e for e in d.entries if e.title.startswith("Pulling away")][0]
want = "Intimacy avoidance and the trust it costs."
assert e.summary.startswith(want + "\n\n"), e.summary[:200]
assert len(e.summary) > len(want) + 40, "no notes after the summary"
print("ok")
PY
check_eq "the summary starts the description" "$(cat "$T/sum.txt")" ok
check_eq "an episode's keywords are its itunes:keywords" \
	"$(xmllint --xpath 'string(//item[link="https://example.com/episodes/001-sex-and-intimacy.html"]/*[local-name()="keywords"])' "$T/feed.xml")" \
	"intimacy,trust"

# Same input, same bytes, also through `podkit build`.
check_exit "build once" 0 "$PODKIT" build -q -C "$FIX" -o "$T/out1"
check_exit "build twice" 0 "$PODKIT" build -q -C "$FIX" -o "$T/out2"
check "two builds give the same feed" cmp "$T/out1/feed.xml" "$T/out2/feed.xml"
check "build's feed is feed's feed" cmp "$T/out1/feed.xml" "$T/feed.xml"
check "two builds give the same chapters" \
	cmp "$T/out1/chapters/001-sex-and-intimacy.json" \
	"$T/out2/chapters/001-sex-and-intimacy.json"
check_eq "-q prints nothing" "$(cat "$T/stdout" "$T/stderr")" ""
/usr/bin/python3 - "$T/out1/chapters/001-sex-and-intimacy.json" \
	>"$T/ch.txt" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "1.2.0", d
print(" | ".join("%s %s %s" % (c["startTime"], c["title"], c.get("url", "-"))
		 for c in d["chapters"]))
PY
check_eq "chapters JSON (version 1.2.0, starts, titles, urls)" \
	"$(cat "$T/ch.txt")" \
	'0 Cold open - | 90 What we mean by "intimacy" https://example.com/intimacy | 1205.5 Sex <is not> closeness & why -'
# The transcript is checked and written as WebVTT, SRT and JSON.
printf 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\n<v Maya>Welcome back.\n\n' \
	>"$T/expect.vtt"
check_diff "transcript written beside the feed as WebVTT" "$T/expect.vtt" \
	"$T/out1/transcripts/002-pulling-away.vtt"
check "and as SRT" grep -q '^Maya: Welcome back\.$' \
	"$T/out1/transcripts/002-pulling-away.srt"
check "and as JSON" grep -q '"speaker": "Maya"' \
	"$T/out1/transcripts/002-pulling-away.json"

# A local recording: copied under NNN-slug-<sha256 prefix>.EXT, probed.
cp -r "$FIX" "$T/show"
# published as recorded: normalising and encoding are audio.sh's to test
echo "audio: {normalize: false}" >>"$T/show/show.yaml"
mkdir "$T/show/004-local"
sine "$T/show/004-local/take.wav" 2.5 -20 1 22050
cat >"$T/show/004-local/episode.md" <<'MD'
---
title: A local recording
number: 4
season: 1
date: 2025-12-20T06:00:00Z
audio: take.wav
---
Recorded here.
MD
check_exit "build with a local recording" 0 \
	"$PODKIT" build -C "$T/show" -o "$T/out3"
hash=$(sha256sum "$T/show/004-local/take.wav" | cut -c1-12)
check "audio copied under its content's name" \
	cmp "$T/show/004-local/take.wav" "$T/out3/audio/004-local-$hash.wav"
size=$(stat -c %s "$T/show/004-local/take.wav")
check_grep "enclosure has media_url, exact length and type" \
	"<enclosure url=\"https://cdn.example.com/audio/004-local-$hash.wav\" length=\"$size\" type=\"audio/wav\"/>" \
	"$T/out3/feed.xml"
check_grep "duration probed (2.5 s -> 3)" \
	'<itunes:duration>3</itunes:duration>' "$T/out3/feed.xml"
check_grep "summary on stdout" "4 episodes in the feed" "$T/stdout"
check_exit "feed names local audio as build does" 0 \
	"$PODKIT" feed -C "$T/show" -o "$T/feed3.xml"
check "feed and build agree on a local recording" \
	cmp "$T/out3/feed.xml" "$T/feed3.xml"
check_exit "the local recording's feed lints clean" 0 \
	"$PODKIT" lint "$T/out3/feed.xml"

# One bad episode: reported, left out, the rest built, exit 1.
mkdir "$T/show/005-broken"
: >"$T/show/005-broken/episode.mp3"
cat >"$T/show/005-broken/episode.md" <<'MD'
---
title: A broken recording
number: 5
date: 2025-12-21T06:00:00Z
audio: episode.mp3
---
Empty file.
MD
cp "$T/out3/feed.xml" "$T/before.xml"
check_exit "a bad episode fails the build" 1 \
	"$PODKIT" build -C "$T/show" -o "$T/out3"
check_grep "the error names the file" \
	"005-broken/episode.mp3: the file is empty" "$T/stderr"
check_grep "and says the episode is left out" "'005-broken' left out" \
	"$T/stderr"
check_no_grep "the bad episode is not in the feed" "A broken recording" \
	"$T/out3/feed.xml"
check "the others still are" cmp "$T/before.xml" "$T/out3/feed.xml"
check "still well-formed" xmllint --noout "$T/out3/feed.xml"

# Usage and runtime errors.
check_exit "feed --help" 0 "$PODKIT" feed --help
check_grep "--help lists -o" "-o, --output FILE" "$T/stdout"
check_exit "bad option is a usage error" 2 "$PODKIT" feed --bogus
check_grep "usage error says what to try" "try 'podkit help feed'" \
	"$T/stderr"
check_exit "extra argument is a usage error" 2 "$PODKIT" build x y
check_exit "missing show folder" 1 "$PODKIT" feed -C "$T/nope" -o "$T/x.xml"
check_exit "unwritable output" 1 \
	"$PODKIT" feed -C "$FIX" -o "$T/no/such/dir/feed.xml"
check_grep "unwritable output names the file" "no/such/dir/feed.xml" \
	"$T/stderr"

# With normalisation on, a local recording is published encoded: only the
# build knows its name and length, and `podkit feed` says so.
mkdir -p "$T/norm/001-one"
sed '/^audio:/d' "$FIX/show.yaml" > "$T/norm/show.yaml"
sox -q -n -r 44100 -c 1 "$T/norm/001-one/episode.wav" synth 1 sine 440
printf -- '---\ntitle: One\nnumber: 1\ndate: 2025-06-01T06:00:00Z\naudio: episode.wav\n---\nNotes.\n' \
	> "$T/norm/001-one/episode.md"
check_exit "feed refuses audio the build normalises" 1 \
	"$PODKIT" feed -C "$T/norm" -o "$T/norm.xml"
check_grep "and says why" "001-one/episode.md: 'episode.wav' is published normalised: 'podkit build' encodes it" "$T/stderr"
check_exit "build writes that feed" 0 "$PODKIT" build -q -C "$T/norm" -o "$T/norm-out"
check_grep "naming the encoded MP3" '<enclosure url="[^"]*/audio/001-one-[0-9a-f]+\.mp3" length="[0-9]+" type="audio/mpeg"' "$T/norm-out/feed.xml"
