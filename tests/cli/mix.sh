#!/usr/bin/env bash
# mix.sh: `podkit mix` on a double-ender made here from espeak-ng voices,
# judged by an independent meter (ffmpeg's ebur128 and band filters).
#
# Two hosts, A and B, each on their own mic. Each mic hears the other voice
# 20 dB down; B is recorded about 6 LU quieter than A; B's mic also has a faint
# 16 kHz whine of its own (no voice reaches that band), which marks what of
# the mix comes from B's mic. A clap (broadband) is heard by both mics at
# 3 s and again at the end. B's recorder starts 1.7 s after A's, runs 0.05 % fast, at
# 44.1 kHz stereo FLAC; A's is 48 kHz mono WAV. sox runs with -R (fixed
# seeds), so the noise, the clap and the dither are the same on every run:
# a result never depends on a lucky draw (B's room noise is A's reversed).
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"
R=48000

# near DESC GOT WANT TOL / at_most DESC GOT MAX / at_least DESC GOT MIN
# ebur FILE: "I TP" as ffmpeg's ebur128 filter reads them
ebur() {
	ffmpeg -nostdin -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
		awk '/I:/{i=$2} /Peak:/{p=$2} END{print i, p}'
}
# speaker FILE WHO: the integrated loudness of WHO's turns (spans.txt,
# 0.1 s in from each edge), by ffmpeg's ebur128
speaker() {
	local sel
	sel=$(awk -v w="$2" '$1==w{printf "%sbetween(t,%.3f,%.3f)", (n++?"+":""), $2+0.1, $3-0.1}' spans.txt)
	ffmpeg -nostdin -nostats -i "$1" -af "aselect='$sel',asetpts=N/SR/TB,ebur128" \
		-f null - 2>&1 | awk '/I:/{i=$2} END{print i}'
}
# spread FILE: |A - B| in LU
spread() {
	awk -v a="$(speaker "$1" A)" -v b="$(speaker "$1" B)" \
		'BEGIN{if (a == "" || b == "") exit; d=a-b; if(d<0)d=-d; printf "%.2f", d}'
}
# whine FILE FROM TO: the mean level (dB) of the 16 kHz band over [FROM, TO)
BP="bandpass=f=16000:width_type=h:w=300"
whine() {
	ffmpeg -nostdin -nostats -i "$1" -af "atrim=$2:$3,$BP,$BP,$BP,volumedetect" \
		-f null - 2>&1 | awk '/mean_volume/{print $5}'
}
# events FILE FROM TO: how many sound events (2 ms envelope peaks within
# 12 dB of the loudest, merged when under 10 ms apart) lie in [FROM, TO)
events() {
	$FF -i "$1" -ac 1 -c:a pcm_s16le ev.wav
	python3 - ev.wav "$2" "$3" <<'PY'
import array, math, sys, wave
w = wave.open(sys.argv[1]); r = w.getframerate()
a = array.array('h', w.readframes(w.getnframes()))
s0, s1 = int(float(sys.argv[2]) * r), min(int(float(sys.argv[3]) * r), len(a))
hop = r // 500
env = [10 * math.log10(sum(x * x for x in a[i:i + hop]) / hop + 1e-9)
       for i in range(s0, s1 - hop, hop)]
top, ev = max(env), []
for k, e in enumerate(env):
    if e >= top - 12:
        t = s0 / r + k * hop / r
        if ev and t - ev[-1] < 0.01:
            ev[-1] = t
        else:
            ev.append(t)
print(len(ev))
PY
}
json() { python3 -c "import json,sys; d=json.load(open('$T/stdout')); print($1)"; }

