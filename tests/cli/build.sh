#!/bin/bash
# build.sh: `podkit build` keeps feed/.podkit-state: a no-op
# rebuild reads no audio and writes nothing; one change redoes only what
# depends on it; a failing episode does not stop the others; --dry-run
# says what would be done and why; episodes run in parallel.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1

mkdir show
cat > show/show.yaml <<'YAML'
title: Build Show
description: A show for the build tests.
author: Maya & Jonah
language: en
link: https://example.com/
image: cover.jpg
categories: [{name: Technology}]
explicit: false
owner: {name: Maya Ortiz, email: hello@example.com}
hosts: [{name: Maya Ortiz}, {name: Jonah Reed}]
feed_url: https://example.com/feed.xml
media_url: https://cdn.example.com/
audio: {target: -16}
YAML
ffmpeg -loglevel error -f lavfi -i "color=c=0x3366cc:s=3000x3000" \
	-frames:v 1 show/cover.jpg
for i in 1 2 3; do
	d=show/00$i-ep$i
	mkdir -p $d
	cat > $d/episode.md <<MD
---
title: Episode $i
number: $i
date: 2025-12-0${i}T06:00:00Z
summary: Summary $i.
audio: a.mp3
transcript: t.srt
chapters:
  - {start: "0:00", title: Start}
  - {start: "0:02", title: Middle}
---
Notes $i.
MD
	sine $d/a.wav 4 -20 1
	ffmpeg -loglevel error -i $d/a.wav -c:a libmp3lame -b:a 64k $d/a.mp3
	rm $d/a.wav
	printf '1\n00:00:00,000 --> 00:00:02,000\nMaya Ortiz: Hello.\n\n2\n00:00:02,000 --> 00:00:03,500\nJonah Reed: Hi.\n' > $d/t.srt
done

build() { $PODKIT build -C show -o out "$@"; }
counters() { grep '^audio files read' "$T/stdout"; }

check_exit "first build" 0 build
check_eq "first build read and tagged every file" "$(counters)" \
	"audio files read 3, decoded 3, tagged 3; files written 19; feed written; up to date 0"
check_grep "the summary says the audio was encoded, not copied" \
	', 0 failed, 3 audio files encoded, 0 copied$' "$T/stdout"
check "state file written" test -s out/.podkit-state
check "transcripts in three formats" test -s out/transcripts/002-ep2.json
check "1400 px cover copy" test -s out/images/cover-1400.jpg
check_eq "tags written by the build" \
	"$(ffprobe -v error -show_entries format_tags=title,album -of csv=p=0 out/audio/002-ep2-*.mp3)" \
	"Episode 2,Build Show"
check_eq "chapters in the built file" \
	"$(ffprobe -v error -show_chapters -of csv=p=0 out/audio/002-ep2-*.mp3 | awk -F, '{print $NF}' | tr '\n' ' ')" \
	"Start Middle "
check_eq "enclosure length is the tagged file's" \
	"$(grep -o 'length="[0-9]*"' out/feed.xml | sed -n 2p)" \
	"length=\"$(stat -c %s out/audio/002-ep2-*.mp3)\""

# No-op: nothing read, nothing written, not even the state.
sleep 1.1
touch marker
check_exit "no-op rebuild" 0 build
check_eq "no-op read no audio and wrote nothing" "$(counters)" \
	"audio files read 0, decoded 0, tagged 0; files written 0; feed unchanged; up to date 18"
check_eq "no file in out/ changed" "$(find out -newer marker | wc -l)" 0
check_exit "dry run of a no-op" 0 build --dry-run
check_eq "dry run: nothing to do" "$(cat "$T/stdout")" "nothing to do: out is up to date"

# Notes of one episode: only the feed.
echo "More notes." >> show/002-ep2/episode.md
check_exit "dry run after a notes edit" 0 build -n
printf 'would write episodes/002-ep2.html: inputs or settings changed\nwould write feed.xml: inputs or settings changed\n' > expect
check_diff "dry run names its page and the feed" expect "$T/stdout"
check_eq "the dry run changed nothing" "$(find out -newer marker | wc -l)" 0
check_exit "rebuild after a notes edit" 0 build
check_eq "notes edit: its page and the feed only" "$(counters)" \
	"audio files read 0, decoded 0, tagged 0; files written 2; feed written; up to date 16"
check_grep "new notes in the feed" 'More notes\.' out/feed.xml

# Chapters of one episode: re-tag that file, no audio read.
sed -i 's/title: Middle/title: Middle part/' show/002-ep2/episode.md
check_exit "dry run after a chapters edit" 0 build -n
cat > expect <<'TXT'
would write chapters/002-ep2.json: inputs or settings changed
would run tags for 002-ep2: inputs or settings changed
would write episodes/002-ep2.html: inputs or settings changed
would write feed.xml: inputs or settings changed
TXT
check_diff "dry run says what and why" expect "$T/stdout"
check_exit "rebuild after a chapters edit" 0 build
check_eq "chapters edit: re-tag, no audio read" "$(counters)" \
	"audio files read 0, decoded 0, tagged 1; files written 3; feed written; up to date 14"
check_eq "new chapter title in the file" \
	"$(ffprobe -v error -show_chapters -of csv=p=0 out/audio/002-ep2-*.mp3 | awk -F, '{print $NF}' | tr '\n' ' ')" \
	"Start Middle part "
check_eq "enclosure length follows the re-tag" \
	"$(grep -o 'length="[0-9]*"' out/feed.xml | sed -n 2p)" \
	"length=\"$(stat -c %s out/audio/002-ep2-*.mp3)\""

