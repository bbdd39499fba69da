# An encoded file truncated to 0 bytes is made again, and the feed gives
# its real length.
f=$(ls out/audio/001-good1-*.mp3)
test -s "$f"
grep -q "$(basename "$f")\" length=\"$(stat -c %s "$f")\"" out/feed.xml
ffprobe -v error "$f"