# ---- the double-ender ------------------------------------------------------
t=6.0 cur=0 i=0 parts_a="" parts_b=""
: >spans.txt
while IFS='|' read -r who text; do
	[ -n "$who" ] || continue
	if [ "$who" = A ]; then v=en-us+m3 g=-9; else v=en+f4 g=-18; fi
	espeak-ng -v $v -s 165 -w raw$i.wav "$text" || exit 1
	sox -R -q raw$i.wav -r $R -c 1 -b 16 l$i.wav gain -n $g
	d=$(soxi -D l$i.wav)
	sox -R -q -n -r $R -c 1 -b 16 s$i.wav trim 0 "$(awk -v a=$t -v b=$cur 'BEGIN{printf "%.6f", a-b}')"
	sox -R -q -n -r $R -c 1 -b 16 z$i.wav trim 0 "$d"
	if [ "$who" = A ]; then parts_a="$parts_a s$i.wav l$i.wav" parts_b="$parts_b s$i.wav z$i.wav"
	else parts_a="$parts_a s$i.wav z$i.wav" parts_b="$parts_b s$i.wav l$i.wav"; fi
	cur=$(awk -v a=$t -v d="$d" 'BEGIN{printf "%.6f", a+d}')
	echo "$who $t $cur" >>spans.txt
	t=$(awk -v a=$cur 'BEGIN{printf "%.6f", a+0.6}')
	i=$((i + 1))
done <<'TEXT'
A|Welcome back to the show. Today we talk about intimacy, and why so many couples mix it up with sex.
B|I think people assume that if the physical side goes well, everything else must be fine too.
A|Right. Intimacy is about being known. Someone sees you clearly and stays anyway.
B|And that takes time and trust, which you cannot rush, no matter how much you want to.
A|Let us talk about pulling away after being close. Some people go quiet a day later.
B|That pattern costs trust. The partner left behind starts to wonder what they did wrong.
A|What helps is naming it. Saying, I notice I get scared after we are close.
B|That is a good place to pause. Write to us, and we will read your questions next week.
TEXT
end_clap=$(awk -v a=$cur 'BEGIN{printf "%.3f", a+1}')
total=$(awk -v a=$cur 'BEGIN{printf "%.6f", a+2}')
sox -R -q $parts_a va.wav pad 0 2
sox -R -q $parts_b vb.wav pad 0 2
sox -R -q -n -r $R -c 1 -b 16 c.wav synth 0.006 whitenoise fade q 0 0.006 0.005 gain -n -3
sox -R -q c.wav clap.wav pad 3.0 0
sox -R -q c.wav clap2.wav pad "$end_clap" 0
sox -R -q -n -r $R -c 1 -b 16 na.wav synth "$total" whitenoise lowpass 3000 gain -n -47
sox -R -q -n -r $R -c 1 -b 16 nb.wav synth "$total" whitenoise lowpass 3000 reverse gain -n -47
sox -R -q -n -r $R -c 1 -b 16 tone.wav synth "$total" sine 16000 gain -n -50
sox -R -q -m -v 1 va.wav -v 0.1 vb.wav -v 1 clap.wav -v 1 clap2.wav -v 1 na.wav a.wav
sox -R -q -m -v 1 vb.wav -v 0.1 va.wav -v 1 clap.wav -v 1 clap2.wav -v 1 nb.wav -v 1 tone.wav micb.wav
# B: starts 1.7 s late; its clock runs 0.05 % fast (48024 samples in each
# second it calls 48000); 44.1 kHz stereo FLAC
$FF -i micb.wav -af "atrim=start=1.7,asetpts=PTS-STARTPTS,aresample=48024,asetrate=48000,aresample=44100" \
	-ac 2 -c:a flac b.flac
spans_ok=$(wc -l <spans.txt)
check_eq "fixture: eight turns" "$spans_ok" 8

# ---- the mix ------------------------------------------------------------------
MIX="$PODKIT mix --stereo --bitrate 192 --target -16"
check_exit "mix: two tracks, different rates, channels and formats" 0 \
	$MIX --json --wav keep.wav -o mix.mp3 Alex=a.wav Bea=b.flac
check_eq "mix: the tracks are named" "$(json '[t["name"] for t in d["tracks"]]')" "['Alex', 'Bea']"
near "mix: B found 1.7 s after A (podkit's report)" "$(json 'd["tracks"][1]["offset"]')" 1.7 0.02
near "mix: B's clock found 500 ppm fast (podkit's report)" "$(json 'd["tracks"][1]["drift_ppm"]')" 500 150
r=$(ebur mix.mp3)
near "mix: integrated loudness on target (ebur128)" "${r% *}" -16 0.3
at_most "mix: true peak at or under -1 dBTP (ebur128)" "${r#* }" -1.0
# the speakers: 6-7 LU apart on their mics, at most 1 LU apart in the mix
$FF -i a.wav -i micb.wav -filter_complex amix=inputs=2:normalize=0 raw.wav
at_least "fixture: the raw voices are 5 LU apart or more" "$(spread raw.wav)" 5
at_most "mix: the speakers end at most 1 LU apart (ebur128 over their turns)" \
	"$(spread mix.mp3)" 1.0