# The loudness target: every episode's audio is remade.
sed -i 's/target: -16/target: -18/' show/show.yaml
check_exit "dry run after a target change" 0 build -n
check_eq "dry run: every episode's audio" \
	"$(grep -c '^would run media for 00[123]-ep[123]: inputs or settings changed$' "$T/stdout")" 3
check_exit "rebuild after a target change" 0 build
check_eq "target change: all audio remade" \
	"$(counters | cut -d';' -f1)" "audio files read 3, decoded 3, tagged 3"

# A failing episode: the others build, exit 1, the old outputs stay.
cp out/transcripts/003-ep3.vtt old3.vtt
printf '1\n00:00:00,000 --> 00:00:09,000\nPast the end.\n' > show/003-ep3/t.srt
echo "Notes change." >> show/001-ep1/episode.md
check_exit "a bad episode fails the build" 1 build
check_grep "its problem, with file and line" \
	'^podkit: show/003-ep3/t.srt:2: cue ends at 00:00:09.000, after the end of the audio' "$T/stderr"
# Published before, it keeps its last good item (issue 13: an error never
# takes a published episode out of the feed).
check_grep "the summary counts it, kept in the feed as last built" \
	' 3 episodes in the feed .* 1 failed, .*; 1 kept in the feed as last built' "$T/stdout"
check_grep "its last good item stays" '<title>Episode 3</title>' out/feed.xml
check "its previous transcript stays" cmp old3.vtt out/transcripts/003-ep3.vtt
check_grep "the other episodes built" 'Notes change\.' out/feed.xml
check_exit "still failing on the next build" 1 build
printf '1\n00:00:00,000 --> 00:00:02,000\nFixed.\n' > show/003-ep3/t.srt
check_exit "fixed: builds again" 0 build
check_grep "and is back in the feed" '<title>Episode 3</title>' out/feed.xml

# Parallel and serial builds make the same bytes.
check_exit "serial from scratch" 0 $PODKIT build -C show -o serial -j 1
check_exit "parallel from scratch" 0 $PODKIT build -C show -o parallel -j 2
check "same feed" cmp serial/feed.xml parallel/feed.xml
check "same audio" diff -r serial/audio parallel/audio
check "same transcripts" diff -r serial/transcripts parallel/transcripts

# A corrupt state is a warning and a full rebuild, not a failure.
echo '{broken' > out/.podkit-state
check_exit "corrupt state" 0 build
check_grep "warned" 'warning: the build state is unreadable' "$T/stderr"
# The encoded files are still there under their content-addressed names:
# hashed (read), not decoded again, and the summary says so.
check_eq "and rebuilt" "$(counters | cut -d';' -f1)" "audio files read 3, decoded 0, tagged 3"
check_grep "nothing encoded" ', 0 failed, 0 audio files encoded, 0 copied$' "$T/stdout"
check_exit "forced" 0 build --force
check_eq "forced: read, not decoded" "$(counters | cut -d';' -f1)" "audio files read 3, decoded 0, tagged 3"
check_exit "bad -j" 2 build -j 0

# A dry run encodes and writes nothing, even with everything to do.
sed -i 's/target: -18/target: -20/' show/show.yaml
sleep 1.1
touch marker2
check_exit "dry run with audio to make" 0 build -n
check_eq "dry run lists the audio" \
	"$(grep -c '^would run media for 00[123]-ep[123]: inputs or settings changed$' "$T/stdout")" 3
check_eq "and made nothing" "$(find out -newer marker2 | wc -l)" 0

# A bad show cover on a first build: nothing to fall back on, so no feed
# or pages that would name a cover that is not there, and no summary
# claiming "0 failed".
cp -r show badcover
ffmpeg -loglevel error -y -f lavfi -i "color=c=0x3366cc:s=1000x1000" \
	-frames:v 1 badcover/cover.jpg
check_exit "first build with a bad show cover" 1 $PODKIT build -C badcover -o first
check_grep "says what is wrong with the cover" \
	'^podkit: badcover/cover.jpg: the image is 1000x1000 px, smaller than the 1400 px' "$T/stderr"
check "no feed names the missing cover" test ! -e first/feed.xml
check "no index page either" test ! -e first/index.html
check_no_grep "no summary saying 0 failed" '0 failed' "$T/stdout"
# With a cover built before, that one stays and the feed is written.
check_exit "a bad cover over a good one" 1 $PODKIT build -C badcover -o out
check "the old cover stays" test -s out/images/cover.jpg
check "the feed is there" test -s out/feed.xml

# A show's audio.target is for stereo; a mono episode gets 3 LU less (as
# -16 stereo and -19 mono go together), unless audio.target_mono says.
mkdir -p mono
cp show/show.yaml show/cover.jpg mono/
sed -i 's/^audio: .*/audio: {target: -18}/' mono/show.yaml
mkdir -p mono/001-m
printf -- '---\ntitle: Mono\nnumber: 1\ndate: 2025-12-01T06:00:00Z\naudio: a.wav\n---\nNotes.\n' >mono/001-m/episode.md
sine mono/001-m/a.wav 4 -30 1
check_exit "a mono episode with a show target" 0 $PODKIT build -q -C mono -o monoout
near "mono: 3 LU under the show's target (ffmpeg ebur128)" \
	"$(segs_lufs monoout/audio/001-m-*.mp3 0:4)" -21 0.5
check_eq "and mono it is" \
	"$(ffprobe -v error -show_entries stream=channels -of csv=p=0 monoout/audio/001-m-*.mp3)" 1
sed -i 's/^audio: .*/audio: {target: -18, target_mono: -17}/' mono/show.yaml
rm -rf monoout
check_exit "with target_mono" 0 $PODKIT build -q -C mono -o monoout
near "mono: target_mono when given" \
	"$(segs_lufs monoout/audio/001-m-*.mp3 0:4)" -17 0.5
