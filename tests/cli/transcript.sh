#!/bin/bash
# transcript.sh: `podkit transcript`: SRT and WebVTT checked with line
# numbers, speakers kept, VTT/SRT/JSON written.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1

cat > t.srt <<'SRT'
1
00:00:00,500 --> 00:00:02,000
Maya Ortiz: Hello and welcome.

2
00:00:02,000 --> 00:00:04,000
Dr. Lee: Thanks for having me,
it is good to be here.
SRT
cat > t.vtt <<'VTT'
WEBVTT

NOTE speakers from voice spans

00:00.500 --> 00:02.000
<v Maya Ortiz>Hello and welcome.

00:02.000 --> 00:04.000
<v Dr. Lee>Thanks for having me,
it is good to be here.
VTT
sine a.wav 5 -20
check "srt checks against the audio" $PODKIT transcript --check -a a.wav t.srt
check "srt to feed/transcripts" $PODKIT transcript -o out -s 001-a -p "Maya Ortiz" -p "Dr. Lee" t.srt
for e in vtt srt json; do
	check "transcripts/001-a.$e written" test -s out/transcripts/001-a.$e
done
check_diff "srt out of srt is the same" t.srt <(sed '$d' out/transcripts/001-a.srt)
$PODKIT transcript t.vtt > from-vtt.vtt
check_diff "vtt from srt equals vtt from vtt" out/transcripts/001-a.vtt from-vtt.vtt
check_grep "vtt has voice spans" '^<v Dr\. Lee>Thanks for having me,$' from-vtt.vtt
check "json transcript valid" /usr/bin/python3 -c "
import json
d = json.load(open('out/transcripts/001-a.json'))
assert d['version'] == '1.0.0'
s = d['segments']
assert [x['speaker'] for x in s] == ['Maya Ortiz', 'Dr. Lee'], s
assert s[1]['startTime'] == 2.0 and s[1]['endTime'] == 4.0, s
assert s[1]['body'] == 'Thanks for having me, it is good to be here.', s
"
# ffmpeg reads both outputs as subtitles.
check "ffmpeg reads the vtt" ffmpeg -v error -y -i out/transcripts/001-a.vtt -f webvtt ff.vtt
check "ffmpeg reads the srt" ffmpeg -v error -y -i out/transcripts/001-a.srt -f srt ff.srt

cat > bad.srt <<'SRT'
1
00:00:00,500 --> 00:00:02,000
fine

two
00:00:03.000 --> 00:00:04,000
a dot where SRT has a comma

3
00:00:02,000 --> 00:00:01,000
ends before it starts

4
00:00:00,100 --> 00:00:09,000
goes back in time and past the end
SRT
check_exit "bad srt" 1 $PODKIT transcript -d 5 bad.srt
cat > expect.err <<'ERR'
podkit: bad.srt:5: expected a cue number, got 'two'
podkit: bad.srt:6: '00:00:03.000 --> 00:00:04,000' is not a cue timing (HH:MM:SS,mmm --> HH:MM:SS,mmm)
podkit: bad.srt:10: cue ends at 00:00:01.000, not after its start 00:00:02.000
podkit: bad.srt:14: cue starts at 00:00:00.100, before the cue before it (00:00:02.000)
podkit: bad.srt:14: cue ends at 00:00:09.000, after the end of the audio (00:00:05.000)
ERR
check_diff "every problem, with its line" expect.err "$T/stderr"
printf 'WEBVTT\n\n00:01.000 --> 00:02.000\n' > notext.vtt
check_exit "cue without text" 1 $PODKIT transcript notext.vtt
check_grep "cue without text named" '^podkit: notext.vtt:3: cue has no text$' "$T/stderr"
printf '1\n00:00:01.000 --> 00:00:02.000\nx\n' > nohead.vtt
check_exit "vtt without header" 1 $PODKIT transcript nohead.vtt
check_grep "header named" "^podkit: nohead.vtt:1: a WebVTT file must start with 'WEBVTT'$" "$T/stderr"
mkdir -p keep/transcripts && echo old > keep/transcripts/x.vtt
check_exit "nothing written on error" 1 $PODKIT transcript -o keep -s x bad.srt
check_eq "old output kept" "$(cat keep/transcripts/x.vtt)" old
check_exit "missing file" 1 $PODKIT transcript nope.srt
check_grep "missing file named" '^podkit: nope.srt: ' "$T/stderr"
check_exit "usage" 2 $PODKIT transcript -o out t.srt