check_exit "mix: --no-level" 0 $MIX -q --no-level -o nolevel.mp3 a.wav b.flac
at_least "mix --no-level: the speakers stay apart (the measure sees it)" \
	"$(spread nolevel.mp3)" 3
# one voice at a time: a clap both mics heard is heard once, at the start
# and at the end (where 0.05 % of drift is 27 ms)
check_eq "mix: the clap at 3 s appears once" "$(events mix.mp3 0.5 5.8)" 1
check_eq "mix: the clap at the end appears once (drift removed)" \
	"$(events mix.mp3 "$(awk -v c=$end_clap 'BEGIN{print c-0.6}')" "$total")" 1
$FF -i a.wav -i b.flac -filter_complex "[1]aresample=48000,pan=mono|c0=c0[b];[0][b]amix=inputs=2:normalize=0" naive.wav
check_eq "naive sum: the clap appears twice (the measure sees an echo)" \
	"$(events naive.wav 0.5 5.8)" 2
check_exit "mix: --offset Bea=1.7 (no drift correction)" 0 $MIX -q -o offset.mp3 \
	--offset Bea=1.7 Alex=a.wav Bea=b.flac
check_eq "mix --offset: the start clap once" "$(events offset.mp3 0.5 5.8)" 1
check_eq "mix --offset: without drift correction the end clap doubles" \
	"$(events offset.mp3 "$(awk -v c=$end_clap 'BEGIN{print c-0.6}')" "$total")" 2
# crosstalk: where only A talks, B's mic (its whine) is 15 dB or more down
drop() {
	local f=$1 b a1 a2 a3
	b=$(whine "$f" "$(awk '$1=="B"{print $2+0.5; exit}' spans.txt)" "$(awk '$1=="B"{print $3-0.3; exit}' spans.txt)")
	a1=$(whine "$f" "$(awk '$1=="A"&&n++==1{print $2+0.7}' spans.txt)" "$(awk '$1=="A"&&n++==1{print $3-0.2}' spans.txt)")
	a2=$(whine "$f" "$(awk '$1=="A"&&n++==2{print $2+0.7}' spans.txt)" "$(awk '$1=="A"&&n++==2{print $3-0.2}' spans.txt)")
	a3=$(whine "$f" "$(awk '$1=="A"&&n++==3{print $2+0.7}' spans.txt)" "$(awk '$1=="A"&&n++==3{print $3-0.2}' spans.txt)")
	awk -v b="$b" -v x="$a1" -v y="$a2" -v z="$a3" 'BEGIN{m=x; if(y>m)m=y; if(z>m)m=z; printf "%.1f", b-m}'
}
check_eq "fixture: A's mic has nothing in the 16 kHz band while they talk" \
	"$(awk -v w="$(whine a.wav 5 "$cur")" 'BEGIN{print (w < -80)}')" 1
at_least "mix: in A's turns, B's mic is 15 dB or more down" "$(drop mix.mp3)" 15
check_exit "mix: --gate 0" 0 $MIX -q --gate 0 -o nogate.mp3 a.wav b.flac
at_most "mix --gate 0: B's mic stays up (the measure sees it)" "$(drop nogate.mp3)" 3
check_eq "mix --wav: the mix before normalising kept, a float WAV at 48 kHz" \
	"$(ffprobe -v error -show_entries stream=codec_name,sample_rate,channels -of csv=p=0 keep.wav)" "pcm_f32le,48000,1"
check_eq "mix: no temporary left behind" "$(ls | grep -c '\.mix-')" 0

# ---- warnings: a silent track, a short one --------------------------------------
sox -q -n -r 44100 -c 2 -b 16 silent.wav trim 0 30
check_exit "mix: a silent track is left out" 0 $MIX -q -o s.mp3 a.wav b.flac silent.wav
check_grep "mix: the silent track named in a warning" \
	'^podkit: silent\.wav: warning: no speech in this track' "$T/stderr"
