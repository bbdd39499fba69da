#!/usr/bin/env bash
# audio.sh: `podkit loudness` and `podkit normalize` against an independent
# meter (ffmpeg's ebur128 filter), on signals generated here.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

# ebur FILE: "I TP" as ffmpeg's ebur128 filter (true peak on) reads them.
ebur() {
	ffmpeg -nostdin -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
		awk '/I:/{i=$2} /Peak:/{p=$2} END{print i, p}'
}
# near DESC GOT WANT TOL
# at_most DESC GOT MAX
# normalized DESC FILE TARGET: the output reads TARGET +- 0.3 LU and its
# true peak is at or under -1 dBTP.
normalized() {
	local r
	r=$(ebur "$2")
	near "$1: loudness" "${r% *}" "$3" 0.3
	at_most "$1: true peak" "${r#* }" -1.0
}

# ---- fixtures: sine, speech, speech + transient, silence + speech, mono
sine sine.wav 10 -23
espeak-ng -s 160 -w raw.wav "Welcome back to the show. Today we talk about \
the difference between sex and intimacy, and why so many couples mix them \
up. Intimacy is about being known, and it takes time and trust." || exit 1
$FF -i raw.wav -af volume=-9dB -ar 44100 -ac 2 -c:a pcm_s16le speech.wav
sox -q -n -r 44100 -c 2 -b 16 burst.wav synth 0.03 square 800 gain -n -0.1 2>/dev/null
sox -q speech.wav burst.wav speech.wav transient.wav 2>/dev/null
sox -q -n -r 44100 -c 2 -b 16 silence.wav trim 0 20
sox -q silence.wav speech.wav late.wav
$FF -i speech.wav -ac 1 mono.wav

# ---- podkit loudness
check_exit "loudness: sine measured" 0 $PODKIT loudness --json sine.wav
i=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["integrated"])' <"$T/stdout")
near "loudness: 1 kHz stereo sine at -23 dBFS reads -23.0 LUFS" "$i" -23.0 0.1
tp=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["true_peak"])' <"$T/stdout")
near "loudness: sine true peak -23 dBTP" "$tp" -23.0 0.2
check_exit "loudness: table" 0 $PODKIT loudness sine.wav speech.wav
check_grep "loudness: table row for the sine" '^ +-23\.0 +0\.0 .* sine\.wav$' "$T/stdout"
check_grep "loudness: table has a header" 'LUFS +LRA +dBTP' "$T/stdout"
$PODKIT loudness --json mono.wav >m1.json
$PODKIT loudness --json --dual-mono mono.wav >m2.json
d=$(python3 -c 'import json; a=json.load(open("m1.json"))[0]; b=json.load(open("m2.json"))[0]; print(round(b["integrated"]-a["integrated"],2))')
near "loudness: --dual-mono counts a mono channel twice (+3 LU)" "$d" 3.01 0.05

# ---- errors: every bad file named, the good one still measured, exit 1
echo "not audio at all" >notes.txt
: >empty.wav
$FF -f lavfi -i color=c=red:s=64x64 -frames:v 1 cover.png
$FF -f lavfi -i testsrc=d=1:s=64x64:r=5 -c:v ffv1 video.mkv
$FF -i speech.wav -c:a libmp3lame -b:a 128k whole.mp3
head -c $(( $(stat -c %s whole.mp3) / 2 )) whole.mp3 >cut.mp3
check_exit "loudness: bad files fail with exit 1" 1 $PODKIT loudness \
	notes.txt empty.wav cut.mp3 cover.png video.mkv sine.wav
check_grep "loudness: the good file is still measured" 'sine\.wav$' "$T/stdout"
check_grep "loudness: non-audio file named" '^podkit: notes\.txt: not an audio file$' "$T/stderr"
check_grep "loudness: zero-length file named" '^podkit: empty\.wav: empty file' "$T/stderr"
check_grep "loudness: truncated mp3 named" '^podkit: cut\.mp3: truncated' "$T/stderr"
check_grep "loudness: PNG has no audio stream" '^podkit: cover\.png: no audio stream$' "$T/stderr"
check_grep "loudness: video-only mkv has no audio stream" '^podkit: video\.mkv: no audio stream$' "$T/stderr"
check_exit "loudness: no file is a usage error" 2 $PODKIT loudness
check_grep "loudness: usage hint" "try 'podkit help loudness'" "$T/stderr"

