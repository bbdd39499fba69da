#!/usr/bin/env bash
# music.sh: clean-up (high-pass, noise reduction), shortened pauses, intro
# and outro, and the time map that moves chapters and cues with the audio;
# every figure read by ffmpeg (ebur128, astats, silencedetect), not podkit.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

# ebur FILE [START END]: "I TP" of the file, or of [START, END) seconds.
ebur() {
	local trim=""
	[ -n "${2:-}" ] && trim="atrim=$2:$3,asetpts=N/SR/TB,"
	ffmpeg -nostdin -nostats -i "$1" -af "${trim}ebur128=peak=true" \
		-f null - 2>&1 | awk '/I:/{i=$2} /Peak:/{p=$2} END{print i, p}'
}
# rms FILE START END [FILTER]: RMS level (dBFS) of [START, END).
rms() {
	ffmpeg -nostdin -i "$1" -af "atrim=$2:$3${4:+,$4},astats=metadata=0" \
		-f null - 2>&1 | awk '/RMS level dB/{print $NF; exit}'
}
# tone_at FILE: the first time (s) a 2.5 kHz tone sounds: a narrow
# band-pass, then the end of the first silence under -30 dB.
tone_at() {
	ffmpeg -nostdin -i "$1" -af \
		"bandpass=f=2500:t=q:w=30,bandpass=f=2500:t=q:w=30,silencedetect=n=-30dB:d=0.3" \
		-f null - 2>&1 | awk '/silence_end/{print $5; exit}'
}
calc() { awk "BEGIN{printf \"%.3f\", $*}"; }
dur() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }
json() { python3 -c "import json,sys; print(json.load(open('$1'))$2)"; }

# ---- fixtures: two sentences 4 s apart, a jingle, a tone, noise, rumble
espeak-ng -s 160 -w a.wav "Welcome back to the show. Today we talk about \
why couples drift apart, and what brings them back." || exit 1
espeak-ng -s 160 -w b.wav "Intimacy is about being known. It takes time, \
and it takes trust." || exit 1
$FF -i a.wav -ar 44100 -af volume=-6dB a44.wav
$FF -i b.wav -ar 44100 -af volume=-6dB b44.wav
sox -q -n -r 44100 -c 1 -b 16 gap.wav trim 0 4
sox -q a44.wav gap.wav b44.wav speech.wav
# for the music's level: speech long enough that 10 s of music do not
# dominate the programme
sox -q a44.wav b44.wav a44.wav b44.wav a44.wav long.wav
la=$(soxi -D a44.wav)
# a jingle of eight plucked notes, 6 s, even in level throughout
for n in C4 E4 G4 C5 G4 E4 C4 G3; do
	sox -q -n -r 44100 -c 2 -b 16 "n_$n.wav" synth 0.75 pluck "$n"
done
sox -q n_C4.wav n_E4.wav n_G4.wav n_C5.wav n_G4.wav n_E4.wav n_C4.wav \
	n_G3.wav jingle.wav
check_eq "fixture: the jingle lasts 6 s" "$(soxi -D jingle.wav)" 6.000000

# ---- intro and outro: levelled under the speech, crossfaded
check_exit "normalize: intro and outro" 0 $PODKIT normalize -q --json \
	--intro jingle.wav --outro jingle.wav --crossfade 1 long.wav io.mp3
cp "$T/stdout" io.json
r=$(ebur io.mp3)
near "intro+outro: whole programme on the -19 LUFS target" "${r% *}" -19 0.3
at_most "intro+outro: true peak" "${r#* }" -1.0
d=$(dur io.mp3)
near "intro+outro: length is speech + 2 x (6 - 1 s)" "$d" \
	"$(calc "$(soxi -D long.wav)" + 10)" 0.08
sp=$(ebur io.mp3 5.5 "$(calc "$d" - 5.5)"); sp=${sp% *}
mi=$(ebur io.mp3 0 4.8); mi=${mi% *}
mo=$(ebur io.mp3 "$(calc "$d" - 4.8)" "$d"); mo=${mo% *}
near "intro sits 6 LU under the speech" "$(calc "$sp" - "$mi")" 6 1
near "outro sits 6 LU under the speech" "$(calc "$sp" - "$mo")" 6 1
check_exit "normalize: music 10 LU under" 0 $PODKIT normalize -q \
	--intro jingle.wav --music-under 10 --crossfade 1 long.wav io10.mp3
