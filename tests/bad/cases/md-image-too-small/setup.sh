ffmpeg -loglevel error -f lavfi -i color=c=red:s=200x200 -frames:v 1 show/099-bad/c.jpg
