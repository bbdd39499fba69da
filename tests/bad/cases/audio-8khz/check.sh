# 8 kHz audio is encoded; its length survives.
d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 out/audio/099-bad-*.mp3)
awk -v d="$d" 'BEGIN { exit !(d > 0.9 && d < 1.2) }'
