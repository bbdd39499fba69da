# publish_file.sh: podkit publish to a folder (file:///), the command line,
# --dry-run, --delete, and the WebSub ping after the feed is live.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/publish_common.sh"

export PODKIT_CREDENTIALS=$T/no-such-file PODKIT_RETRY_BASE_MS=50
F=$T/feed
D=$T/site
mkdir -p "$D"
make_feed "$F"
pub() { "$PODKIT" publish -o "$F" --to "file://$D" "$@"; }
fetch() { cat "$D/$1"; }
remote_list() {
	(cd "$D" && find . -type f ! -name .podkit-manifest.json | sed 's|^\./||')
}

check_exit "--help exits 0" 0 "$PODKIT" publish --help
check_grep "--help lists --dry-run" "--dry-run" "$T/stdout"
check_exit "a bad option exits 2" 2 "$PODKIT" publish --bogus
check_grep "bad usage points at the help" "podkit: try 'podkit help publish'" "$T/stderr"
check_exit "-j 0 exits 2" 2 pub -j 0
check_exit "an unknown target scheme fails" 1 "$PODKIT" publish -o "$F" --to ftp://x/y
check_grep "and says which schemes work" "unknown target" "$T/stderr"
check_exit "a missing output folder fails" 1 "$PODKIT" publish -o "$T/none" --to "file://$D"
check_grep "and says so" "no such folder" "$T/stderr"
# A target folder that does not exist is not made up (a typo would publish
# somewhere unseen): the message says how to create it.
check_exit "a missing target folder fails" 1 "$PODKIT" publish -o "$F" --to "file://$T/not/there"
check_grep "and says how to create it" \
	"^podkit: '$T/not/there': no such folder; create it with 'mkdir -p $T/not/there'" "$T/stderr"
check "and nothing was created" test ! -e "$T/not"

check_exit "dry run succeeds" 0 pub --dry-run
check_grep "dry run lists the uploads" "^upload audio/001-hello\.[0-9a-f]{8}\.mp3 \(new" "$T/stdout"
check_grep "dry run puts the feed last" "^upload feed\.xml .*last\)$" <(grep '^upload' "$T/stdout" | tail -1)
check_eq "dry run changes nothing" "$(find "$D" -type f | wc -l)" 0

check_exit "first publish succeeds" 0 pub
check_summary "first publish copies everything" "$T/stdout" 13 0
check_readback "every file copied with its SHA-256" "$F" fetch
check_same_set "folder holds exactly the output (no state files)" "$F" remote_list
check_exit "no-op publish" 0 pub
check_summary "no-op publish copies nothing" "$T/stdout" 0 13
check_eq "no progress when stderr is not a terminal" "$(cat "$T/stderr")" ""
if command -v script >/dev/null 2>&1; then
	touch "$F/index.html" "$F/chapters/001.json"
	echo more >> "$F/index.html"
	script -qec "'$PODKIT' publish -o '$F' --to 'file://$D'" /dev/null \
		> "$T/tty.out" 2>&1
	check_grep "a progress line on a terminal (files, bytes, rate)" \
		'\] 1/1 files .*B/s' "$T/tty.out"
fi
old=$(change_episode "$F")
check_exit "publish after one episode changed" 0 pub -q
check_eq "-q prints nothing" "$(cat "$T/stdout" "$T/stderr")" ""
check_readback "changed files copied" "$F" fetch
check_exit "publish --delete" 0 pub --delete
check_summary "--delete removes the stale file" "$T/stdout" 0 13 1
check_same_set "no stray files" "$F" remote_list

# WebSub: the hub pinged once the feed is live, retried through a 503; a
# dead hub is reported and not fatal.
H=$(free_port)
/usr/bin/python3 "$ROOT/tests/servers/hub.py" "$H" "$T/hub.log" 1 &
HUB_PID=$!
stop_hub() { kill "$HUB_PID" 2>/dev/null; wait "$HUB_PID" 2>/dev/null; }
at_exit stop_hub
wait_port "$H" 10
dead=$(free_port)
change_episode "$F" >/dev/null
check_exit "publish with WebSub hubs" 0 pub --feed-url https://example.com/feed.xml \
	--hub "http://127.0.0.1:$H/hub" --hub "http://127.0.0.1:$dead/"
