test "$(ffprobe -v error -show_entries stream=channels -of csv=p=0 out/normalized.mp3)" = 2
