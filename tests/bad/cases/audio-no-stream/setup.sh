# A video file with no audio stream in it.
ffmpeg -loglevel error -f lavfi -i color=c=red:s=64x64:d=1 -c:v mpeg4 \
	-f mp4 show/099-bad/a.mp4
sed -i 's/^audio: a.wav/audio: a.mp4/' show/099-bad/episode.md