$FF -i b.flac -t 20 short.flac
check_exit "mix: a short track is mixed" 0 $MIX -q -o short.mp3 a.wav short.flac
check_grep "mix: the short track named in a warning" \
	'^podkit: short\.flac: warning: 20\.0 s long, the mix 5[0-9]\.[0-9] s: shorter than the others' "$T/stderr"

# ---- errors: each named, the output left as it was -------------------------------
echo "keep me" >out.mp3
echo "not audio at all" >notes.wav
check_exit "mix: a track that is not audio fails" 1 $MIX -q -o out.mp3 a.wav notes.wav
check_grep "mix: it is named" '^podkit: notes\.wav: not an audio file$' "$T/stderr"
check_exit "mix: a missing track fails" 1 $MIX -q -o out.mp3 a.wav nope.wav
check_grep "mix: it is named" '^podkit: nope\.wav: No such file' "$T/stderr"
# another conversation, recorded elsewhere: nothing in common with A
espeak-ng -v en+f2 -s 150 -w o1.wav "Meanwhile in another studio, a cooking show \
discusses bread, flour, water, salt and the patience a sourdough starter needs. \
Fold the dough every half hour, keep it warm, and bake it hot." || exit 1
sox -q o1.wav -r 44100 -c 1 -b 16 o2.wav gain -n -12 pad 4 0 repeat 3
sox -q -n -r 44100 -c 1 -b 16 on.wav synth "$(soxi -D o2.wav)" whitenoise lowpass 3000 gain -n -47
sox -q -m -v 1 o2.wav -v 1 on.wav other.wav
check_exit "mix: a track with nothing in common cannot be aligned" 1 \
	$MIX -q -o out.mp3 a.wav other.wav
check_grep "mix: the message names it and says what to do" \
	"^podkit: other\.wav: cannot be aligned with 'a\.wav': .*give its offset$" "$T/stderr"
check_eq "mix: the existing output is kept" "$(cat out.mp3)" "keep me"
check_eq "mix: no temporary left after failures" "$(ls | grep -c '\.mix-\|tmp-')" 0
check_exit "mix: its offset given, it mixes" 0 $MIX -q -o other.mp3 --offset other.wav=0 a.wav other.wav
check_exit "mix: no -o is a usage error" 2 $PODKIT mix a.wav b.flac
check_grep "mix: usage hint" "try 'podkit help mix'" "$T/stderr"
check_exit "mix: --offset for no track is a usage error" 2 $PODKIT mix -o x.mp3 --offset Zed=1 a.wav
check_grep "mix: names the unknown track" "^podkit: 'Zed': no such track$" "$T/stderr"
check_exit "mix: --help" 0 $PODKIT mix --help
check_eq "mix: --help lists the options in the table's order" \
	"$(grep -oE '^  -[a-zA-Z], --[a-z-]+' "$T/stdout" | awk '{print $1}' | tr -d ',' | tr '\n' ' ')" \
	"-o -O -M -g -L -t -p -m -s -f -b -w -j -q -h "

# ---- podkit check and podkit build: an episode made of tracks ------------------
S=$T/show
mkdir -p "$S/001-plain" "$S/002-tracks"
cat >"$S/show.yaml" <<'YAML'
title: Mix Check
description: A show for the multitrack step.
author: Alex & Bea
language: en
link: https://example.com/
image: https://example.com/cover.jpg
categories:
  - name: Health & Fitness
explicit: true
owner: {name: Alex, email: hello@example.com}
feed_url: https://example.com/feed.xml
media_url: https://cdn.example.com/pod/
hosts:
  - {name: Alex}
  - {name: Bea}
