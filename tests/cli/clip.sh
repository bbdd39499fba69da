#!/bin/bash
# clip.sh: `podkit clip` renders a stretch of a built episode as an MP4
# that ffprobe, tesseract and ffmpeg's ebur128 judge: H.264 + AAC, the
# size asked for, the length asked for, the index (moov) at the front; the
# transcript's cues burned in, in the published time (after the intro the
# time map adds), cut at the clip's edges; the published loudness. Bad
# times name the episode and the times. Small frames keep it quick; one
# clip is 1080x1920 for three seconds.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1
# tesseract on one thread: on a busy machine its threads only wait
export OMP_THREAD_LIMIT=1

mkdir -p show/001-talk show/002-quiet
cat > show/show.yaml <<'YAML'
title: Closer Than Close
description: A show for the clip tests.
author: Maya & Jonah
language: en
link: https://example.com/
image: cover.png
categories: [{name: Health & Fitness}]
explicit: false
owner: {name: Maya Ortiz, email: hello@example.com}
hosts: [{name: Maya Ortiz}, {name: Jonah Reed}]
feed_url: https://example.com/feed.xml
audio: {target: -16, intro: intro.wav, crossfade: 1, music_under: 20}
clips: true
clip_size: 360x640
YAML
ffmpeg -loglevel error -f lavfi -i "testsrc2=s=1400x1400" -frames:v 1 \
	show/cover.png
# The intro moves the speech 3 s later (4 s of music, 1 s of crossfade);
# 20 LU under the speech, it leaves the speech on the target.
sox -q -n -r 44100 -c 1 -b 16 show/intro.wav synth 4 sine 440 gain -n -20
espeak-ng -v en-us -s 150 -w a1.wav \
	"Closeness is built in the small moments of the day, long before bed."
espeak-ng -v en-gb -s 150 -w a2.wav \
	"Trust grows when you keep showing up for each other, every day."
espeak-ng -v en-us -s 150 -w a3.wav \
	"Small gestures, said out loud, tell your partner that you see them."
espeak-ng -v en-gb -s 150 -w a4.wav \
	"And when it goes wrong, come back and talk about it, gently."
sox a1.wav a2.wav a3.wav a4.wav -r 44100 show/001-talk/talk.wav gain -n -20
l1=$(soxi -D a1.wav)
len=$(awk -v a="$l1" -v b="$(soxi -D a2.wav)" 'BEGIN{print a + b}')
cat > show/001-talk/t.vtt <<VTT
WEBVTT

00:00:00.000 --> $(awk -v t="$l1" 'BEGIN{printf "00:00:%06.3f", t - 0.2}')
<v Maya Ortiz>Closeness is built in the small moments of the day, long before bed.

$(awk -v t="$l1" 'BEGIN{printf "00:00:%06.3f", t + 0.3}') --> $(awk -v t="$len" 'BEGIN{printf "00:00:%06.3f", t - 0.1}')
<v Jonah Reed>Trust grows when you keep showing up for each other, every day.
VTT
cat > show/001-talk/episode.md <<'MD'
---
title: Why we pull away after being close
number: 1
date: 2025-12-01T06:00:00Z
summary: Closeness.
audio: talk.wav
transcript: t.vtt
soundbites:
  - {start: 1, duration: 15, title: Small moments}
---
Notes.
MD
cp show/001-talk/talk.wav show/002-quiet/quiet.wav
sed 's/^title: .*/title: No transcript here/; s/^number: 1/number: 2/;
     s/^audio: .*/audio: quiet.wav/; /^transcript:/d; /soundbite/d;
     /Small moments/d' \
	show/001-talk/episode.md > show/002-quiet/episode.md

clip() { $PODKIT clip -C show -b out "$@"; }

check_exit "a clip before any build is refused" 1 clip --from 1 --to 3 \
	--size 360x640 -o early.mp4 1
check_grep "... and says to build first" \
	"^podkit: show/001-talk: .*run 'podkit build' first" "$T/stderr"
