#!/usr/bin/env bash
# demo.sh: renders the sample show's scripts to speech and builds its feed.
#
# usage: BUILD=build scripts/demo.sh [--render-only] [--write-transcripts]
#
# Each episodes/NNN-slug/script.txt becomes episodes/NNN-slug/episode.wav:
# one espeak-ng voice per speaker, one WAV per line, the lines joined by
# ffmpeg with short pauses. The mix is deliberately quiet and uneven (Maya's
# peaks at -16 dBFS, Jonah's 8 dB lower, the guest in between) so that the
# loudness normalisation of `podkit build` has something to fix. An episode
# is rendered again only when its script or the render settings changed (a
# hash stamp beside the WAV). Then `podkit build` turns episodes/ into feed/,
# and `podkit publish` copies feed/ to the folder named in show.yaml.
#
#   --render-only        render the audio and the cover, nothing else
#   --write-transcripts  also write each episode's transcript.vtt from the
#                        rendered timings and print the section starts (for
#                        keeping the committed chapters and transcripts in
#                        step after a script is edited)
#
# Environment: BUILD (where podkit was built, default build), SHOW (the show
# folder, default episodes), OUT (the output folder, default feed).
#
# script.txt: "# X = Name" names speaker X; other "#" lines are comments;
# "## Title" starts a section (a chapter); "X: text" is one spoken line.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SHOW=${SHOW:-episodes}
OUT=${OUT:-feed}
render_only=0
write_vtt=0
for arg in "$@"; do
	case "$arg" in
	--render-only) render_only=1 ;;
	--write-transcripts) write_vtt=1 ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "demo: unknown option '$arg'" >&2; exit 2 ;;
	esac
done

for tool in espeak-ng ffmpeg ffprobe sox soxi sha256sum; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "demo: '$tool' is missing: run scripts/deps.sh demo" >&2; exit 1; }
done

# Per speaker: espeak-ng voice, words per minute, pitch, peak level (dBFS).
# A is Maya, B is Jonah, G is a guest. Changing these re-renders everything.
voice_A="en-gb+f3" speed_A=168 pitch_A=58 level_A=-16
voice_B="en-us+m3" speed_B=158 pitch_B=40 level_B=-24
voice_G="en-gb-x-rp+f4" speed_G=150 pitch_G=50 level_G=-20
RATE=44100
PAUSE_LINE=0.35    # seconds between two lines
PAUSE_SECTION=0.9  # seconds before a new section
settings="$voice_A $speed_A $pitch_A $level_A|$voice_B $speed_B $pitch_B $level_B"
settings="$settings|$voice_G $speed_G $pitch_G $level_G|$RATE $PAUSE_LINE"
settings="$settings $PAUSE_SECTION|$(espeak-ng --version | head -1)|v4"

work="$BUILD/demo"
mkdir -p "$work"

# Silence of $2 seconds in the lines' format.
silence() {
	sox -q -n -r "$RATE" -c 2 -b 16 "$1" trim 0 "$2"
}

# secs -> WebVTT time HH:MM:SS.mmm
vtt_time() {
	awk -v s="$1" 'BEGIN { ms = int(s * 1000 + 0.5);
		printf "%02d:%02d:%02d.%03d", ms / 3600000, (ms / 60000) % 60,
		       (ms / 1000) % 60, ms % 1000 }'
}

# secs -> M:SS for chapters
chap_time() {
	awk -v s="$1" 'BEGIN { t = int(s); printf "%d:%02d", t / 60, t % 60 }'
}

