ffmpeg -loglevel error -y -f lavfi -i color=c=red:s=1000x1000 -frames:v 1 show/cover.jpg