d=$(dur io10.mp3)
sp=$(ebur io10.mp3 5.5 "$d"); mi=$(ebur io10.mp3 0 4.8)
near "--music-under 10: the intro 10 LU under" \
	"$(calc "${sp% *}" - "${mi% *}")" 10 1

# ---- a bed under the first 15 s of speech, 18 LU under it: heard alone
# in the 4 s pause
sox -q jingle.wav jingle.wav jingle.wav bed.wav
check_exit "normalize: a music bed" 0 $PODKIT normalize -q --bed bed.wav \
	speech.wav bed.mp3
sp=$(ebur bed.mp3 0 "$la"); bd=$(ebur bed.mp3 "$(calc "$la" + 0.8)" "$(calc "$la" + 3.2)")
near "the bed sits 18 LU under the speech" "$(calc "${sp% *}" - "${bd% *}")" 18 1.5
r=$(ebur bed.mp3)
near "bed: on target" "${r% *}" -19 0.3

# ---- pauses: the 4 s pause shortened to 1.5 s
check_exit "normalize: --max-pause 1.5" 0 $PODKIT normalize -q \
	--max-pause 1.5 speech.wav short.mp3
# the pause as silencedetect sees it, before and after
pause_len() {
	ffmpeg -nostdin -i "$1" -af silencedetect=n=-45dB:d=0.8 -f null - 2>&1 |
		awk '/silence_duration/{if($NF>m)m=$NF} END{print m}'
}
src_pause=$(pause_len speech.wav)
at_least "the source's longest pause is over 4 s" "$src_pause" 4
near "the longest pause is 1.5 s after" "$(pause_len short.mp3)" 1.5 0.25
near "the file is shorter by the pause's excess" \
	"$(calc "$(soxi -D speech.wav)" - "$(dur short.mp3)")" \
	"$(calc "$src_pause" - 1.5)" 0.25
r=$(ebur short.mp3)
near "shortened: on target" "${r% *}" -19 0.3

# ---- high-pass: 30 Hz rumble under the speech
sox -q -n -r 44100 -c 1 -b 16 hum.wav synth "$(soxi -D speech.wav)" sine 30 gain -n -20
sox -q -m -v 1 speech.wav -v 1 hum.wav rumble.wav
check_exit "normalize: rumble, high-pass off" 0 $PODKIT normalize -q \
	--highpass 0 rumble.wav rumble-off.mp3
check_exit "normalize: rumble, default high-pass" 0 $PODKIT normalize -q \
	rumble.wav rumble-on.mp3
low() { rms "$1" 0 20 "lowpass=f=40,lowpass=f=40,lowpass=f=40"; }
drop=$(calc "$(low rumble-off.mp3)" - "$(low rumble-on.mp3)")
at_least "high-pass at 80 Hz takes 30 Hz rumble down by 25 dB" "$drop" 25

# ---- noise reduction: white noise 20 LU under the speech (20 dB SNR)
si=$(ebur speech.wav); si=${si% *}
sox -q -n -r 44100 -c 1 -b 16 wn.wav synth "$(soxi -D speech.wav)" whitenoise vol 0.3
ni=$(ebur wn.wav); ni=${ni% *}
sox -q -m -v 1 speech.wav -v "$(awk -v s="$si" -v n="$ni" 'BEGIN{print 10^((s-20-n)/20)}')" wn.wav noisy.wav
pa=$(calc "$la" + 0.8); pb=$(calc "$la" + 3.2)
near "fixture: the noise in the pause is 20 dB under the speech" \
	"$(calc "$(ebur noisy.wav 0 "$la" | cut -d' ' -f1)" - "$(ebur noisy.wav "$pa" "$pb" | cut -d' ' -f1)")" 20 1
# denoised NAME OPTIONS...: encodes noisy.wav; sets snr (speech window
# loudness over the pause's RMS) and lvl (the speech window's loudness
# less the gain podkit applied: the filter's effect on the speech)
denoised() {
	local name=$1 g s p; shift
	$PODKIT normalize -q --json "$@" noisy.wav "$name.mp3" >"$name.json" ||
		not_ok "normalize $name"
	g=$(json "$name.json" '["gain"]')
	s=$(ebur "$name.mp3" 0 "$la"); s=${s% *}
	p=$(rms "$name.mp3" "$pa" "$pb")
	snr=$(calc "$s" - "$p"); lvl=$(calc "$s" - "$g")
}
denoised plain; snr0=$snr lvl0=$lvl
for eng in afftdn anlmdn; do
	denoised "$eng" --denoise="$eng"
	at_least "$eng: the noise in the pause drops by 10 dB" "$(calc "$snr" - "$snr0")" 10
	near "$eng: the speech moves under 1 dB" "$(calc "$lvl" - "$lvl0")" 0 1
	r=$(ebur "$eng.mp3")
	near "$eng: on target" "${r% *}" -19 0.3