check_exit "build" 0 $PODKIT build -C show -o out -q

# The cues' published times (the build moved them by the intro).
vtt_time() { # N start|end: the Nth cue's time in seconds
	awk -v n="$1" -v w="$2" -F' --> ' '/-->/{k++; if (k == n) {
		split(w == "start" ? $1 : $2, p, ":");
		print p[1] * 3600 + p[2] * 60 + p[3] }}' out/transcripts/001-talk.vtt
}
s1=$(vtt_time 1 start); e1=$(vtt_time 1 end)
s2=$(vtt_time 2 start); e2=$(vtt_time 2 end)
near "the published transcript starts 3 s later (the intro)" "$s1" 3 0.05
dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 out/audio/001-talk-*.mp3)

# A 360x640 clip from inside cue 1 to inside cue 2.
from=$(awk -v s="$s1" -v e="$e1" 'BEGIN{printf "%.3f", s + 1.5}')
to=$(awk -v s="$s2" 'BEGIN{printf "%.3f", s + 2.0}')
want=$(awk -v a="$from" -v b="$to" 'BEGIN{printf "%.3f", b - a}')
check_exit "clip --from --to at 360x640" 0 clip --from "$from" --to "$to" \
	--size 360x640 --poster small.jpg -o small.mp4 1
check_grep "it reports two captions" "^small.mp4: 360x640, .* 2 captions$" \
	"$T/stdout"
probe() { ffprobe -v error -show_entries "$2" -of csv=p=0 "$1"; }
check_eq "one H.264 and one AAC stream" \
	"$(probe small.mp4 stream=codec_type,codec_name | sort | tr '\n' ' ')" \
	"aac,audio h264,video "
check_eq "the size asked for" "$(probe small.mp4 stream=width,height | grep x -v | head -1)" "360,640"
near "its length is the clip's" "$(probe small.mp4 format=duration)" "$want" 0.1
near "the video stream too" "$(probe small.mp4 stream=duration | head -1)" "$want" 0.1
# The top-level boxes in order: moov must come before mdat.
atoms() {
	python3 - "$1" <<'PY'
import struct, sys
f = open(sys.argv[1], "rb")
out = []
while True:
    h = f.read(8)
    if len(h) < 8:
        break
    size, kind = struct.unpack(">I4s", h)
    if size == 1:
        size = struct.unpack(">Q", f.read(8))[0] - 8
    out.append(kind.decode("latin-1"))
    f.seek(size - 8, 1)
print(" ".join(k for k in out if k in ("moov", "mdat")))
PY
}
check_eq "moov before mdat (faststart)" "$(atoms small.mp4)" "moov mdat"
check_eq "the poster is a 360x640 JPEG" \
	"$(probe small.jpg stream=codec_name,width,height)" "mjpeg,360,640"
check_eq "no temporary left beside the clip" "$(ls | grep -c '\.tmp\.')" 0

