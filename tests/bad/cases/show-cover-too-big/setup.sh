ffmpeg -loglevel error -y -f lavfi -i color=c=red:s=3200x3200 -frames:v 1 show/cover.jpg