# render_episode DIR: writes DIR/episode.wav from DIR/script.txt, and the
# timings (start, end, speaker, text; "section" rows for "## ") beside the
# line files in $work.
render_episode() {
	local dir=$1 slug tmp n=0 spk text var line wav fresh=1
	slug=$(basename "$dir")
	tmp="$work/$slug"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	silence "$tmp/pause-line.wav" "$PAUSE_LINE"
	silence "$tmp/pause-section.wav" "$PAUSE_SECTION"
	: >"$tmp/list.txt"
	: >"$tmp/rows.tsv"
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
		"## "*)
			if [ "$n" -gt 0 ]; then
				echo "file 'pause-section.wav'" >>"$tmp/list.txt"
				printf 'pause\t%s\n' "$PAUSE_SECTION" >>"$tmp/rows.tsv"
			fi
			printf 'section\t0\t%s\n' "${line#\#\# }" >>"$tmp/rows.tsv"
			fresh=1
			continue ;;
		"#"* | "") continue ;;
		[A-Z]:*) ;;
		*) echo "demo: $dir/script.txt: cannot read line '$line'" >&2
		   return 1 ;;
		esac
		spk=${line%%:*}
		text=${line#?:}
		text=${text# }
		var="voice_$spk"
		if [ -z "${!var:-}" ]; then
			echo "demo: $dir/script.txt: no voice for speaker '$spk'" >&2
			return 1
		fi
		n=$((n + 1))
		local v="voice_$spk" s="speed_$spk" p="pitch_$spk" l="level_$spk"
		printf -v wav 'line%03d.wav' "$n"
		espeak-ng -v "${!v}" -s "${!s}" -p "${!p}" -w "$tmp/raw.wav" -- "$text"
		# Peak-normalise each line to its speaker's level, in the mix's
		# format (44.1 kHz stereo, 16 bit).
		sox -q "$tmp/raw.wav" -r "$RATE" -c 2 -b 16 "$tmp/$wav" \
			gain -n "${!l}"
		if [ "$fresh" -eq 0 ]; then
			echo "file 'pause-line.wav'" >>"$tmp/list.txt"
			printf 'pause\t%s\n' "$PAUSE_LINE" >>"$tmp/rows.tsv"
		fi
		fresh=0
		echo "file '$wav'" >>"$tmp/list.txt"
		# sox writes a plain 44-byte WAV header: the rest is 4 bytes a
		# frame.
		printf 'line\t%s\t%s\t%s\n' \
			"$(( ($(stat -c %s "$tmp/$wav") - 44) / 4 ))" "$spk" "$text" \
			>>"$tmp/rows.tsv"
	done <"$dir/script.txt"
	rm -f "$tmp/raw.wav"
	if [ "$n" -eq 0 ]; then
		echo "demo: $dir/script.txt: no spoken lines" >&2
		return 1
	fi
	# Where each section and line starts and ends, in seconds.
	awk -F '\t' -v rate="$RATE" '
		BEGIN { t = 0 }
		$1 == "pause" { t += $2 }
		$1 == "section" { printf "section\t%.6f\t%s\n", t, $3 }
		$1 == "line" { d = $2 / rate
			printf "line\t%.6f\t%.6f\t%s\t%s\n", t, t + d, $3, $4
			t += d }
	' "$tmp/rows.tsv" >"$tmp/timings.tsv"
	# The concat demuxer joins the lines without re-encoding them; the
	# WAV is written to a temporary name and renamed into place.
	ffmpeg -nostdin -hide_banner -loglevel error -y -f concat -safe 0 \
		-i "$tmp/list.txt" -c:a pcm_s16le -f wav "$dir/.episode.wav.tmp"
	mv "$dir/.episode.wav.tmp" "$dir/episode.wav"
}

# The episode recorded as a double-ender: each host on their own mic and
# recorder. Each mic hears the other host 20 dB down (bleed), over its own
# room noise; Jonah's recorder starts 2.3 s after Maya's (a 48 kHz mono
# FLAC), and his voice is 8 dB quieter, as in every episode. Its episode.md
# names the tracks, and `podkit build` mixes them.
TRACKS_EPISODE=003-closeness-outside-the-bedroom
TRACK_A=maya.wav TRACK_B=jonah.flac
TRACK_B_LATE=2.3   # seconds Jonah's recorder starts after Maya's
BLEED=0.1          # each mic hears the other voice this much (-20 dB)

# render_tracks DIR: writes DIR/$TRACK_A and DIR/$TRACK_B from the lines of
# the last render_episode of DIR (the same timeline as episode.wav).
render_tracks() {
	local dir=$1 slug tmp spk f frames who
	slug=$(basename "$dir")
	tmp="$work/$slug"
	# one list per speaker: their lines, silence of the same length for
	# the others'
	for who in A B; do
		awk -F '\t' -v who="$who" -v tmp="$tmp" '
			FNR == NR { if ($1 == "line") { n++; spk[n] = $3; len[n] = $2 }; next }
			/^file .line/ { k++; if (spk[k] == who) print; else
				printf "file %cz%03d.wav%c\n", 39, k, 39; next }
			{ print }' "$tmp/rows.tsv" "$tmp/list.txt" >"$tmp/list-$who.txt"
	done
	awk -F '\t' '$1 == "line" { n++; printf "%03d %s\n", n, $2 }' "$tmp/rows.tsv" |
	while read -r f frames; do
		# (the rate given to the null input, so samples are its own)
		sox -q -r "$RATE" -c 2 -n -b 16 "$tmp/z$f.wav" trim 0 "${frames}s"
	done
	for who in A B; do
		ffmpeg -nostdin -hide_banner -loglevel error -y -f concat -safe 0 \
			-i "$tmp/list-$who.txt" -ac 1 -c:a pcm_s16le "$tmp/voice-$who.wav"
	done
	f=$(soxi -D "$tmp/voice-A.wav")
	sox -q -n -r "$RATE" -c 1 -b 16 "$tmp/noise-A.wav" synth "$f" whitenoise lowpass 3000 gain -n -58
	sox -q -n -r "$RATE" -c 1 -b 16 "$tmp/noise-B.wav" synth "$f" whitenoise lowpass 3000 gain -n -60
	sox -q -m -v 1 "$tmp/voice-A.wav" -v "$BLEED" "$tmp/voice-B.wav" \
		-v 1 "$tmp/noise-A.wav" "$dir/.$TRACK_A.tmp.wav"
	sox -q -m -v 1 "$tmp/voice-B.wav" -v "$BLEED" "$tmp/voice-A.wav" \
		-v 1 "$tmp/noise-B.wav" "$tmp/mic-B.wav"
	ffmpeg -nostdin -hide_banner -loglevel error -y -i "$tmp/mic-B.wav" \
		-af "atrim=start=$TRACK_B_LATE,asetpts=PTS-STARTPTS" -ar 48000 \
		-c:a flac -f flac "$dir/.$TRACK_B.tmp"
	mv "$dir/.$TRACK_A.tmp.wav" "$dir/$TRACK_A"
	mv "$dir/.$TRACK_B.tmp" "$dir/$TRACK_B"
	rm -f "$tmp"/z[0-9]*.wav "$tmp"/voice-?.wav "$tmp"/noise-?.wav "$tmp/mic-B.wav"
}

# write_vtt DIR: a speaker-labelled WebVTT from the last render's timings.
write_vtt() {
	local dir=$1 slug kind a b spk text name
	slug=$(basename "$dir")
	{
		echo "WEBVTT"
		while IFS=$'\t' read -r kind a b spk text; do
			[ "$kind" = line ] || continue
			name=$(sed -n "s/^# $spk = //p" "$dir/script.txt")
			printf '\n%s --> %s\n<v %s>%s\n' "$(vtt_time "$a")" \
				"$(vtt_time "$b")" "${name:-$spk}" "$text"
		done <"$work/$slug/timings.tsv"
	} >"$dir/transcript.vtt.tmp"
	mv "$dir/transcript.vtt.tmp" "$dir/transcript.vtt"
	echo "$slug: chapters as rendered:"
	while IFS=$'\t' read -r kind a b; do
		[ "$kind" = section ] || continue
		printf '  - {start: "%s", title: "%s"}\n' "$(chap_time "$a")" "$b"
	done <"$work/$slug/timings.tsv"
}

rendered=0 kept=0
for dir in "$SHOW"/[0-9][0-9][0-9]-*/; do
	dir=${dir%/}
	[ -f "$dir/script.txt" ] || continue
	stamp="$dir/.episode.wav.stamp"
	want=$( { printf '%s\n' "$settings"; cat "$dir/script.txt"; } |
		sha256sum | cut -d' ' -f1)
	tracks_ok=1
	if [ "$(basename "$dir")" = "$TRACKS_EPISODE" ] &&
	   { [ ! -f "$dir/$TRACK_A" ] || [ ! -f "$dir/$TRACK_B" ]; }; then
		tracks_ok=0
	fi
	if [ -f "$dir/episode.wav" ] && [ -f "$stamp" ] && [ "$tracks_ok" = 1 ] &&
	   [ "$(cat "$stamp")" = "$want" ] &&
	   { [ "$write_vtt" -eq 0 ] || [ -f "$work/$(basename "$dir")/timings.tsv" ]; }; then
		kept=$((kept + 1))
	else
		echo "demo: rendering $dir/episode.wav" >&2
		render_episode "$dir"
		if [ "$(basename "$dir")" = "$TRACKS_EPISODE" ]; then
			echo "demo: rendering $dir/$TRACK_A and $TRACK_B" >&2
			render_tracks "$dir"
		fi
		echo "$want" >"$stamp"
		rendered=$((rendered + 1))
	fi
	[ "$write_vtt" -eq 1 ] && write_vtt "$dir"
done
echo "demo: $rendered episode(s) rendered, $kept unchanged" >&2

# The show's cover: a 3000 px square gradient with the title on it.
# The same settings give the same bytes (a fixed seed), so a rebuild after
# drawing it again changes nothing; it is drawn only when missing or when
# the drawing changed (a stamp, as for the audio).
cover="$SHOW/cover.jpg"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
graphic="gradients=s=3000x3000:c0=0x5b1a3a:c1=0xe8875f:x0=0:y0=0"
graphic="$graphic:x1=3000:y1=3000:n=2:d=1:r=1:seed=1"
text=""
if [ -f "$font" ]; then
	text=",drawtext=fontfile=$font:text='Closer':fontsize=400"
	text="$text:fontcolor=white:x=(w-tw)/2:y=h*0.36"
	text="$text,drawtext=fontfile=$font:text='Than Close':fontsize=400"
	text="$text:fontcolor=white:x=(w-tw)/2:y=h*0.52"
fi
want=$(printf '%s\n' "$graphic$text" | sha256sum | cut -d' ' -f1)
if [ ! -f "$cover" ] || [ "$(cat "$SHOW/.cover.jpg.stamp" 2>/dev/null)" != "$want" ]; then
	ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi \
		-i "$graphic$text" -frames:v 1 -q:v 3 -pix_fmt yuvj420p \
		-f image2 "$cover.tmp"
	mv "$cover.tmp" "$cover"
	echo "$want" >"$SHOW/.cover.jpg.stamp"
	echo "demo: wrote $cover" >&2
fi

# The intro and outro jingle (show folder, jingle.wav): a plucked arpeggio
# made with sox, no third-party music. sox -R makes the pluck's noise
# repeatable, so the same recipe gives the same bytes; made again only
# when the recipe changed (a stamp, as for the cover).
jingle="$SHOW/jingle.wav"
notes="C4 E4 G4 C5 E5 G4 C5 E5 G5 C6"
want=$(printf 'v1 %s\n' "$notes" | sha256sum | cut -d' ' -f1)
if [ ! -f "$jingle" ] || [ "$(cat "$SHOW/.jingle.wav.stamp" 2>/dev/null)" != "$want" ]; then
	parts=()
	for n in $notes; do
		sox -R -q -n -r "$RATE" -c 2 -b 16 "$work/jingle-$n.wav" \
			synth 0.3 pluck "$n" pluck "$n" gain -n -3
		parts+=("$work/jingle-$n.wav")
	done
	# a held chord to end on, fading out
	sox -R -q -n -r "$RATE" -c 2 -b 16 "$work/jingle-end.wav" \
		synth 2.5 pluck C4 pluck G4 fade 0 2.5 2 gain -n -3
	sox -R -q "${parts[@]}" "$work/jingle-end.wav" "$jingle.tmp.wav" \
		reverb 30 gain -n -3
	mv "$jingle.tmp.wav" "$jingle"
	echo "$want" >"$SHOW/.jingle.wav.stamp"
	echo "demo: wrote $jingle" >&2
fi

[ "$render_only" -eq 1 ] && exit 0

podkit="$BUILD/podkit"
if [ ! -x "$podkit" ]; then
	echo "demo: '$podkit' is missing: run make first" >&2
	exit 1
fi
"$podkit" build -C "$SHOW" -o "$OUT"

echo
echo "== $OUT/"
ls -lR "$OUT"
if [ -f "$OUT/feed.xml" ]; then
	echo
	echo "== episodes in $OUT/feed.xml"
	/usr/bin/python3 - "$OUT/feed.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET

IT = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
root = ET.parse(sys.argv[1]).getroot()
ch = root.find("channel")
print(ch.findtext("title"), "-", ch.findtext("link"))
for item in ch.findall("item"):
    enc = item.find("enclosure")
    url = enc.get("url") if enc is not None else "(no enclosure)"
    size = enc.get("length") if enc is not None else "?"
    kind = item.findtext(IT + "episodeType") or "full"
    print("  %-3s %-8s %-50s %7s s %9s B  %s" % (
        item.findtext(IT + "episode") or "-", kind, item.findtext("title"),
        item.findtext(IT + "duration") or "?", size, url))
PY
fi

# What normalisation did: the quiet, uneven sources, and what the feed
# serves.
echo
echo "== loudness of the rendered sources"
"$podkit" loudness "$SHOW"/[0-9][0-9][0-9]-*/episode.wav
if ls "$OUT"/audio/*.* >/dev/null 2>&1; then
	echo
	echo "== loudness of the published episodes"
	"$podkit" loudness "$OUT"/audio/*.*
fi

echo
echo "== podkit lint $OUT/feed.xml"
"$podkit" lint "$OUT/feed.xml"

# Publish to the plain folder the sample show names (file:///tmp/...), the
# way it would go to S3 or WebDAV: run twice, the second sends nothing.
target=$(sed -n 's|^  target: *file://\(/[^ ]*\)$|\1|p' "$SHOW/show.yaml")
if [ -n "$target" ]; then
	mkdir -p "$target"
	echo
	echo "== podkit publish to file://$target"
	"$podkit" publish -C "$SHOW" -o "$OUT"
	echo "== and again: nothing has changed, so nothing is sent"
	"$podkit" publish -C "$SHOW" -o "$OUT"
fi
