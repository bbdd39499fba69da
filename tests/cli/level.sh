#!/usr/bin/env bash
# level.sh: speaker levelling in `podkit normalize` and `podkit loudness
# --speakers`, judged by ffmpeg's ebur128 filter over the transcript's cue
# times, on two espeak-ng voices recorded 10 dB apart over a -60 dBFS
# noise floor.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

# ebur FILE: "I TP" as ffmpeg's ebur128 filter (true peak on) reads them.
ebur() {
	ffmpeg -nostdin -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
		awk '/I:/{i=$2} /Peak:/{p=$2} END{print i, p}'
}
# near DESC GOT WANT TOL / at_most DESC GOT MAX
# spread_of AUDIO VTT: the spread speaker_spread reports
spread_of() { speaker_spread "$1" "$2" | awk '/^spread/{print $2}'; }

# ---- two voices, 10 dB apart, turns with 0.6 s pauses, noise at -60 dBFS
lines=(
"A|Welcome back to the show. Today we talk about the difference between closeness and passion."
"B|I think most people mix them up, and that is where the trouble starts."
"A|Right. Closeness is about being known. It takes time, and it takes trust."
"B|And passion can be part of that, but it can also happen without any of it."
"A|So what do you tell someone who feels distant after a good night together?"
"B|Name it out loud. Say that you notice the pattern, and that it is not about them."
"A|Small rituals help too. A walk after dinner, a real question at the end of the day."
"B|That is a good place to stop. Write to us, and we will read your letters next week."
)
GAP=0.6
pos=0 i=0
: >list.txt
printf 'WEBVTT\n\n' >two.vtt
sox -q -n -r 44100 -c 2 -b 16 gap.wav trim 0 $GAP
for l in "${lines[@]}"; do
	who=${l%%|*} text=${l#*|}
	if [ "$who" = A ]; then v=en-us+m3 g=-6 name="Maya Ortiz"
	else v=en+f4 g=-16 name="Jonah Kessler"; fi
	espeak-ng -v $v -s 165 -w r$i.wav "$text" || exit 1
	$FF -i r$i.wav -af "volume=${g}dB" -ar 44100 -ac 2 -c:a pcm_s16le t$i.wav
	d=$(soxi -D t$i.wav)
	awk -v s="$pos" -v d="$d" -v n="$name" -v t="$text" '
		function ts(x) { ms = int(x * 1000 + 0.5)
			return sprintf("%02d:%02d:%02d.%03d", ms / 3600000,
				(ms / 60000) % 60, (ms / 1000) % 60, ms % 1000) }
		BEGIN { printf "%s --> %s\n<v %s>%s\n\n", ts(s), ts(s + d), n, t }' >>two.vtt
	pos=$(awk -v p="$pos" -v d="$d" -v g=$GAP 'BEGIN{print p + d + g}')
	printf "file 't%d.wav'\nfile 'gap.wav'\n" $i >>list.txt
	i=$((i + 1))
done
$FF -f concat -safe 0 -i list.txt -c copy speech.wav
dur=$(soxi -D speech.wav)
# ffmpeg's white noise at amplitude a has an RMS of 0.41 a: -60 dBFS
$FF -f lavfi -i "anoisesrc=d=$dur:c=white:a=0.00245:r=44100:s=7" -ac 2 noise.wav
$FF -i speech.wav -i noise.wav -filter_complex amix=inputs=2:normalize=0 \
	-c:a pcm_s16le two.wav
# the same transcript as SRT ("Name: text")
python3 - <<'PY'
import re
t = open("two.vtt").read()
out = []
for n, m in enumerate(re.finditer(r"([\d:.]+) --> ([\d:.]+)\n<v ([^>]+)>(.*)", t), 1):
    out.append("%d\n%s --> %s\n%s: %s\n" % (n, m.group(1).replace(".", ","),
               m.group(2).replace(".", ","), m.group(3), m.group(4)))
open("two.srt", "w").write("\n".join(out))
PY
# all speech (the cues) and all pauses (between cues, 0.1 s in from each)
read -r SPEECH PAUSES < <(python3 - <<'PY'
import re
def sec(t):
    h, m, s = t.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
c = [(sec(a), sec(b)) for a, b in re.findall(r"([\d:.]+) --> ([\d:.]+)", open("two.vtt").read())]
sp = ",".join("%.3f:%.3f" % x for x in c)
pa = ",".join("%.3f:%.3f" % (c[i][1] + 0.1, c[i + 1][0] - 0.1) for i in range(len(c) - 1))
print(sp, pa)
PY
)
# gap DESC AUDIO: speech loudness minus pause loudness
gap_db() {
	local s p
	s=$(segs_lufs "$1" ${SPEECH//,/ })
	p=$(segs_lufs "$1" ${PAUSES//,/ })
	awk -v s="$s" -v p="$p" 'BEGIN{if (s != "" && p != "") print s - p}'
}

src_spread=$(spread_of two.wav two.vtt)
check "source: the voices are far apart ($src_spread LU)" \
	awk -v s="$src_spread" 'BEGIN{exit !(s >= 7)}'
src_gap=$(gap_db two.wav)

# ---- without a transcript
check_exit "normalize: two voices, levelled" 0 $PODKIT normalize --json two.wav adapt.mp3
check_grep "normalize --json: levelled" '"levelled": true' "$T/stdout"
check_grep "normalize --json: the plan predicts the levelled loudness: one encode" \
	'"encodes": 1,' "$T/stdout"
at_most "no transcript: speakers at most 1.5 LU apart" "$(spread_of adapt.mp3 two.vtt)" 1.5
r=$(ebur adapt.mp3)
near "no transcript: integrated on target" "${r% *}" -16 0.3
at_most "no transcript: true peak" "${r#* }" -1.0
g=$(gap_db adapt.mp3)
near "no transcript: pauses as far under the speech as in the source ($src_gap dB)" \
	"$g" "$src_gap" 3
lra=$(segs_ebur adapt.mp3 ${SPEECH//,/ })
at_most "no transcript: levelled speech LRA" "${lra#* }" 6

# ---- with the transcript (WebVTT, and the same as SRT)
check_exit "normalize --speakers two.vtt" 0 $PODKIT normalize --speakers two.vtt two.wav spk.mp3
check_grep "normalize --speakers: reports the spread" \
	'^speakers: spread [0-9.]+ LU before, [0-9.]+ LU after$' "$T/stdout"
at_most "transcript: speakers at most 1 LU apart" "$(spread_of spk.mp3 two.vtt)" 1.0
r=$(ebur spk.mp3)
near "transcript: integrated on target" "${r% *}" -16 0.3
at_most "transcript: true peak" "${r#* }" -1.0
g=$(gap_db spk.mp3)
near "transcript: pauses as far under the speech as in the source ($src_gap dB)" \
	"$g" "$src_gap" 3
lra=$(segs_ebur spk.mp3 ${SPEECH//,/ })
at_most "transcript: levelled speech LRA" "${lra#* }" 6
check_exit "normalize --speakers two.srt (m4a)" 0 $PODKIT normalize -q --speakers two.srt two.wav spk.m4a
at_most "SRT transcript, m4a: speakers at most 1 LU apart" "$(spread_of spk.m4a two.vtt)" 1.0
normalized_m4a=$(ebur spk.m4a)
near "SRT transcript, m4a: integrated on target" "${normalized_m4a% *}" -16 0.3
at_most "SRT transcript, m4a: true peak" "${normalized_m4a#* }" -1.0

# ---- --plot marks the turns
check_exit "normalize --speakers --plot" 0 $PODKIT normalize -q --speakers two.vtt --plot turns.svg two.wav plot.mp3
check "the plot is well-formed SVG" xmllint --noout turns.svg
check_eq "the plot marks every turn" "$(grep -c 'class="turn"' turns.svg)" 8
check_grep "the plot names the speakers" '>Jonah Kessler</text>' turns.svg
check_grep "the plot has the levelled curve" 'class="after"' turns.svg
check_eq "nothing moved: no second strip" "$(grep -c 'class="turn-published"' turns.svg)" 0
# with an intro the published turns come later: a second strip marks them
sox -q -n -r 44100 -c 1 -b 16 intro.wav synth 5 sine 440 fade q 0.2 5 0.5
check_exit "normalize --speakers --plot --intro" 0 $PODKIT normalize -q --speakers two.vtt \
	--intro intro.wav --plot moved.svg two.wav moved.mp3
check_eq "the plot marks every published turn" "$(grep -c 'class="turn-published"' moved.svg)" 8
x_src=$(grep -o 'class="turn" x="[0-9.]*"' moved.svg | head -1 | grep -o '[0-9.]*"$' | tr -d '"')
x_pub=$(grep -o 'class="turn-published" x="[0-9.]*"' moved.svg | head -1 | grep -o '[0-9.]*"$' | tr -d '"')
at_least "the published turn is drawn later than the recorded one (px)" \
	"$(awk -v a="$x_src" -v b="$x_pub" 'BEGIN{print b - a}')" 10

# ---- --no-level: one linear gain, the voices as far apart as before
# (the high-pass filter is off here: at 80 Hz it takes 0.7 LU more from
# the low voice than from the other, a change of tone, not of level)
check_exit "normalize --no-level" 0 $PODKIT normalize --json --no-level --highpass 0 two.wav flat.mp3
check_grep "normalize --no-level: not levelled" '"levelled": false' "$T/stdout"
# (the limiter takes about 1 LU off the louder, peakier voice)
flat=$(spread_of flat.mp3 two.vtt)
check "--no-level keeps the voices' difference ($flat LU of $src_spread)" \
	awk -v f="$flat" -v s="$src_spread" 'BEGIN{exit !(f != "" && f >= s - 1.5)}'
r=$(ebur flat.mp3)
near "--no-level: integrated on target" "${r% *}" -16 0.3

# ---- podkit loudness --speakers
check_exit "loudness --speakers" 0 $PODKIT loudness --speakers two.vtt two.wav
check_grep "loudness --speakers: a row per speaker" '^ *-[0-9.]+ +[0-9.]+ +4 +Maya Ortiz$' "$T/stdout"
check_grep "loudness --speakers: Jonah too" 'Jonah Kessler$' "$T/stdout"
check_grep "loudness --speakers: the spread" '^spread: [0-9.]+ LU' "$T/stdout"
check_exit "loudness --speakers --json" 0 $PODKIT loudness --json --speakers two.vtt two.wav spk.mp3
python3 - "$T/stdout" "$src_spread" "$(speaker_spread two.wav two.vtt | awk '/^Maya/{print $2}')" >py.out <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
src, want_spread, maya = d[0], float(sys.argv[2]), float(sys.argv[3])
def check(desc, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond:
        print("#   %s" % (detail,))
names = [s["name"] for s in src["speakers"]]
check("loudness --json: speakers in order of first cue", names == ["Maya Ortiz", "Jonah Kessler"], names)
check("loudness --json: spread as ffmpeg reads it (+- 0.3)", abs(src["spread"] - want_spread) <= 0.3, (src["spread"], want_spread))
m = src["speakers"][0]
check("loudness --json: Maya's loudness as ffmpeg reads it (+- 0.3)", abs(m["integrated"] - maya) <= 0.3, (m["integrated"], maya))
check("loudness --json: speaking time is the sum of the cues", 15 < m["seconds"] < 30, m["seconds"])
check("loudness --json: the levelled file is within 1 LU", d[1]["spread"] <= 1.0, d[1]["spread"])
PY
cat py.out
check_exit "loudness --speakers: a transcript without speakers fails" 1 \
	$PODKIT loudness --speakers <(printf 'WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n') two.wav
check_grep "loudness --speakers: says no cue names a speaker" 'no cue names a speaker' "$T/stderr"

# ---- no speech: music and silence are left as they are, with a warning
sox -q -n -r 44100 -c 2 -b 16 music.wav synth 3 sine 220 sine 277 : \
	synth 3 sine 247 sine 311 : synth 3 sine 262 sine 330 : synth 3 sine 196 sine 247 \
	gain -n -20 2>/dev/null || sox -q -n -r 44100 -c 2 -b 16 music.wav \
	synth 12 sine 220 sine 277 gain -n -20
check_exit "normalize: music" 0 $PODKIT normalize --json music.wav music.mp3
check_grep "music: not levelled" '"levelled": false' "$T/stdout"
check_grep "music: a warning" '^podkit: warning: music\.wav: no speech found: left unlevelled$' "$T/stderr"
r=$(ebur music.mp3)
near "music: still on target" "${r% *}" -16 0.3
sox -q -n -r 44100 -c 2 -b 16 silence.wav trim 0 10
check_exit "normalize: silence" 0 $PODKIT normalize -q silence.wav silence.mp3
check_grep "silence: a warning" '^podkit: warning: silence\.wav: no speech found: left unlevelled$' "$T/stderr"

# ---- usage
check_exit "normalize --help" 0 $PODKIT normalize --help
check_grep "normalize --help lists --no-level" '--no-level' "$T/stdout"
check_grep "normalize --help lists --speakers" '--speakers FILE' "$T/stdout"
check_exit "normalize --speakers: a missing transcript fails" 1 $PODKIT normalize --speakers nope.vtt two.wav x.mp3
check "normalize --speakers: nothing written for it" test ! -e x.mp3

# ---- podkit build levels by the episode's transcript; audio.level: false
S=$T/show
mkdir -p "$S/001-first"
cat >"$S/show.yaml" <<'YAML'
title: Level Check
description: A show for the levelling step.
author: Maya & Jonah
language: en
link: https://example.com/
image: https://example.com/cover.jpg
categories:
  - name: Health & Fitness
explicit: true
owner: {name: Maya Ortiz, email: hello@example.com}
hosts:
  - name: Maya Ortiz
  - name: Jonah Kessler
feed_url: https://example.com/feed.xml
media_url: https://cdn.example.com/pod/
audio: {format: mp3}
YAML
cp two.wav "$S/001-first/take.wav"
cp two.vtt "$S/001-first/transcript.vtt"
cat >"$S/001-first/episode.md" <<'MD'
---
title: Episode 1
number: 1
date: 2025-12-01T06:00:00Z
audio: take.wav
transcript: transcript.vtt
---
Notes.
MD
check_exit "build: levels by the transcript" 0 $PODKIT build -C "$S" -o "$T/out"
check_grep "build: the summary gives the speakers' spread before and after" \
	'^speakers 001-first: [0-9.]+ LU apart in the recording, [0-9.]+ LU published$' "$T/stdout"
a=$(ls "$T/out/audio/"001-first-*.mp3)
at_most "build: the speakers at most 1 LU apart" "$(spread_of "$a" two.vtt)" 1.0
r=$(ebur "$a")
near "build: integrated on target" "${r% *}" -16 0.3
at_most "build: true peak" "${r#* }" -1.0
check_exit "build: again" 0 $PODKIT build -C "$S" -o "$T/out"
check_grep "build: nothing encoded again" 'decoded 0,' "$T/stdout"
check_no_grep "build: no spread for what was not encoded" '^speakers ' "$T/stdout"
# (the high-pass filter off, as for --no-level above)
sed -i 's/^audio: {format: mp3}$/audio: {format: mp3, level: false, highpass: false}/' "$S/show.yaml"
check_exit "build: audio.level: false" 0 $PODKIT build -C "$S" -o "$T/out"
check_grep "build: level: false encodes again" 'decoded 1,' "$T/stdout"
a=$(ls -t "$T/out/audio/"001-first-*.mp3 | head -1)
flat=$(spread_of "$a" two.vtt)
check "build: level: false keeps the voices apart ($flat LU)" \
	awk -v f="$flat" -v s="$src_spread" 'BEGIN{exit !(f != "" && f >= s - 1.5)}'