# ---- normalize: speech, transient, leading silence, mono; MP3 and M4A
check_exit "normalize: speech to mp3" 0 $PODKIT normalize -q speech.wav speech.mp3
normalized "normalize mp3 speech" speech.mp3 -16
check_exit "normalize: speech to m4a" 0 $PODKIT normalize -q --format m4a speech.wav speech.m4a
normalized "normalize m4a speech" speech.m4a -16
check_exit "normalize: transient to mp3 (json)" 0 $PODKIT normalize --json transient.wav transient.mp3
lim=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["limited_seconds"])' <"$T/stdout")
at_most "normalize: the limiter acted on the transient" "-$lim" -0.001
normalized "normalize mp3 transient" transient.mp3 -16
check_exit "normalize: transient to m4a" 0 $PODKIT normalize -q --format m4a transient.wav transient.m4a
normalized "normalize m4a transient" transient.m4a -16
check_exit "normalize: leading silence to mp3" 0 $PODKIT normalize -q late.wav late.mp3
normalized "normalize mp3 with 20 s of silence first" late.mp3 -16
check_exit "normalize: leading silence to m4a" 0 $PODKIT normalize -q -f m4a late.wav late.m4a
normalized "normalize m4a with 20 s of silence first" late.m4a -16
check_exit "normalize: mono to mp3" 0 $PODKIT normalize -q mono.wav mono.mp3
normalized "normalize mp3 mono (default -19)" mono.mp3 -19
check_eq "normalize: mono stays mono" \
	"$(ffprobe -v error -show_entries stream=channels -of csv=p=0 mono.mp3)" 1
check_exit "normalize: mono to m4a" 0 $PODKIT normalize -q -f m4a mono.wav mono.m4a
normalized "normalize m4a mono" mono.m4a -19
check_exit "normalize: --mono --target -18 --bitrate 64" 0 \
	$PODKIT normalize -q --mono --target -18 --bitrate 64 speech.wav down.mp3
normalized "normalize: downmix to mono at -18" down.mp3 -18
check_eq "normalize: --bitrate is CBR 64k" \
	"$(ffprobe -v error -show_entries stream=channels,bit_rate -of csv=p=0 down.mp3)" "1,64000"
check_exit "normalize: OUT's extension picks the format" 0 $PODKIT normalize -q speech.wav byext.m4a
check_eq "normalize: x.m4a without --format is AAC" \
	"$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 byext.m4a)" aac
# The format and OUT's name agree, or nothing is written: no MP3 bytes in
# a file named .wav.
check_exit "normalize: an extension podkit does not write is refused" 2 \
	$PODKIT normalize -q speech.wav out.wav
check_grep "and the message says which names work" \
	"^podkit: 'out.wav': normalize writes MP3, M4A or Opus; name the output \.mp3, \.m4a or \.opus" "$T/stderr"
check "and no out.wav was written" test ! -e out.wav
check_exit "normalize: --format against the extension is refused" 2 \
	$PODKIT normalize -q -f mp3 speech.wav clash.m4a
check_grep "and the message names both" \
	"^podkit: 'clash.m4a' names m4a but --format is mp3" "$T/stderr"
check "and no clash.m4a was written" test ! -e clash.m4a
check_exit "normalize: opus" 0 $PODKIT normalize -q -f opus speech.wav speech.opus
normalized "normalize opus speech" speech.opus -16

# ---- MP3 details: Info/Xing header, CBR 128k, exact duration
check "normalize: the mp3 has an Info/Xing header" \
	sh -c 'head -c 2048 speech.mp3 | grep -aqE "Info|Xing"'
check_eq "normalize: mp3 is 128k stereo 44.1 kHz" \
	"$(ffprobe -v error -show_entries stream=sample_rate,channels,bit_rate -of csv=p=0 speech.mp3)" \
	"44100,2,128000"
