ffmpeg -loglevel error -f lavfi -i color=c=red:s=1600x1400 -frames:v 1 show/099-bad/c.jpg
