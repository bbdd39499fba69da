# publish_common.sh: sourced by the publish tests after tests/lib.sh: a
# small output folder built by hand (so the tests need no other part of
# podkit), a change to one episode, and the checks every target shares.

# rand_file PATH BYTES: random bytes.
rand_file() { head -c "$2" /dev/urandom > "$1"; }

# media FEED DIR SLUG EXT BYTES: a content-addressed file (the build names
# media by their hash), echoed as its key.
media() {
	local tmp=$1/.tmp.$$ h
	rand_file "$tmp" "$5"
	h=$(sha256sum "$tmp" | cut -c1-8)
	mkdir -p "$1/$2"
	mv "$tmp" "$1/$2/$3.$h.$4"
	echo "$2/$3.$h.$4"
}

# write_feed FEED: a small feed.xml naming the media, chapters and
# transcripts present.
write_feed() {
	local f=$1 k
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Test</title>'
		for k in $(cd "$f" && ls audio/*.mp3); do
			echo "<item><title>$k</title><enclosure url=\"https://cdn.example.com/$k\" type=\"audio/mpeg\" length=\"$(stat -c %s "$f/$k")\"/></item>"
		done
		for k in $(cd "$f" && ls chapters/*.json transcripts/*); do
			echo "<!-- $k -->"
		done
		echo "<!-- $(date +%s%N) --></channel></rss>"
	} > "$f/feed.xml"
}

# make_feed FEED: two episodes and a third, larger one (sent in parts
# when the tests lower PODKIT_MULTIPART_THRESHOLD).
make_feed() {
	local f=$1
	mkdir -p "$f/images" "$f/chapters" "$f/transcripts" "$f/episodes"
	media "$f" audio 001-hello mp3 150000 >/dev/null
	media "$f" audio 002-topic mp3 120000 >/dev/null
	media "$f" audio 003-long mp3 3300000 >/dev/null
	rand_file "$f/images/cover.jpg" 3000
	rand_file "$f/images/cover-1400.png" 2000
	echo '{"version":"1.2.0","chapters":[{"startTime":0,"title":"a"}]}' > "$f/chapters/001.json"
	echo '{"version":"1.2.0","chapters":[{"startTime":0,"title":"b"}]}' > "$f/chapters/002.json"
	printf 'WEBVTT\n\n00:00.000 --> 00:01.000\n<v Maya>Hello\n' > "$f/transcripts/001.vtt"
	printf '1\n00:00:00,000 --> 00:00:01,000\nHello\n' > "$f/transcripts/001.srt"
	echo '<!doctype html><title>Test</title>' > "$f/index.html"
	echo '<!doctype html><title>1</title>' > "$f/episodes/001.html"
	echo '<!doctype html><title>2</title>' > "$f/episodes/002.html"
	echo 'build state, never published' > "$f/.podkit-state"
	write_feed "$f"
}

# change_episode FEED: episode 2 re-encoded (a new audio name), its
# chapters and page edited, the feed rewritten: 4 files to upload, and the
# old audio left stale. Echoes the old audio's key.
change_episode() {
	local f=$1 old
	old=$(cd "$f" && ls audio/002-topic.*.mp3)
	rm "$f/$old"
	media "$f" audio 002-topic mp3 125000 >/dev/null
	echo '{"version":"1.2.0","chapters":[{"startTime":5,"title":"c"}]}' > "$f/chapters/002.json"
	echo '<!doctype html><title>2 edited</title>' > "$f/episodes/002.html"
	write_feed "$f"
	echo "$old"
}

# local_keys FEED: what should be published, sorted.
local_keys() {
	(cd "$1" && find . -name '.?*' -prune -o -type f -print |
		sed 's|^\./||' | LC_ALL=C sort)
}

# expected_type KEY
expected_type() {
	case $1 in
	feed.xml) echo application/rss+xml ;;
	*.mp3) echo audio/mpeg ;;
	*.jpg) echo image/jpeg ;;
	*.png) echo image/png ;;
	*.json) echo application/json ;;
	*.vtt) echo text/vtt ;;
	*.srt) echo application/x-subrip ;;
	*.html) echo "text/html" ;;
	esac
}

# check_readback DESC FEED FETCH_FN: every local file read back through
# FETCH_FN KEY (which prints the remote bytes) has the same SHA-256.
check_readback() {
	local desc=$1 f=$2 fn=$3 k bad="" n=0
	for k in $(local_keys "$f"); do
		n=$((n + 1))
		if [ "$("$fn" "$k" | sha256sum | cut -d' ' -f1)" != \
		     "$(sha256sum < "$f/$k" | cut -d' ' -f1)" ]; then
			bad="$bad $k"
		fi
	done
	if [ -z "$bad" ] && [ "$n" -gt 0 ]; then ok "$desc ($n files)"; else
		not_ok "$desc"; echo "#   differ:$bad"; fi
}

# check_same_set DESC FEED LIST_FN: the remote side holds exactly the
# local files (no missing and no stray objects).
check_same_set() {
	local_keys "$2" > "$T/want.keys"
	"$3" | LC_ALL=C sort > "$T/got.keys"
	check_diff "$1" "$T/want.keys" "$T/got.keys"
}

# check_summary DESC FILE UPLOADED UNCHANGED [DELETED]
check_summary() {
	check_grep "$1" "^$3 uploaded, $4 unchanged, ${5:-0} deleted" "$2"
}
