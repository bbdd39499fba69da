# publish_dav.sh: podkit publish to WebDAV (Debian's nginx with dav and
# dav_ext, basic auth) on 127.0.0.1: first, no-op and one-episode
# publishes, read-back, types, --delete, a wrong password, injected
# faults, and the server killed mid-upload.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/servers/publish_servers.sh"
. "$ROOT/tests/publish_common.sh"

P=$(free_port)
start_dav "$P" alice 'pass-Word-99' || { not_ok "nginx started"; cat "$T/nginx/logs/"*; exit 1; }
at_exit stop_dav

export PODKIT_WEBDAV_USER=alice PODKIT_WEBDAV_PASSWORD=pass-Word-99
export PODKIT_CREDENTIALS=$T/no-such-file PODKIT_RETRY_BASE_MS=50
F=$T/feed
make_feed "$F"
URL=http://127.0.0.1:$P/show
pub() { "$PODKIT" publish -o "$F" "$@"; }
fetch() { curl -sf "$URL/$1"; }
remote_list() {
	(cd "$T/dav/show" && find . -type f ! -name .podkit-manifest.json |
		sed 's|^\./||')
}

check_exit "first publish succeeds" 0 pub --to "$URL" -v
check_summary "first publish uploads everything" "$T/stdout" 13 0
check_no_grep "every type served as sent (no warning)" "is served as" "$T/stderr"
cp "$T/stderr" "$T/first.trace"
check_grep "folders made with MKCOL" '> MKCOL /show/audio/ ' "$T/first.trace"
check_grep "feed put beside its place" '> PUT /show/\.feed\.xml\.podkit-tmp ' "$T/first.trace"
check_grep "then MOVEd over the live one" '> MOVE /show/\.feed\.xml\.podkit-tmp ' "$T/first.trace"
check_grep "Authorization redacted in -v traces" 'Authorization: \[redacted\]' "$T/first.trace"
b64=$(printf 'alice:pass-Word-99' | base64)
cat "$T/stdout" "$T/stderr" > "$T/all"
check_no_grep "password appears nowhere (plain or base64)" "pass-Word-99|$b64" "$T/all"
check_readback "every file reads back with its SHA-256" "$F" fetch
check_same_set "remote holds exactly the output folder" "$F" remote_list
check_grep "manifest records the hashes" \
	"$(sha256sum < "$F/feed.xml" | cut -d' ' -f1)" "$T/dav/show/.podkit-manifest.json"
bad=""
for k in $(local_keys "$F"); do
	curl -sfI "$URL/$k" | tr -d '\r' > "$T/h"
	grep -qi "^content-type: $(expected_type "$k")" "$T/h" || bad="$bad $k"
	grep -qi "^content-length: $(stat -c %s "$F/$k")\$" "$T/h" || bad="$bad $k(size)"
done
check_eq "content types and sizes as served" "$bad" ""

check_exit "no-op publish succeeds" 0 pub --to "$URL" -v
check_summary "no-op publish uploads nothing" "$T/stdout" 0 13
check_eq "no-op publish sends one request (the manifest)" \
	"$(grep -cE '^podkit: > [A-Z]+ ' "$T/stderr")" 1

old=$(change_episode "$F")
check_exit "publish after one episode changed" 0 pub --to "$URL"
check_summary "only its files and the feed uploaded" "$T/stdout" 4 9
printf 'WEBVTT\n' > "$F/transcripts/002.vtt"
mv "$T/nginx/nginx.conf" "$T/nginx/nginx.conf.good"
sed 's/types { text\/vtt vtt;/types {/' "$T/nginx/nginx.conf.good" > "$T/nginx/nginx.conf"
kill -HUP "$DAV_PID"; sleep 0.5
check_exit "a type the server gets wrong" 0 pub --to "$URL"
check_grep "is reported, not fatal" "warning: 'transcripts/002.vtt' is served as 'application/octet-stream', not 'text/vtt'" "$T/stderr"
cp "$T/nginx/nginx.conf.good" "$T/nginx/nginx.conf"
kill -HUP "$DAV_PID"; sleep 0.5
check_readback "changed files read back" "$F" fetch
rm "$F/transcripts/002.vtt"
check_exit "publish --delete" 0 pub --to "$URL" --delete
check_summary "--delete removes the stale files" "$T/stdout" 0 13 2
check_eq "stale audio gone" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/$old")" 404
check_same_set "no stray files after --delete" "$F" remote_list

echo tweak >> "$F/index.html"
check_exit "wrong password fails" 1 env PODKIT_WEBDAV_PASSWORD=bad-Guess-123 \
	"$PODKIT" publish -o "$F" --to "$URL" -v
check_grep "wrong password: clear message" "401.*credentials refused" "$T/stderr"
b64=$(printf 'alice:bad-Guess-123' | base64)
cat "$T/stdout" "$T/stderr" > "$T/all"
check_no_grep "wrong password appears nowhere" "bad-Guess-123|$b64" "$T/all"

# Injected faults through the proxy.
Q=$(free_port)
/usr/bin/python3 "$ROOT/tests/servers/faultproxy.py" "$Q" "$P" 2 \
	>"$T/proxy.out" 2>"$T/proxy.err" &
PROXY_PID=$!
stop_proxy() { kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; }
at_exit stop_proxy
wait_port "$Q" 10
change_episode "$F" >/dev/null
check_exit "publish through injected 5xx/429/drops" 0 pub \
	--to "http://127.0.0.1:$Q/show" -j 4
check_grep "retries reported" "[0-9]+ retried" "$T/stdout"
stop_proxy
check_grep "the proxy injected faults" "^faults [1-9]" "$T/proxy.err"
check_readback "files read back after retries" "$F" fetch

# nginx killed mid-upload, then restarted.
fetch feed.xml > "$T/feed.before"
media "$F" audio 005-killed mp3 3000000 >/dev/null
change_episode "$F" >/dev/null
pub --to "$URL" --limit-rate 300k -q >"$T/killed.out" 2>&1 &
PUB=$!
sleep 1
# master and worker together, as a crash would take them
workers=$(pgrep -P "$DAV_PID")
kill -9 "$DAV_PID" $workers
wait "$DAV_PID" 2>/dev/null; DAV_PID=
wait "$PUB"; rc=$?
check_eq "publish fails when the server dies" "$rc" 1
check_eq "old feed still in place" \
	"$(sha256sum < "$T/dav/show/feed.xml")" "$(sha256sum < "$T/feed.before")"
start_dav "$P" alice 'pass-Word-99'
check_exit "rerun converges" 0 pub --to "$URL" --delete
check_readback "every file correct after the rerun" "$F" fetch
check_same_set "no missing or stray files after the rerun" "$F" remote_list