# decoded with the Info header's delay and padding taken off, the MP3 is
# as long as the source to the sample
$PODKIT loudness --json speech.wav speech.mp3 >dur.json
check_eq "normalize: mp3 decodes to the source's exact length" \
	"$(python3 -c 'import json; a,b=json.load(open("dur.json")); print(a["duration"]==b["duration"], a["duration"])')" \
	"True $(python3 -c 'import json; print(json.load(open("dur.json"))[0]["duration"])')"

# ---- tags, cover art and chapters survive (mp3 and m4a)
cat >meta.txt <<'META'
;FFMETADATA1
title=Why we confuse sex and intimacy
artist=Maya & Jonah
[CHAPTER]
TIMEBASE=1/1000
START=0
END=4000
title=Cold open
[CHAPTER]
TIMEBASE=1/1000
START=4000
END=8000
title=What we mean by intimacy
META
$FF -i speech.wav -i cover.png -f ffmetadata -i meta.txt -map 0:a -map 1:v \
	-map_metadata 2 -map_chapters 2 -c:a libmp3lame -b:a 192k -c:v copy \
	-disposition:v:0 attached_pic tagged.mp3
for f in mp3 m4a; do
	check_exit "normalize: tagged source to $f" 0 $PODKIT normalize -q -f $f tagged.mp3 tagged.$f
	check_eq "normalize $f: title tag kept" \
		"$(ffprobe -v error -show_entries format_tags=title -of csv=p=0 tagged.$f)" \
		"Why we confuse sex and intimacy"
	check_eq "normalize $f: artist tag kept" \
		"$(ffprobe -v error -show_entries format_tags=artist -of csv=p=0 tagged.$f)" \
		"Maya & Jonah"
	check_eq "normalize $f: cover art kept" \
		"$(ffprobe -v error -show_entries stream=codec_name:stream_disposition=attached_pic -of csv=p=0 tagged.$f | grep png)" \
		"png,1"
	check_eq "normalize $f: chapters kept" \
		"$(ffprobe -v error -show_chapters -of csv=p=0 tagged.$f | cut -d, -f7 | tr '\n' '|')" \
		"Cold open|What we mean by intimacy|"
done
check "normalize m4a: index (moov) before the audio (faststart)" \
	sh -c 'python3 -c "
