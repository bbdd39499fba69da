#!/usr/bin/env bash
# alt_enclosures.sh: show.yaml `audio.formats: [mp3, opus]`: one build
# makes both from one analysis; the main <enclosure> stays MP3 and the Opus
# file is a podcast:alternateEnclosure. Judged from outside: each file the
# feed names exists with the stated length and a SHA-384 (SRI) computed by
# Python, decodes, and is on target by ffmpeg's ebur128; podcast-partytime
# reads the alternate back; the page offers both. Adding m4a later encodes
# only the m4a file. Broken `formats` get FILE:LINE.
. "$(dirname "$0")/../lib.sh"

S=$T/show
mkdir -p "$S/001-one"
cat >"$S/show.yaml" <<'YAML'
title: Two Formats
description: A show in MP3 and Opus.
author: Maya Ortiz
language: en
link: https://formats.example/
image: https://formats.example/cover.jpg
categories: [{name: Health & Fitness, subcategories: [Sexuality]}]
explicit: false
owner: {name: Maya Ortiz, email: maya@formats.example}
feed_url: https://formats.example/feed.xml
audio:
  formats: [mp3, opus]
YAML
cat >"$S/001-one/episode.md" <<'MD'
---
title: One
date: 2025-12-01T06:00:00Z
guid: ep-one
audio: talk.wav
soundbites: [{start: 1, duration: 15, title: The start}]
---
Notes.
MD
# 25 s: speech, then the sine's quiet tail (mono: the target is -19 LUFS)
espeak-ng -s 150 -w "$T/speech.wav" "Two formats from one pass. The same \
levelling and the same plan for the loudness, then one encode for each \
format, each one checked again on its own." 2>/dev/null
sine "$T/tone.wav" 25 -30 1 22050
ffmpeg -loglevel error -y -i "$T/speech.wav" -i "$T/tone.wav" -filter_complex \
	"[0:a]aresample=22050,apad[a];[a][1:a]amix=inputs=2:duration=shortest" \
	-ac 1 "$S/001-one/talk.wav"

check_exit "build with two formats" 0 "$PODKIT" build -C "$S" -o "$T/out"
check_grep "one source decoded for both" "audio files read 1, decoded 1" "$T/stdout"
check_exit "the feed lints clean" 0 "$PODKIT" lint "$T/out/feed.xml"

# sri FILE: its SHA-384 in SRI form, by Python.
cat >"$T/check.py" <<'PY'
import base64, hashlib, json, os, subprocess, sys
import xml.etree.ElementTree as ET
feed, out, want_formats = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
NS = "{https://podcastindex.org/namespace/1.0}"
def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok:
        print("#   " + str(detail)[:400])
item = ET.parse(feed).getroot().find("channel").find("item")
enc = item.find("enclosure")
check("main enclosure is MP3", enc.get("type") == "audio/mpeg" and
      enc.get("url").endswith(".mp3"), enc.attrib)
alts = item.findall(NS + "alternateEnclosure")
codecs = {"opus": "opus", "m4a": "mp4a.40.2"}
check("one alternateEnclosure per other format",
      [a.get("codecs") for a in alts] == [codecs[f] for f in want_formats],
      [a.attrib for a in alts])
for a in alts:
    src = a.find(NS + "source").get("uri")
    path = os.path.join(out, src.split("https://formats.example/", 1)[1])
    c = a.get("codecs")
    check("%s: the file exists" % c, os.path.isfile(path), path)
    if not os.path.isfile(path):
        continue
    data = open(path, "rb").read()
    check("%s: length is the file's size" % c,
          int(a.get("length")) == len(data), (a.get("length"), len(data)))
    sri = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    integ = a.find(NS + "integrity")
    check("%s: integrity is the file's SHA-384" % c,
          integ is not None and integ.get("type") == "sri" and
          integ.get("value") == sri, (integ.attrib if integ is not None
                                       else None, sri))
    dur = float(subprocess.check_output(["ffprobe", "-v", "error",
        "-show_entries", "format=duration", "-of", "csv=p=0", path]))
    check("%s: bitrate is the file's average" % c,
          abs(int(a.get("bitrate")) - len(data) * 8 / dur) < 2,
          (a.get("bitrate"), len(data) * 8 / dur))
    print("FILE %s %s" % (c, path))
