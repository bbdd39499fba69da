ffmpeg -loglevel error -f lavfi -i color=c=red:s=1400x1400 -frames:v 1 -pix_fmt gray in.png