audio: {format: mp3}
YAML
cp a.wav "$S/001-plain/take.wav"
cp a.wav "$S/002-tracks/alex.wav"
cp b.flac "$S/002-tracks/bea.flac"
cat >"$S/001-plain/episode.md" <<'MD'
---
title: Plain
number: 1
date: 2025-12-01T06:00:00Z
audio: take.wav
---
Notes.
MD
tracks_md() { # NAME_B [OFFSET_LINE]
	cat >"$S/002-tracks/episode.md" <<MD
---
title: Two mics
number: 2
date: 2025-12-02T06:00:00Z
transcript: transcript.vtt
tracks:
  - {file: alex.wav, name: Alex}
  - {file: bea.flac, name: $1$2}
---
Notes.
MD
}
# the transcript: each turn as a cue, named
vtt() { # NAME_A NAME_B
	awk -v a="$1" -v b="$2" 'BEGIN{print "WEBVTT"}
		function ts(s){return sprintf("%02d:%02d:%06.3f", s/3600, (s%3600)/60, s-60*int(s/60))}
		{printf "\n%s --> %s\n<v %s>turn %d\n", ts($2), ts($3), ($1=="A"?a:b), NR}' spans.txt \
		>"$S/002-tracks/transcript.vtt"
}
vtt Alex Bea
tracks_md Zed
check_exit "check: a track named for nobody in the episode" 1 $PODKIT check -q "$S"
check_grep "check: FILE:LINE names the track and the people" \
	"002-tracks/episode.md:8: track 'bea\.flac': 'Zed' is not a host or guest of this episode \('Alex', 'Bea'\)" "$T/stderr"
tracks_md Bea
sed -i 's/^tracks:/audio: alex.wav\ntracks:/' "$S/002-tracks/episode.md"
check_exit "check: audio and tracks together" 1 $PODKIT check -q "$S"
check_grep "check: says which to keep" "002-tracks/episode.md:[0-9]+: 'audio' and 'tracks' are both given" "$T/stderr"
tracks_md Bea
sed -i 's/^  - {file: bea.flac, name: Bea}$/  - bea.flac\n  - {file: nope.wav, name: Bea}/' "$S/002-tracks/episode.md"
check_exit "check: a track that is not a mapping, a missing track file" 1 $PODKIT check -q "$S"
check_grep "check: the track that is text, with its line" \
	"002-tracks/episode.md:8: a track is text, not a mapping like \{file: maya\.wav, name: Maya Ortiz\}" "$T/stderr"
check_grep "check: the missing track file, with its line" \
	"002-tracks/episode.md:9: 'tracks\.file' file '.*002-tracks/nope\.wav' does not exist" "$T/stderr"
tracks_md Bea
check_exit "check: tracks that name the hosts" 0 $PODKIT check -q "$S"
check_exit "build: an episode made of tracks" 0 $PODKIT build -q -C "$S" -o "$T/out"
m=$(cd "$T/out/audio" && ls | grep -E '^002-tracks-[0-9a-f]{16}\.mp3$')
check "build: the mix under a content-addressed name" test -n "$m"
check_grep "build: the mix is the enclosure" "audio/$m\" length=\"$(stat -c %s "$T/out/audio/$m")\"" "$T/out/feed.xml"
r=$(ebur "$T/out/audio/$m")
near "build: the mix on target (mono, -19; ebur128)" "${r% *}" -19 0.3
at_most "build: the mix's true peak" "${r#* }" -1.0
at_most "build: the speakers at most 1 LU apart in the published mix" "$(spread "$T/out/audio/$m")" 1.0
stamp=$( [ -n "$m" ] && stat -c '%i %Y' "$T/out/audio/$m" || echo none)
sleep 1
check_exit "build: again, nothing changed" 0 $PODKIT build -q -C "$S" -o "$T/out"
check_eq "build: the tracks are not mixed again" \
	"$( [ -n "$m" ] && stat -c '%i %Y' "$T/out/audio/$m")" "$stamp"
