# 384 kHz audio is resampled to a rate MP3 has (at most 48 kHz).
r=$(ffprobe -v error -show_entries stream=sample_rate -of csv=p=0 out/audio/099-bad-*.mp3)
test "$r" -le 48000
d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 out/audio/099-bad-*.mp3)
awk -v d="$d" 'BEGIN { exit !(d > 0.9 && d < 1.2) }'