PY
/usr/bin/python3 "$T/check.py" "$T/out/feed.xml" "$T/out" opus >"$T/py.out"
grep -v '^FILE' "$T/py.out"
# every file on target (mono: -19 LUFS, true peak at most -1 dBTP), as
# ffmpeg decodes and measures it
ebur() {
	ffmpeg -nostdin -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
		awk '/I:/{i=$2} /Peak:/{p=$2} END{print i, p}'
}
for f in "$T"/out/audio/*.mp3 $(awk '/^FILE/{print $3}' "$T/py.out"); do
	read -r i p < <(ebur "$f")
	near "$(basename "$f"): on target" "$i" -19 0.5
	at_most "$(basename "$f"): true peak" "$p" -1
done

# podcast-partytime reads the alternate
if "$ROOT/tests/servers/setup-partytime.sh"; then
	NODE_PATH=$ROOT/tests/servers/.node/node_modules node -e '
	const {parseFeed} = require("podcast-partytime");
	const f = parseFeed(require("fs").readFileSync(process.argv[1], "utf8"));
	const a = f.items[0].alternativeEnclosures || [];
	console.log(JSON.stringify(a.map(x => [x.type, x.length, x.bitrate,
		x.codecs, x.source.map(s => s.uri), x.integrity])));
	' "$T/out/feed.xml" >"$T/pt.out" 2>&1
	opus=$(awk '/^FILE opus/{print $3}' "$T/py.out")
	check_eq "partytime reads the alternate's type, length, codecs and source" \
		"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0][:2] + [json.load(open(sys.argv[1]))[0][3]] + json.load(open(sys.argv[1]))[0][4])' "$T/pt.out")" \
		"['audio/ogg', $(stat -c %s "$opus"), 'opus', 'https://formats.example/audio/$(basename "$opus")']"
	check_grep "partytime reads the integrity" "\"type\":\"sri\",\"value\":\"sha384-" "$T/pt.out"
else
	not_ok "install podcast-partytime"
fi

P=$T/out/episodes/001-one.html
check_grep "the page offers the MP3" 'href="../audio/001-one-[0-9a-f]+\.mp3" download>' "$P"
check_grep "and the Opus file" 'href="../audio/001-one-[0-9a-f]+\.opus" type="audio/ogg" download>Opus</a>' "$P"

# Nothing changed: nothing read. Then m4a added: only it is encoded.
cp "$T/out/feed.xml" "$T/feed1.xml"
check_exit "build again" 0 "$PODKIT" build -C "$S" -o "$T/out"
check_grep "nothing read the second time" "audio files read 0, decoded 0" "$T/stdout"
check "its feed is the same, alternates and all" cmp "$T/feed1.xml" "$T/out/feed.xml"
sha256sum "$T"/out/audio/* >"$T/before"
sed -i 's/formats: \[mp3, opus\]/formats: [mp3, opus, m4a]/' "$S/show.yaml"
check_exit "build with m4a added" 0 "$PODKIT" build -C "$S" -o "$T/out"
check_eq "one new file, the m4a" \
	"$(comm -13 <(awk '{print $2}' "$T/before" | sort) <(ls "$T"/out/audio/* | sort) | sed 's/.*\.//')" m4a
check_exit "the Opus file was not encoded again (same bytes)" 0 \
	sha256sum -c --quiet <(grep '\.opus$' "$T/before")
check_exit "nor the MP3 (same name)" 0 test -f "$(awk '/\.mp3$/{print $2}' "$T/before")"
/usr/bin/python3 "$T/check.py" "$T/out/feed.xml" "$T/out" opus,m4a >"$T/py.out"
grep -v '^FILE' "$T/py.out"
m4a=$(awk '/^FILE mp4a/{print $3}' "$T/py.out")
read -r i p < <(ebur "$m4a")
near "the m4a: on target" "$i" -19 0.5
at_most "the m4a: true peak" "$p" -1

# Bad formats get FILE:LINE.
L=$(grep -n 'formats:' "$S/show.yaml" | cut -d: -f1)
for bad in "[opus, m4a]|'audio.formats' has no mp3: the main enclosure stays MP3 (Apple plays nothing else), the others are alternates" \
	"[mp3, flac]|'audio.formats' has 'flac': not mp3, m4a or opus" \
	"[mp3, opus, opus]|'audio.formats' has 'opus' twice"; do
	sed -i "s/formats: .*/formats: ${bad%%|*}/" "$S/show.yaml"
	check_exit "formats ${bad%%|*}: exit 1" 1 "$PODKIT" check "$S"
	check "formats ${bad%%|*}: message" \
		grep -qxF -- "podkit: $S/show.yaml:$L: ${bad#*|}" "$T/stderr"
done