tracks_md Bea ", offset: 1.7"
check_exit "build: an offset given" 0 $PODKIT build -q -C "$S" -o "$T/out"
m2=$(grep -oE 'audio/002-tracks-[0-9a-f]{16}\.mp3' "$T/out/feed.xml" | head -1)
check "build: a changed offset gives a new mix and URL" test -n "$m2" -a "$m2" != "audio/$m"
tracks_md Bea
cp other.wav "$S/002-tracks/bea.flac"
check_exit "build: a track that cannot be aligned fails its episode" 1 $PODKIT build -q -C "$S" -o "$T/out"
check_grep "build: the track is named" "002-tracks/bea\.flac: cannot be aligned with '.*002-tracks/alex\.wav'" "$T/stderr"
check_grep "build: the other episode is still in the feed" 'audio/001-plain-' "$T/out/feed.xml"
# the last good build's mix (the one with the offset: the sweep after that
# build removed the first) stays, and the feed still names it
check "build: the previous mix is kept" test -n "$m2" -a -f "$T/out/$m2"
check_grep "build: the feed keeps the episode's last good item" "$m2" "$T/out/feed.xml"
cp b.flac "$S/002-tracks/bea.flac"
vtt "Speaker 1" "Speaker 2"
check_exit "build: a transcript whose speakers have no track" 1 $PODKIT build -q -C "$S" -o "$T/out"
check_grep "build: says whose track is missing" \
	"002-tracks/transcript\.vtt: no speaker of the transcript \('Speaker 1', 'Speaker 2'\) has a track \('Alex', 'Bea'\)" "$T/stderr"
check_grep "build: the other episode still built" 'audio/001-plain-' "$T/out/feed.xml"

# ---- the time map of a double-ender: the first track's moments --------------
# Chapters are timed against the first track named. Here that is Bea's,
# which started 1.7 s after Alex's (and runs 0.05 % fast), so the mix puts
# it 1.7 s in; the show's intro then moves everything on. The clap, at 3 s
# on Alex's recorder, is at (3 - 1.7) x 1.0005 s on Bea's: a chapter there
# must be published where the clap is heard.
S2=$T/show2
mkdir -p "$S2/001-late"
sed 's/^audio: {format: mp3}$/audio: {format: mp3, intro: jingle.wav}/' "$S/show.yaml" >"$S2/show.yaml"
sox -q -n -r 44100 -c 2 -b 16 "$S2/jingle.wav" synth 4 sine 440 fade q 0.2 4 0.5
cp a.wav "$S2/001-late/alex.wav"
cp b.flac "$S2/001-late/bea.flac"
clap_b=$(awk 'BEGIN{printf "%.4f", (3.0 - 1.7) * 1.0005}')
cat >"$S2/001-late/episode.md" <<MD
---
title: Late first track
number: 1
date: 2025-12-01T06:00:00Z
chapters:
  - {start: "0:00", title: Open}
  - {start: "0:0$clap_b", title: The clap}
tracks:
  - {file: bea.flac, name: Bea}
  - {file: alex.wav, name: Alex}
---
Notes.
MD
check_exit "time map: a double-ender whose first track started late, with an intro" 0 \
	$PODKIT build -q -C "$S2" -o "$T/out2"
m=$(ls "$T"/out2/audio/001-late-*.mp3 2>/dev/null | head -1)
cj=$(ls "$T"/out2/chapters/*.json 2>/dev/null | head -1)
pub=$(python3 -c "import json; print(json.load(open('$cj'))['chapters'][1]['startTime'])" 2>/dev/null)
# the clap: the loudest 2 ms of the 4-10 kHz band in the first 8 s (the
# jingle is a 440 Hz sine, the room noise under 3 kHz, the speech later)
$FF -i "$m" -t 8 -ac 1 -af "highpass=f=4000,highpass=f=4000,lowpass=f=10000" -c:a pcm_s16le clapband.wav
heard=$(python3 - clapband.wav <<'PY'
import array, sys, wave
w = wave.open(sys.argv[1]); r = w.getframerate()
a = array.array('h', w.readframes(w.getnframes()))
hop = r // 500
e = [sum(x * x for x in a[i:i + hop]) for i in range(0, len(a) - hop, hop)]
print("%.3f" % (e.index(max(e)) * hop / r))
PY
)
at_least "time map: the chapter moved by the alignment (1.7 s) and the intro" \
	"$(awk -v p="$pub" -v c="$clap_b" 'BEGIN{printf "%.3f", p - c}')" 3.0
near "time map: the clap heard within 50 ms of the published chapter" "$heard" "$pub" 0.05
ff=$(ffprobe -v error -show_chapters -of csv=p=0 "$m" | sed -n 2p | cut -d, -f4)
near "time map: the ID3 CHAP at the same time" "$ff" "$pub" 0.002