done
check_exit "normalize: --denoise alone is afftdn" 0 $PODKIT normalize -q --denoise noisy.wav dn.mp3
check_exit "normalize: an unknown noise reduction is a usage error" 2 \
	$PODKIT normalize --denoise=magic noisy.wav dn.mp3
check_grep "normalize: the bad engine named" "^podkit: 'magic' is not a noise reduction" "$T/stderr"

# ---- bad music files: named, nothing written
check_exit "normalize: a missing intro fails" 1 $PODKIT normalize -q \
	--intro nothere.wav speech.wav bad.mp3
check_grep "normalize: the missing intro named" '^podkit: nothere\.wav' "$T/stderr"
echo "not audio" >notaudio.wav
check_exit "normalize: an outro that is not audio fails" 1 $PODKIT normalize -q \
	--outro notaudio.wav speech.wav bad.mp3
check_grep "normalize: the bad outro named" '^podkit: notaudio\.wav: not an audio file' "$T/stderr"
check_eq "normalize: no output left behind" "$(ls bad.mp3* 2>/dev/null)" ""

# ---- the time map in `podkit build`: chapters and cues follow the audio
# (with noise reduction on: its latency must not move anything)
# The source: speech, a 4 s pause, a 2.5 kHz tone at 10.000 s (chapter
# two), speech, a long pause, a tone at 20.000 s (chapter three), speech.
sox -q -n -r 44100 -c 1 -b 16 tone.wav synth 0.3 sine 2500 gain -n -12
pad_to() { # IN SECONDS OUT: IN followed by silence up to SECONDS
	sox -q "$1" "$3" pad 0 "$(calc "$2" - "$(soxi -D "$1")")"
}
pad_to a44.wav 10 p1.wav
sox -q -n -r 44100 -c 1 -b 16 half.wav trim 0 0.5
sox -q tone.wav half.wav b44.wav t2.wav
pad_to t2.wav 10 p2.wav
sox -q p1.wav p2.wav tone.wav half.wav a44.wav src.wav
mkdir -p show/001-intro show/002-pauses show/003-bad
printf 'title: S\ndescription: d\nauthor: a\nlanguage: en\nlink: https://e.com/\nimage: https://e.com/c.jpg\ncategories: [{name: Arts}]\nexplicit: false\nowner: {name: A, email: a@e.com}\nfeed_url: https://e.com/feed.xml\nmedia_url: https://e.com/\naudio:\n  target: -19\n  channels: mono\n  denoise: true\n  max_pause: 1.5\n  intro: jingle.wav\n  outro: jingle.wav\n  crossfade: 1\n' >show/show.yaml
cp jingle.wav show/
for e in 001-intro 002-pauses 003-bad; do
	cp src.wav "show/$e/a.wav"
	printf 'WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nFirst part.\n\n00:00:10.000 --> 00:00:14.000\nSecond part.\n\n00:00:20.000 --> 00:00:24.000\nThird part.\n' >"show/$e/t.vtt"
done
ep() { # FOLDER NUMBER EXTRA-LINES
	printf -- '---\ntitle: E%s\nnumber: %s\ndate: 2025-12-0%sT00:00:00Z\naudio: a.wav\ntranscript: t.vtt\nchapters:\n  - {start: "0:00", title: One}\n  - {start: "0:10", title: Two}\n  - {start: "0:20", title: Three}\n%b---\nNotes\n' \
		"$2" "$2" "$2" "$3" >"show/$1/episode.md"
}
ep 001-intro 1 ""
ep 002-pauses 2 "intro: none\noutro: none\n"
ep 003-bad 3 "intro: missing.wav\n"
check_exit "build: one episode's intro is missing" 1 $PODKIT build -q -C show -o out
check_grep "build: the missing intro named at its line" \
	"^podkit: show/003-bad/episode.md:11: 'audio.intro': .*missing\.wav" "$T/stderr"
check_eq "build: the other episodes are built" \
	"$(ls out/audio/*.mp3 2>/dev/null | wc -l)" 2
