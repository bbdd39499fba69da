ffmpeg -loglevel error -f lavfi -i color=c=red:s=1400x1400 -frames:v 1 -c:v png -f image2 in.jpg