# Captions, read back by tesseract from a frame: the bottom third, grey,
# light text turned dark, three times the size for small frames.
ocr() { # FILE SECONDS SCALE
	ffmpeg -loglevel error -y -ss "$2" -i "$1" -frames:v 1 -vf \
		"crop=iw:ih*0.32:0:ih*0.68,scale=iw*$3:ih*$3:flags=bicubic,format=gray,negate" \
		"$T/ocr.png" && tesseract "$T/ocr.png" - 2>/dev/null | tr '\n' ' '
}
# how many of the words of $2 are in $1 (case and punctuation aside)
words_found() {
	python3 - "$1" "$2" <<'PY'
import re, sys
seen = set(re.findall(r"[a-z]+", sys.argv[1].lower()))
want = re.findall(r"[a-z]+", sys.argv[2].lower())
print(sum(1 for w in want if w in seen), len(want))
PY
}
cue1="Maya Ortiz Closeness is built in the small moments of the day long before bed"
cue2="Jonah Reed Trust grows when you keep showing up for each other every day"
most() { # DESC TEXT WORDS: at least 3/4 of WORDS in TEXT
	local r; r=$(words_found "$2" "$3")
	if [ "${r% *}" -ge $(( ${r#* } * 3 / 4 )) ]; then ok "$1 ($r words)"
	else not_ok "$1"; echo "#   found $r of '$3' in '$2'"; fi
}
none() { # DESC TEXT WORDS: no more than 2 of WORDS in TEXT
	local r; r=$(words_found "$2" "$3")
	if [ "${r% *}" -le 2 ]; then ok "$1 ($r words)"
	else not_ok "$1"; echo "#   found $r of '$3' in '$2'"; fi
}
# Cue 1 began 1.5 s before the clip: it is cut, shown from frame 0 and
# gone at its own end, not moved later to keep its length.
t=$(awk -v s="$e1" -v f="$from" 'BEGIN{printf "%.2f", (s - f) / 2}')
txt=$(ocr small.mp4 "$t" 3)
most "the middle of cue 1 (cut at the clip's start) shows its words" "$txt" "$cue1"
none "... and none of cue 2's" "$txt" "$cue2"
t=$(awk -v e="$e1" -v s="$s2" -v f="$from" 'BEGIN{printf "%.2f", (e + s) / 2 - f}')
txt=$(ocr small.mp4 "$t" 3)
none "between the cues: no cue 1 (not shifted)" "$txt" "$cue1"
none "between the cues: no cue 2" "$txt" "$cue2"
t=$(awk -v w="$want" 'BEGIN{printf "%.2f", w - 0.3}')
txt=$(ocr small.mp4 "$t" 3)
most "cue 2, cut at the clip's end, shows until it" "$txt" "$cue2"

# The published time, not the recording's: 1 s after the clip's start
# the recording's own cue times would show cue 2.
check_exit "a clip where the time map matters" 0 clip \
	--from "$(awk -v s="$e1" 'BEGIN{print s - 1.5}')" \
	--to "$(awk -v s="$e1" 'BEGIN{print s + 0.5}')" --size 360x640 \
	-o moved.mp4 001
txt=$(ocr moved.mp4 0.5 3)
most "the cue of the published time shows" "$txt" "$cue1"
none "... not the cue of the recording's time" "$txt" "$cue2"

# The audio is the published episode's: on its target (the show's -16 is
# for stereo; this espeak-ng speech is mono, published 3 LU under it).
lufs=$(segs_lufs small.mp4 0:"$want")
near "the clip's audio is on the episode's -19 LUFS mono target (ffmpeg ebur128)" "$lufs" -19 1.0
check_eq "the published episode is mono" \
	"$(ffprobe -v error -select_streams a:0 -show_entries stream=channels -of csv=p=0 out/audio/001-*.mp3)" 1

# One clip at full size, three seconds from the middle of cue 2.
f=$(awk -v s="$s2" 'BEGIN{printf "%.3f", s + 0.3}')
t3=$(awk -v s="$f" 'BEGIN{printf "%.3f", s + 3}')
check_exit "clip at 1080x1920 (the default size)" 0 clip -f "$f" -t "$t3" \
	-o big.mp4 1
check_eq "1080x1920" "$(probe big.mp4 stream=width,height | head -1)" "1080,1920"
near "three seconds" "$(probe big.mp4 format=duration)" 3 0.1
check_eq "moov before mdat at full size" "$(atoms big.mp4)" "moov mdat"
most "its caption reads as cue 2" "$(ocr big.mp4 1.5 1)" "$cue2"

# No transcript: no captions, and it says so.
check_exit "an episode without a transcript" 0 clip --from 3 --to 5 \
	--size 360x640 -o quiet.mp4 2
check_grep "... says it has no captions" \
	"^podkit: warning: show/002-quiet: no transcript, so the clip has no captions" \
	"$T/stderr"
check_grep "... and reports none" "^quiet.mp4: .* 0 captions$" "$T/stdout"

# Bad times: an error naming the episode and the times, nothing written.
end=$(awk -v d="$dur" 'BEGIN{printf "%.3f", d + 2}')
check_exit "a clip past the episode's end" 1 clip --from 3 --to "$end" \
	--size 360x640 -o bad.mp4 1
check_grep "... names the episode, the times and the end" \
	"^podkit: show/001-talk: the clip from 0:03.000 to 0:[0-9.]+ ends past the episode's end \(0:[0-9.]+\)$" \
	"$T/stderr"
check_exit "a clip of no length" 1 clip --from 4 --to 4 --size 360x640 \
	-o bad.mp4 1
check_grep "... says so" \
	"^podkit: show/001-talk: the clip from 0:04.000 to 0:04.000 has no length$" \
	"$T/stderr"
check_exit "a clip that ends before it starts" 1 clip --from 5 --to 4 \
	--size 360x640 -o bad.mp4 1
check "no file written for them" test ! -e bad.mp4
check_exit "an unknown size is bad usage" 2 clip --from 1 --to 2 \
	--size 100x33 -o bad.mp4 1
check_grep "... naming the sizes" "not a clip size \(1080x1920" "$T/stderr"
check_exit "--from without --to is bad usage" 2 clip --from 1 -o bad.mp4 1
check_exit "an unknown episode" 1 clip --from 1 --to 2 -o bad.mp4 9
check_grep "... is named" "^podkit: show: no episode '9'" "$T/stderr"
check_eq "no temporary left after the failures" "$(ls | grep -c '\.tmp\.')" 0

# clips: true: the build renders every soundbite, from the published time.
check "the build made the soundbite's clip and poster" \
	test -s out/video/001-talk-1.mp4 -a -s out/video/001-talk-1.jpg
check_eq "... at clip_size" "$(probe out/video/001-talk-1.mp4 stream=width,height | head -1)" "360,640"
near "... 15 s long" "$(probe out/video/001-talk-1.mp4 format=duration)" 15 0.1
check_eq "... with its index first" "$(atoms out/video/001-talk-1.mp4)" "moov mdat"
# The soundbite starts 1 s into the recording: 4 s into the published
# audio, so its first second shows cue 1 (which starts at 3 s).
most "... captioned from the published time" \
	"$(ocr out/video/001-talk-1.mp4 1 3)" "$cue1"
check_grep "the episode page offers the clip" \
	'<a href="../video/001-talk-1.mp4" download><img src="../video/001-talk-1.jpg" alt="Poster of the clip: Small moments"' \
	out/episodes/001-talk.html
check_no_grep "... and the page without soundbites none" 'class="clips"' \
	out/episodes/002-quiet.html
check "... and stays valid HTML (tidy, with -access 1)" \
	tidy -q -e -access 1 out/episodes/001-talk.html
sleep 1.1
touch marker
check_exit "a rebuild with nothing changed" 0 $PODKIT build -C show -o out
check_grep "... writes nothing" "files written 0;" "$T/stdout"
check_eq "... leaves the clip alone" "$(find out/video -type f -newer marker | wc -l)" 0
sed -i 's/^title: Why we pull away.*/title: Why we drift apart/' \
	show/001-talk/episode.md
check_exit "a new episode title" 0 $PODKIT build -C show -o out -q
check_eq "... renders the clip again" "$(find out/video -type f -newer marker | wc -l)" 2

check_exit "podkit clip --soundbite 1" 0 clip --soundbite 1 --size 360x640 \
	-o sb.mp4 1
near "... is the soundbite's 15 s" "$(probe sb.mp4 format=duration)" 15 0.1
most "... from its published time" "$(ocr sb.mp4 1 3)" "$cue1"
check_exit "an unknown soundbite" 1 clip --soundbite 2 -o bad.mp4 1
check_grep "... names the episode and the soundbite" \
	"^podkit: show/001-talk: no soundbite 2 \(it has 1\)$" "$T/stderr"
check_exit "--soundbite with --from is bad usage" 2 clip --soundbite 1 \
	--from 2 -o bad.mp4 1