chapters_json() { ls out/chapters/*"$1"*.json 2>/dev/null | head -1; }
# tone_near FILE T: the tone onset (silencedetect's silence_end after a
# narrow band-pass) nearest to T seconds
tone_near() {
	ffmpeg -nostdin -i "$1" -af \
		"bandpass=f=2500:t=q:w=30,bandpass=f=2500:t=q:w=30,silencedetect=n=-35dB:d=0.2" \
		-f null - 2>&1 | awk -v t="$2" '/silence_end/{d=$5-t; if(d<0)d=-d;
			if(best==""||d<bd){best=$5; bd=d}} END{print best}'
}
for e in 001-intro 002-pauses; do
	mp3=$(ls out/audio/"$e"-*.mp3)
	cj=$(chapters_json "$e")
	for k in 1 2; do
		pub=$(json "$cj" "['chapters'][$k]['startTime']")
		near "$e: chapter $((k + 1))'s tone heard within 50 ms of its published time" \
			"$(tone_near "$mp3" "$pub")" "$pub" 0.05
		id3=$(ffprobe -v error -show_chapters -of csv=p=0 "$mp3" |
			sed -n "$((k + 1))p" | cut -d, -f4)
		near "$e: ID3 CHAP $((k + 1)) at the published time" "$id3" "$pub" 0.002
		cue=$(grep -oE '^[0-9:.]+ -->' "out/transcripts/$e.vtt" 2>/dev/null |
			sed -n "$((k + 1))p" | awk -F'[: ]' '{print $1*3600+$2*60+$3}')
		near "$e: cue $((k + 1)) of the VTT moved with it" "$cue" "$pub" 0.002
	done
done
mp3=$(ls out/audio/001-intro-*.mp3)
pub=$(json "$(chapters_json 001-intro)" "['chapters'][1]['startTime']")
at_least "001-intro: chapter two moved by the intro (5 s) less the cut pause" \
	"$(calc "$pub" - 10)" 2
# every other place chapter two's time is published (episode 001)
pub=$(json "$(chapters_json 001-intro)" "['chapters'][1]['startTime']")
check_eq "001-intro: the first chapter stays at 0 (the intro opens it)" \
	"$(json "$(chapters_json 001-intro)" "['chapters'][0]['startTime']")" 0
check_grep "001-intro: psc:chapters moved" \
	"<psc:chapter start=\"$(awk -v t="$pub" 'BEGIN{printf "00:00:%06.3f", t}')\" title=\"Two\"/>" out/feed.xml
check_grep "001-intro: the notes' timestamp moved" \
	"<li>$(awk -v t="$pub" 'BEGIN{s=int(t+0.5); printf "%d:%02d", s/60, s%60}') Two</li>" out/feed.xml
check_grep "001-intro: the page's chapter seek button moved" \
	"data-t=\"$(printf %.3f "$pub")\" aria-label=\"Play from [0-9:]+: Two\"" out/episodes/001-intro.html
check_grep "001-intro: the page's cue seek button moved" \
	"data-t=\"$(printf %.3f "$pub")\"[^>]*>[0-9:]+</button>Second part" out/episodes/001-intro.html
check_grep "001-intro: the SRT cue moved" \
	"^$(awk -v t="$pub" 'BEGIN{printf "00:00:%06.3f", t}' | tr . ,) -->" out/transcripts/001-intro.srt
near "001-intro: the JSON transcript's cue moved" \
	"$(json out/transcripts/001-intro.json "['segments'][1]['startTime']")" "$pub" 0.002
# a rebuild decodes nothing and still publishes the moved times; so does
# one without the build state (the map is kept beside the audio file)
cp "$(chapters_json 001-intro)" before.json
check_exit "build: rebuild" 1 $PODKIT build -q -C show -o out
check_diff "build: the rebuild's chapters are the same" before.json "$(chapters_json 001-intro)"
rm out/.podkit-state
check_exit "build: rebuild without the state" 1 $PODKIT build -q -C show -o out
check_diff "build: chapters the same without the state" before.json "$(chapters_json 001-intro)"
check_eq "build: the map file is not published with the audio" \
	"$(ls out/audio)" "$(ls out/audio | grep -v '^\.')"

# ---- a show-level intro that is not audio: named at show.yaml's line;
# the episode that turns the intro off still builds
echo "not audio" >show/jingle.wav
rm -rf show/003-bad
check_exit "build: show.yaml's intro is not audio" 1 $PODKIT build -q -C show -o out2
check_grep "build: show.yaml's intro named at its line" \
	"^podkit: show/show.yaml:17: 'audio.intro': show/jingle\.wav: not an audio file" "$T/stderr"
check_eq "build: the episode without an intro is built" \
	"$(ls out2/audio/ | grep -c '^002-pauses-.*\.mp3$')" 1
