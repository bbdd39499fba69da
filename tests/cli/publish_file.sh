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
	(cd "$D" && find . -name '.?*' -prune -o -type f -print | sed 's|^\./||')
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
/usr/bin/python3 "$ROOT/tests/hub.py" "$H" "$T/hub.log" 1 &
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
check_exit "no ping when the feed did not change" 0 pub --feed-url https://example.com/feed.xml \
	--hub "http://127.0.0.1:$H/hub"
check_eq "hub not pinged again" "$(wc -l < "$T/hub.log")" 2
