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
near() {
	if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN{d=g-w; if(d<0)d=-d; exit !(g!="" && d<=t)}'
	then ok "$1 ($2)"; else not_ok "$1"; echo "#   got '$2', expected $3 +- $4"; fi
}
at_most() {
	if awk -v g="$2" -v m="$3" 'BEGIN{exit !(g!="" && g<=m)}'
	then ok "$1 ($2)"; else not_ok "$1"; echo "#   got '$2', expected <= $3"; fi
}
at_least() {
	if awk -v g="$2" -v m="$3" 'BEGIN{exit !(g!="" && g>=m)}'
	then ok "$1 ($2)"; else not_ok "$1"; echo "#   got '$2', expected >= $3"; fi
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