import sys; d=open(\"tagged.m4a\",\"rb\").read(); sys.exit(0 if 0 <= d.find(b\"moov\") < d.find(b\"mdat\") else 1)"'

# ---- plot
check_exit "normalize: --plot" 0 $PODKIT normalize -q --plot plot.svg late.wav plot.mp3
check "normalize: the plot is well-formed SVG" xmllint --noout plot.svg
check_grep "normalize: the plot has the before curve" 'class="before"' plot.svg
check_grep "normalize: the plot has the after curve" 'class="after"' plot.svg
check_grep "normalize: the plot shows the target" 'target -16\.0 LUFS' plot.svg
check_grep "normalize: the plot shows the ceiling" 'ceiling -1\.0 dBTP' plot.svg

# ---- normalize errors: nothing written, existing output untouched
for bad in notes.txt empty.wav cut.mp3 cover.png video.mkv; do
	check_exit "normalize: $bad fails" 1 $PODKIT normalize -q $bad out-$bad.mp3
	check "normalize: no output for $bad" test ! -e out-$bad.mp3
done
check_grep "normalize: message names the file" '^podkit: video\.mkv: no audio stream$' "$T/stderr"
mkdir ro
cp speech.mp3 ro/keep.mp3
cp speech.mp3 keep.orig
unlock() { chattr -i "$T/ro" 2>/dev/null; chmod 755 "$T/ro" 2>/dev/null; true; }
at_exit unlock
if [ "$(id -u)" = 0 ]; then chattr +i ro; else chmod 555 ro; fi
check_exit "normalize: unwritable output folder fails" 1 $PODKIT normalize -q sine.wav ro/keep.mp3
check_grep "normalize: says it cannot create the output" '^podkit: ro/keep\.mp3: cannot create' "$T/stderr"
check "normalize: existing output left byte-identical" cmp -s ro/keep.mp3 keep.orig
check_eq "normalize: no temporary left behind" "$(ls ro)" keep.mp3
unlock
check_exit "normalize: one argument is a usage error" 2 $PODKIT normalize speech.wav
check_exit "normalize: unknown format is a usage error" 2 $PODKIT normalize -f wma speech.wav x.wma
check_exit "normalize: bad target is a usage error" 2 $PODKIT normalize --target loud speech.wav x.mp3
check_exit "normalize: --help" 0 $PODKIT normalize --help
check_grep "normalize: --help lists --true-peak" '--true-peak DBTP' "$T/stdout"

# ---- podkit build: every episode normalised and encoded, content-addressed
S=$T/show
mkdir -p "$S/001-first" "$S/002-second"
cat >"$S/show.yaml" <<'YAML'
title: Audio Check
description: A show for the audio step.
author: Maya & Jonah
language: en
link: https://example.com/
image: https://example.com/cover.jpg
categories:
  - name: Health & Fitness
explicit: true
owner: {name: Maya Ortiz, email: hello@example.com}
feed_url: https://example.com/feed.xml
media_url: https://cdn.example.com/pod/
audio: {format: mp3}
YAML
cp speech.wav "$S/001-first/take.wav"
cp mono.wav "$S/002-second/take.wav"
for n in 1 2; do
	cat >"$S/00$n-$( [ $n = 1 ] && echo first || echo second)/episode.md" <<MD
---
title: Episode $n
number: $n
date: 2025-12-0${n}T06:00:00Z
audio: take.wav
---
Notes.
MD
done
check_exit "build: encodes every episode" 0 $PODKIT build -q -C "$S" -o "$T/out"
a1=$(cd "$T/out/audio" && ls | grep -E '^001-first-[0-9a-f]{16}\.mp3$')
a2=$(cd "$T/out/audio" && ls | grep -E '^002-second-[0-9a-f]{16}\.mp3$')
check "build: content-addressed mp3 names" test -n "$a1" -a -n "$a2"
normalized "build: stereo episode" "$T/out/audio/$a1" -16
normalized "build: mono episode (-19 by default)" "$T/out/audio/$a2" -19
check_grep "build: enclosure has the encoded file's length and type" \
	"<enclosure url=\"https://cdn.example.com/pod/audio/$a1\" length=\"$(stat -c %s "$T/out/audio/$a1")\" type=\"audio/mpeg\"/>" \
	"$T/out/feed.xml"
check_grep "build: second enclosure too" \
	"audio/$a2\" length=\"$(stat -c %s "$T/out/audio/$a2")\" type=\"audio/mpeg\"" "$T/out/feed.xml"
check_grep "build: duration of the encoded file" \
	"<itunes:duration>$(python3 -c "print(round($(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/out/audio/$a1")))")</itunes:duration>" \
	"$T/out/feed.xml"
stamp=$(stat -c '%i %Y' "$T/out/audio/$a1" "$T/out/audio/$a2")
sleep 1
check_exit "build: second run" 0 $PODKIT build -q -C "$S" -o "$T/out"
check_eq "build: unchanged episodes are not encoded again" \
	"$(stat -c '%i %Y' "$T/out/audio/$a1" "$T/out/audio/$a2")" "$stamp"
sed -i 's/^audio: {format: mp3}$/audio: {format: mp3, bitrate: 96}/' "$S/show.yaml"
check_exit "build: after a settings change" 0 $PODKIT build -q -C "$S" -o "$T/out"
check_grep "build: a changed setting gives a new URL" \
	'audio/001-first-[0-9a-f]{16}\.mp3" length' "$T/out/feed.xml"
check_no_grep "build: the old URL is gone from the feed" "$a1" "$T/out/feed.xml"
echo "not audio" >"$S/002-second/take.wav"
check_exit "build: a bad recording fails that episode only" 1 $PODKIT build -q -C "$S" -o "$T/out"
check_grep "build: the bad recording is named" '002-second/take\.wav: not an audio file' "$T/stderr"
check_grep "build: the good episode is still in the feed" 'audio/001-first-' "$T/out/feed.xml"
