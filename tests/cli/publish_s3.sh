# publish_s3.sh: podkit publish to a real S3 server (s3rver, which checks
# SigV4 signatures) on 127.0.0.1: first, no-op and one-episode publishes,
# read-back, types and caching, multipart, --delete, a wrong secret, a bad
# bucket, injected 5xx/429/dropped answers, and a server killed mid-upload.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/servers/publish_servers.sh"
. "$ROOT/tests/publish_common.sh"

if ! sh "$ROOT/tests/servers/setup-node.sh"; then
	not_ok "s3rver 4.0.4 installed into tests/servers/.node"; exit 1
fi
P=$(free_port)
start_s3 "$P" podcast || { not_ok "s3rver started"; cat "$T/s3.log"; exit 1; }
at_exit stop_s3

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
unset AWS_SESSION_TOKEN
export PODKIT_CREDENTIALS=$T/no-such-file
# Small parts so the 3.3 MB episode goes up in four; quick retries.
export PODKIT_MULTIPART_THRESHOLD=2M PODKIT_MULTIPART_PART_SIZE=1M
export PODKIT_RETRY_BASE_MS=50
F=$T/feed
make_feed "$F"
END=http://127.0.0.1:$P
pub() { "$PODKIT" publish -o "$F" --to s3://podcast/show --path-style "$@"; }
fetch() { curl -sf "$END/podcast/show/$1"; }
remote_list() {
	(cd "$T/s3data/podcast/show" && find . -name '*._S3rver_object' |
		sed 's|^\./||; s|\._S3rver_object$||')
}

check_exit "first publish succeeds" 0 pub --endpoint "$END" -v
check_summary "first publish uploads everything" "$T/stdout" 13 0
cp "$T/stderr" "$T/first.trace"
check_grep "large file started as a multipart upload" \
	'> POST /podcast/show/audio/003-long\.[0-9a-f]+\.mp3\?uploads= ' "$T/first.trace"
check_grep "its parts sent" 'partNumber=4&uploadId=' "$T/first.trace"
check_grep "payload hash always sent" 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$T/first.trace"
check_grep "Authorization redacted in -v traces" 'Authorization: \[redacted\]' "$T/first.trace"
check_no_grep "no signature in -v traces" 'Signature=' "$T/first.trace"
# The feed's PUT comes after every other PUT.
last_media=$(grep -n '> PUT ' "$T/first.trace" | grep -v feed.xml | tail -1 | cut -d: -f1)
feed_put=$(grep -n '> PUT /podcast/show/feed.xml' "$T/first.trace" | cut -d: -f1)
if [ -n "$feed_put" ] && [ "$feed_put" -gt "$last_media" ]; then
	ok "feed uploaded last"; else not_ok "feed uploaded last ($feed_put <= $last_media)"; fi
check_readback "every object reads back with its SHA-256" "$F" fetch
check_same_set "remote holds exactly the output folder" "$F" remote_list

# Types and caching as stored.
bad=""
for k in $(local_keys "$F"); do
	curl -sfI "$END/podcast/show/$k" | tr -d '\r' > "$T/h"
	grep -qi "^content-type: $(expected_type "$k")" "$T/h" || bad="$bad $k(type)"
	case $k in
	audio/*) want='public, max-age=31536000, immutable' ;;
	feed.xml|*.html) want='public, max-age=300' ;;
	*) want='public, max-age=3600' ;;
	esac
	grep -qi "^cache-control: $want\$" "$T/h" || bad="$bad $k(cache)"
	grep -qi "^x-amz-meta-sha256: $(sha256sum < "$F/$k" | cut -d' ' -f1)" "$T/h" ||
		bad="$bad $k(sha)"
done
check_eq "content types, cache headers and stored hashes" "$bad" ""

check_exit "no-op publish succeeds" 0 pub --endpoint "$END" -v
check_summary "no-op publish uploads nothing" "$T/stdout" 0 13
check_eq "no-op publish sends one request (the quick check)" \
	"$(grep -cE '^podkit: > (GET|PUT|HEAD|POST|DELETE) ' "$T/stderr")" 1
check_grep "the quick check is a HEAD of feed.xml" '^podkit: > HEAD /podcast/show/feed.xml ' "$T/stderr"
check_exit "no-op with --full-check" 0 pub --endpoint "$END" --full-check -v
check_summary "--full-check finds nothing either" "$T/stdout" 0 13
check_eq "--full-check lists, and needs no HEAD (hashes cached by ETag)" \
	"$(grep -cE '^podkit: > (GET /podcast\?list-type=2[^ ]*|PUT|HEAD|POST|DELETE) ' "$T/stderr")" 1
# Someone else changes the bucket: an object deleted behind podkit's back
# is found by --full-check; a feed published by someone else is noticed
# by the quick check itself.
rm "$T/s3data/podcast/show/chapters/001.json._S3rver_object"* 
check_exit "--full-check restores a file deleted out of band" 0 pub --endpoint "$END" --full-check
check_summary "just that file" "$T/stdout" 1 12
curl -sf -X PUT --aws-sigv4 aws:amz:us-east-1:s3 -u S3RVER:S3RVER \
	-H "x-amz-content-sha256: UNSIGNED-PAYLOAD" --data-binary 'other' \
	"$END/podcast/show/feed.xml" >/dev/null
check_exit "a feed replaced by someone else" 0 pub --endpoint "$END"
check_summary "is noticed and put back" "$T/stdout" 1 12

old=$(change_episode "$F")
check_exit "publish after one episode changed (with a canned ACL)" 0 pub \
	--endpoint "$END" --acl public-read -v
check_summary "only its files and the feed uploaded" "$T/stdout" 4 9
check_eq "the canned ACL sent (signed) with each of the 4 PUTs" \
	"$(grep -c '^podkit: > x-amz-acl: public-read' "$T/stderr")" 4
check_readback "changed objects read back" "$F" fetch
check_eq "stale audio kept without --delete" \
	"$(fetch "$old" | wc -c)" 120000

check_exit "dry run with --delete" 0 pub --endpoint "$END" --dry-run --delete
check_grep "dry run plans the delete" "^delete $old " "$T/stdout"
check_eq "dry run deleted nothing" "$(fetch "$old" | wc -c)" 120000
check_exit "publish --delete" 0 pub --endpoint "$END" --delete
check_summary "--delete removes the stale file" "$T/stdout" 0 13 1
check_same_set "no stray objects after --delete" "$F" remote_list

# A wrong secret: exit 1, a clear message, the secret nowhere.
echo tweak >> "$F/index.html"
check_exit "wrong secret fails" 1 env AWS_SECRET_ACCESS_KEY=wrong-Secret-4711 \
	"$PODKIT" publish -o "$F" --to s3://podcast/show --path-style \
	--endpoint "$END" -v
check_grep "wrong secret: clear message" \
	"SignatureDoesNotMatch.*credentials refused" "$T/stderr"
cat "$T/stdout" "$T/stderr" > "$T/all"
check_no_grep "wrong secret appears nowhere" 'wrong-Secret-4711' "$T/all"
check_exit "a missing bucket fails" 1 "$PODKIT" publish -o "$F" \
	--to s3://nobucket/x --path-style --endpoint "$END"
check_grep "missing bucket: clear message" "NoSuchBucket" "$T/stderr"
check_exit "no credentials fails" 1 env -u AWS_ACCESS_KEY_ID "$PODKIT" \
	publish -o "$F" --to s3://podcast/show --endpoint "$END"
check_grep "no credentials: says which variables" "AWS_ACCESS_KEY_ID" "$T/stderr"

# Injected faults: every second new request answered 503, 500, 429 or
# dropped on its first try, then forwarded.
Q=$(free_port)
/usr/bin/python3 "$ROOT/tests/servers/faultproxy.py" "$Q" "$P" 2 \
	>"$T/proxy.out" 2>"$T/proxy.err" &
PROXY_PID=$!
stop_proxy() { kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; }
at_exit stop_proxy
wait_port "$Q" 10
change_episode "$F" >/dev/null
media "$F" audio 004-faults mp3 2500000 >/dev/null
write_feed "$F"
check_exit "publish through injected 5xx/429/drops" 0 pub \
	--endpoint "http://127.0.0.1:$Q" -j 4
check_grep "retries reported in the summary" "[0-9]+ retried" "$T/stdout"
stop_proxy
check_grep "the proxy injected faults" "^faults [1-9]" "$T/proxy.err"
check_readback "objects read back after retries" "$F" fetch

# The server killed during an upload: the old feed stays live; after a
# restart the rerun resumes the multipart upload and converges.
fetch feed.xml > "$T/feed.before"
media "$F" audio 005-killed mp3 6000000 >/dev/null
change_episode "$F" >/dev/null
pub --endpoint "$END" --limit-rate 1M -j 2 -q >"$T/killed.out" 2>&1 &
PUB=$!
# Kill once the journal records a part the server confirmed.
for i in $(seq 100); do
	cat "$F"/.podkit-publish/mpu-*.json 2>/dev/null | grep -qF '"\"' && break
	sleep 0.1
done
kill -9 "$S3_PID"; wait "$S3_PID" 2>/dev/null; S3_PID=
wait "$PUB"; rc=$?
done_parts=$(cat "$F"/.podkit-publish/mpu-*.json 2>/dev/null | grep -oF '"\"' | wc -l)
upload_id=$(sed 's/.*"upload_id": *"\([^"]*\)".*/\1/' "$F"/.podkit-publish/mpu-*.json 2>/dev/null)
check_eq "publish fails when the server dies" "$rc" 1
check_grep "and says why" "podkit: cannot" "$T/killed.out"
start_s3 "$P" podcast
check_eq "old feed still live after the interrupted publish" \
	"$(fetch feed.xml | sha256sum)" "$(sha256sum < "$T/feed.before")"
check_exit "rerun converges" 0 pub --endpoint "$END" --delete -v
if [ "$done_parts" -ge 1 ] && [ "$done_parts" -lt 6 ]; then
	ok "the interrupted upload had $done_parts of 6 parts"
else not_ok "the interrupted upload had 1 to 5 of 6 parts (got $done_parts)"; fi
check_eq "rerun sends only the missing parts" \
	"$(grep -c '> PUT .*005-killed.*partNumber=' "$T/stderr")" $((6 - done_parts))
check_grep "with the same upload id (resumed)" "uploadId=$upload_id" "$T/stderr"
check_readback "every object correct after the rerun" "$F" fetch
check_same_set "no missing or stray objects after the rerun" "$F" remote_list
check_exit "and a further run is a no-op" 0 pub --endpoint "$END"
check_grep "no-op after convergence" "^0 uploaded" "$T/stdout"

# A journal left by an abandoned upload of other bytes under the same key:
# that upload is aborted, a new one started.
k=$(media "$F" audio 006-redo mp3 2500000)
hex=$(printf '%s' "$k" | sha256sum | cut -c1-16)
printf '{"key":"%s","sha256":"%064d","size":1,"part_size":1048576,"upload_id":"feedbeef","parts":[null]}' \
	"$k" 0 > "$F/.podkit-publish/mpu-$hex.json"
write_feed "$F"
check_exit "publish with an abandoned journal" 0 pub --endpoint "$END" -v
check_grep "the abandoned upload is aborted" "> DELETE /podcast/show/$k\?uploadId=feedbeef " "$T/stderr"
check_grep "and a new one started" "> POST /podcast/show/$k\?uploads= " "$T/stderr"
check_readback "every object correct" "$F" fetch
[ ! -e "$F/.podkit-publish/mpu-$hex.json" ] && ok "journal removed once complete" ||
	not_ok "journal removed once complete"
