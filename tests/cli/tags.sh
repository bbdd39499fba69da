#!/bin/bash
# tags.sh: `podkit tag` on generated MP3 and M4A files, read back by
# readers that are not TagLib: ffprobe (tags and chapters), eyeD3 and
# mediainfo.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1

mkdir -p show/001-first
cat > show/show.yaml <<'YAML'
title: Closer Than Close
description: A show about being close.
author: Maya & Jonah
language: en
link: https://example.com/
image: cover.jpg
categories:
  - name: Health & Fitness
    subcategories: [Sexuality]
explicit: false
owner: {name: Maya Ortiz, email: hello@example.com}
hosts:
  - {name: Maya Ortiz}
  - {name: Jonah Reed}
feed_url: https://example.com/feed.xml
media_url: https://cdn.example.com/
copyright: "© 2026 Maya & Jonah"
YAML
cat > show/001-first/episode.md <<'YAML'
---
title: Why we confuse sex and intimacy
number: 7
season: 2
date: 2026-01-05T06:00:00+01:00
guid: 6f1c0e2a-1111-4222-8333-944445555666
summary: One-paragraph summary, with ünïcode.
audio: episode.wav
chapters:
  - {start: "0:00", title: Cold open}
  - {start: "0:02", title: What we mean, url: https://example.com/ch2}
  - {start: "0:04.5", title: Goodbye}
---
Notes.
YAML
sine show/001-first/episode.wav 6 -20
ffmpeg -loglevel error -f lavfi -i "color=c=0x3366cc:s=3000x3000" \
	-frames:v 1 show/cover.jpg
ffmpeg -loglevel error -i show/001-first/episode.wav -c:a libmp3lame \
	-b:a 64k -metadata REPLAYGAIN_TRACK_GAIN="-3.0 dB" ep.mp3
eyeD3 -Q --add-comment "0000 0000:iTunNORM:eng" \
	--user-text-frame "replaygain_album_gain:-2 dB" ep.mp3 >/dev/null 2>&1
ffmpeg -loglevel error -i show/001-first/episode.wav -c:a aac -b:a 64k ep.m4a
cp ep.mp3 ep24.mp3

# MP3, ID3v2.3 by default.
check "tag mp3 from the episode" $PODKIT tag ep.mp3 --from show/001-first
ffprobe -v error -show_format -show_chapters -of json ep.mp3 > probe.json
j() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$1')); print($2)"; }
check_eq "ffprobe title" "$(j probe.json "d['format']['tags']['title']")" \
	"Why we confuse sex and intimacy"
check_eq "ffprobe artist (hosts)" \
	"$(j probe.json "d['format']['tags']['artist']")" "Maya Ortiz, Jonah Reed"
check_eq "ffprobe album (show)" "$(j probe.json "d['format']['tags']['album']")" \
	"Closer Than Close"
check_eq "ffprobe track" "$(j probe.json "d['format']['tags']['track']")" 7
check_eq "ffprobe disc (season)" "$(j probe.json "d['format']['tags']['disc']")" 2
check_eq "ffprobe date (TYER/TDAT/TIME in 2.3)" \
	"$(j probe.json "d['format']['tags']['date']")" "2026-01-05 06:00"
check_eq "ffprobe genre" "$(j probe.json "d['format']['tags']['genre']")" Podcast
check_eq "ffprobe comment (summary)" \
	"$(j probe.json "d['format']['tags']['comment']")" \
	"One-paragraph summary, with ünïcode."
check_eq "ffprobe TGID" "$(j probe.json "d['format']['tags']['TGID']")" \
	6f1c0e2a-1111-4222-8333-944445555666
check_eq "ffprobe TCAT" "$(j probe.json "d['format']['tags']['TCAT']")" \
	"Health & Fitness"
check_eq "ffprobe copyright" "$(j probe.json "d['format']['tags']['copyright']")" \
	"© 2026 Maya & Jonah"
check_eq "ffprobe chapters" \
	"$(j probe.json "' | '.join('%s-%s %s' % (c['start'], c['end'], c['tags']['title']) for c in d['chapters'])")" \
	"0-2000 Cold open | 2000-4500 What we mean | 4500-$(j probe.json "d['chapters'][-1]['end']") Goodbye"
check_eq "last chapter ends at the end" \
	"$(j probe.json "abs(float(d['chapters'][-1]['end_time']) - float(d['format']['duration'])) < 0.1")" True

eyeD3 --no-color -v ep.mp3 > eyed3.txt 2>&1
check_grep "eyeD3: ID3 v2.3" '^ID3 v2\.3:' eyed3.txt
for f in TIT2 TPE1 TALB TRCK TPOS TYER TDAT TCON PCST TCAT TDES TGID WFED \
	COMM TCOP APIC CTOC; do
	check_grep "eyeD3 sees $f" "^$f " eyed3.txt
done
check_grep "eyeD3 sees 3 CHAP frames" '^CHAP x 3' eyed3.txt
check_grep "eyeD3: front cover JPEG" 'FRONT_COVER Image: \[Size: [0-9]+ bytes\] \[Type: image/jpeg\]' eyed3.txt
check_no_grep "stale TXXX ReplayGain removed" 'TXXX' eyed3.txt
check_no_grep "stale iTunNORM comment removed" 'iTunNORM' eyed3.txt

/usr/bin/python3 - ep.mp3 > chap.txt 2>/dev/null <<'PY'
import sys
from eyed3 import id3
t = id3.Tag(); t.parse(sys.argv[1])
toc = list(t.table_of_contents)
print("toc", toc[0].toplevel, toc[0].ordered, b",".join(toc[0].child_ids).decode())
for c in t.chapters:
    urls = [f.url for f in c.sub_frames.get(b"WXXX", [])]
    print(c.element_id.decode(), c.times.start, c.times.end, c.title, ",".join(urls))
print("wfed", t.frame_set[b"WFED"][0].text if b"WFED" in t.frame_set else "")
print("tdes", t.frame_set[b"TDES"][0].text)
print("pic", t.images[0].picture_type, len(t.images[0].image_data))
PY
check_grep "eyeD3: top-level ordered CTOC" '^toc True True chp0,chp1,chp2$' chap.txt
check_grep "eyeD3: CHAP with its WXXX link" '^chp1 2000 4500 What we mean https://example.com/ch2$' chap.txt
check_grep "eyeD3: CHAP without a link" '^chp0 0 2000 Cold open $' chap.txt
check_grep "eyeD3: WFED feed URL" '^wfed https://example.com/feed.xml$' chap.txt
check_grep "eyeD3: TDES show description" '^tdes A show about being close\.$' chap.txt

mediainfo --Output=JSON ep.mp3 > mi.json
check_eq "mediainfo: title" "$(j mi.json "d['media']['track'][0]['Title']")" \
	"Why we confuse sex and intimacy"
check_eq "mediainfo: cover" "$(j mi.json "d['media']['track'][0]['Cover']")" Yes

# The embedded cover is the 1400 px copy, not the 3000 px original.
ffmpeg -loglevel error -i ep.mp3 -an -c:v copy -f image2 embedded.jpg
check_eq "embedded cover is 1400x1400" \
	"$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 embedded.jpg)" \
	"1400,1400"

# --show and --json read it all back, chapters included.
check "tag --show" $PODKIT tag ep.mp3 --show
$PODKIT tag ep.mp3 --show > show.txt
check_grep "--show chapters" '^chapter: 0:00:02.000 - 0:00:04.500 What we mean <https://example.com/ch2>$' show.txt
check_grep "--show cover" '^cover: image/jpeg, [0-9]+ bytes$' show.txt
$PODKIT tag ep.mp3 --json > tags.json
check_eq "--json guid" "$(j tags.json "d['guid']")" 6f1c0e2a-1111-4222-8333-944445555666
check_eq "--json feed_url" "$(j tags.json "d['feed_url']")" https://example.com/feed.xml
check_eq "--json chapters" "$(j tags.json "len(d['chapters'])")" 3
check_eq "--json podcast" "$(j tags.json "d['podcast']")" True

# --set changes one field and keeps the rest.
check "tag --set" $PODKIT tag ep.mp3 --set title=Renamed --set track=8
$PODKIT tag ep.mp3 --json > tags2.json
check_eq "--set title" "$(j tags2.json "d['title']")" Renamed
check_eq "--set track" "$(j tags2.json "d['track']")" 8
check_eq "--set kept the chapters" "$(j tags2.json "len(d['chapters'])")" 3
check_eq "--set kept the summary" "$(j tags2.json "d['summary']")" \
	"One-paragraph summary, with ünïcode."

# ID3v2.4 on request: TDRL.
check "tag --id3v2.4" $PODKIT tag ep24.mp3 --from show/001-first --id3v2.4
eyeD3 --no-color -v ep24.mp3 > eyed24.txt 2>&1
check_grep "eyeD3: ID3 v2.4" '^ID3 v2\.4:' eyed24.txt
check_grep "eyeD3: TDRL in 2.4" '^TDRL ' eyed24.txt
check_eq "ffprobe date in 2.4" \
	"$(ffprobe -v error -show_entries format_tags=date -of csv=p=0 ep24.mp3)" \
	"2026-01-05T06:00:00"

# M4A: tags, cover and chapters (a chapter track written by libavformat).
check "tag m4a from the episode" $PODKIT tag ep.m4a --from show/001-first
ffprobe -v error -show_format -show_chapters -show_streams -of json ep.m4a > m4a.json
check_eq "m4a title" "$(j m4a.json "d['format']['tags']['title']")" \
	"Why we confuse sex and intimacy"
check_eq "m4a artist" "$(j m4a.json "d['format']['tags']['artist']")" "Maya Ortiz, Jonah Reed"
check_eq "m4a album" "$(j m4a.json "d['format']['tags']['album']")" "Closer Than Close"
check_eq "m4a track" "$(j m4a.json "d['format']['tags']['track']")" 7
check_eq "m4a date" "$(j m4a.json "d['format']['tags']['date']")" 2026-01-05T06:00:00
check_eq "m4a description" "$(j m4a.json "d['format']['tags']['description']")" \
	"One-paragraph summary, with ünïcode."
check_eq "m4a chapters" \
	"$(j m4a.json "' | '.join('%s %s' % (c['start_time'], c['tags']['title']) for c in d['chapters'])")" \
	"0.000000 Cold open | 2.000000 What we mean | 4.500000 Goodbye"
check_eq "m4a cover (attached picture)" \
	"$(j m4a.json "[s['codec_name'] for s in d['streams'] if s['disposition']['attached_pic']]")" \
	"['mjpeg']"
mediainfo --Output=JSON ep.m4a > mi4.json
check_eq "mediainfo m4a: title" "$(j mi4.json "d['media']['track'][0]['Title']")" \
	"Why we confuse sex and intimacy"
check_eq "mediainfo m4a: chapters menu" \
	"$(j mi4.json "sum(1 for t in d['media']['track'] if t['@type'] == 'Menu')>0")" True
# Tagging again replaces the chapters rather than adding a second set.
printf '0:00 One\n0:03 Two\n' > two.txt
check "m4a --chapters" $PODKIT tag ep.m4a --chapters two.txt
check_eq "m4a chapters replaced" \
	"$(ffprobe -v error -show_chapters -of csv=p=0 ep.m4a | awk -F, '{print $NF}' | tr '\n' ' ')" \
	"One Two "
check_eq "m4a kept its title" \
	"$(ffprobe -v error -show_entries format_tags=title -of csv=p=0 ep.m4a)" \
	"Why we confuse sex and intimacy"
check_eq "m4a audio is still there" \
	"$(ffprobe -v error -select_streams a -show_entries stream=codec_name -of csv=p=0 ep.m4a)" aac

# Errors: the file is left as it was.
cp ep.mp3 before.mp3
check_exit "unknown tag key" 1 $PODKIT tag ep.mp3 --set colour=red
check_grep "unknown key named" "^podkit: unknown tag 'colour'$" "$T/stderr"
check_exit "bad track" 1 $PODKIT tag ep.mp3 --set track=x
check_grep "bad track named" "'track' is not a number" "$T/stderr"
printf '0:00 a\n0:09 beyond the end\n' > long.txt
check_exit "chapter past the end" 1 $PODKIT tag ep.mp3 --chapters long.txt
check_grep "chapter past the end named" '^podkit: long.txt:2: chapter .beyond the end. starts at 00:00:09, after the end' "$T/stderr"
check "file unchanged after errors" cmp ep.mp3 before.mp3
echo "not audio" > bad.mp3
check_exit "not audio" 1 $PODKIT tag bad.mp3 --set title=x
check_grep "not audio named" '^podkit: bad.mp3: not an MP3 or M4A file$' "$T/stderr"
check_exit "missing file" 1 $PODKIT tag nope.mp3 --show
check_grep "missing file named" '^podkit: nope.mp3: cannot read: No such file' "$T/stderr"
check_exit "no file: usage" 2 $PODKIT tag
check_eq "no temporaries left" "$(ls | grep -c podkit-)" 0
