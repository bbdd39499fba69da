# Eight channels are mixed down to stereo, not refused.
test "$(ffprobe -v error -show_entries stream=channels -of csv=p=0 out/audio/099-bad-*.mp3)" = 2