check_grep "hub pinged with hub.mode=publish and the feed URL" \
	'^POST /hub hub\.mode=publish&hub\.url=https%3A%2F%2Fexample\.com%2Ffeed\.xml' "$T/hub.log"
check_eq "the hub's 503 was retried" "$(wc -l < "$T/hub.log")" 2
check_grep "summary counts the notifications" "1 notified, 1 notifications failed" "$T/stdout"
check_grep "the dead hub is reported" "warning: .*not notified" "$T/stderr"
check_grep "a hub the feed does not announce is reported" \
	"warning: feed.xml does not announce the hub 'http://127.0.0.1:$H/hub'" "$T/stderr"
check_exit "no ping when the feed did not change" 0 pub --feed-url https://example.com/feed.xml \
	--hub "http://127.0.0.1:$H/hub"
check_eq "hub not pinged again" "$(wc -l < "$T/hub.log")" 2

# The settings from show.yaml `publish:`: target, hubs, Podcast Index and
# podping (their endpoints pointed at the local stand-in).
"$PODKIT" init "$T/show" >/dev/null 2>&1
D2=$T/site2
mkdir -p "$D2"
cat >> "$T/show/show.yaml" <<YAML
publish:
  target: file://$D2
  websub_hubs: [http://127.0.0.1:$H/show-hub]
  podcastindex: true
  podping: true
YAML
: > "$T/hub.log"
check_exit "publish with the show's settings" 0 env \
	PODKIT_PODCASTINDEX_URL="http://127.0.0.1:$H/pi" \
	PODKIT_PODPING_URL="http://127.0.0.1:$H/podping" \
	PODPING_TOKEN=tok-Secret-5 \
	"$PODKIT" publish -C "$T/show" -o "$F" -v
check_summary "the show's target used" "$T/stdout" 13 0
site2_list() {
	(cd "$D2" && find . -type f ! -name .podkit-manifest.json | sed 's|^\./||')
}
check_same_set "folder from show.yaml holds the output" "$F" site2_list
check_grep "the show's WebSub hub pinged" '^POST /show-hub hub\.mode=publish&hub\.url=https%3A%2F%2Fexample\.com%2Ffeed\.xml' "$T/hub.log"
check_grep "Podcast Index pubnotify sent the feed URL" '^GET /pi\?url=https%3A%2F%2Fexample\.com%2Ffeed\.xml' "$T/hub.log"
check_grep "podping sent with its token" '^GET /podping\?url=https%3A%2F%2Fexample\.com%2Ffeed\.xml .*auth=yes' "$T/hub.log"
check_grep "three notifications counted" "3 notified, 0 notifications failed" "$T/stdout"
cat "$T/stdout" "$T/stderr" > "$T/all"
check_no_grep "podping token appears nowhere" "tok-Secret-5" "$T/all"

# A feed naming a file that is neither built nor published is not sent.
echo "media_url: https://cdn.example.com/" >> "$T/show/show.yaml"
cp "$D2/feed.xml" "$T/feed.live"
sed -i 's|</channel>|<item><enclosure url="https://cdn.example.com/audio/missing.mp3" length="1" type="audio/mpeg"/></item></channel>|' "$F/feed.xml"
check_exit "a feed naming a missing file is refused" 1 "$PODKIT" publish -C "$T/show" -o "$F"
check_grep "and says which file" "feed.xml names 'audio/missing.mp3'" "$T/stderr"
check_diff "the live feed is untouched" "$T/feed.live" "$D2/feed.xml"
write_feed "$F"
check_exit "a feed naming only published files goes up" 0 "$PODKIT" publish -C "$T/show" -o "$F"
check_summary "just the feed" "$T/stdout" 1 12
