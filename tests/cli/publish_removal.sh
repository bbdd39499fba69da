# publish_removal.sh: podkit publish refuses a feed that drops an episode
# the live feed has, on every target (a folder, S3 with s3rver, WebDAV
# with nginx, SFTP with sshd, all on 127.0.0.1), unless --allow-removal
# lets it go; the live feed is known from the record of the last publish
# or, without one, fetched from the target.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/servers/publish_servers.sh"
cd "$T" || exit 1

export PODKIT_CREDENTIALS=$T/no-such-file PODKIT_RETRY_BASE_MS=50
export PODKIT_RETRY_ATTEMPTS=3

# A built show of three episodes.
cp -r "$ROOT/tests/bad/base/show" show
ffmpeg -loglevel error -f lavfi -i "color=c=0x3366cc:s=1400x1400" \
	-frames:v 1 show/cover.jpg
sine show/001-good1/a.wav 1 -20 1
sine show/002-good2/a.wav 1 -18 1
mkdir show/003-third
sine show/003-third/a.wav 1 -19 1
printf -- '---\ntitle: Third Episode\nnumber: 3\ndate: 2025-12-03T06:00:00Z\naudio: a.wav\n---\nThird.\n' \
	>show/003-third/episode.md
if ! "$PODKIT" build -q -C show -o out 2>/dev/null; then
	not_ok "the show builds"; exit 0
fi
G3=$(grep -o '<guid isPermaLink="false">[^<]*' out/feed.xml | sed 's/.*>//' |
	sed -n 1p)
grep -q "<title>Third Episode</title>" out/feed.xml &&
	ok "the show builds (the third episode's guid is $G3)" ||
	not_ok "the third episode comes first in the feed"

# run_target NAME TARGET FETCH [OPTIONS...]: FETCH KEY prints the remote
# file. Each target starts from the full show.
run_target() {
	local name=$1 target=$2 get=$3; shift 3
	local pub=("$PODKIT" publish -C show -o out --to "$target" "$@")

	mv show.away/003-third show/ 2>/dev/null
	rm -rf out/.podkit-publish
	"$PODKIT" build -q -C show -o out 2>/dev/null
	check_exit "$name: first publish" 0 "${pub[@]}"
	"$get" feed.xml >live.xml
	check_grep "$name: the live feed has the third episode" \
		"<title>Third Episode</title>" live.xml

	# The third episode's folder removed: the new feed drops it.
	mkdir -p show.away
	mv show/003-third show.away/
	"$PODKIT" build -q -C show -o out 2>/dev/null
	check_exit "$name: a feed that drops an episode is refused" 1 "${pub[@]}"
	check_grep "$name: the message names the episode and its guid" \
		"^podkit: feed\.xml drops 1 episode the live feed has: 'Third Episode' \($G3\); the feed was not uploaded" "$T/stderr"
	check_grep "$name: and how to let it go" "--allow-removal" "$T/stderr"
	"$get" feed.xml >now.xml
	check "$name: the live feed is untouched" cmp live.xml now.xml
	check_exit "$name: a dry run says so too" 1 "${pub[@]}" --dry-run
	check_grep "$name: (dry run)" "drops 1 episode" "$T/stderr"

	# Without the record of the last publish, the live feed is fetched.
	rm -f out/.podkit-publish/live-*.json
	check_exit "$name: refused without the record too (fetched)" 1 "${pub[@]}"
	check_grep "$name: (fetched) names the episode" "'Third Episode' \($G3\)" "$T/stderr"
	"$get" feed.xml >now.xml
	check "$name: the live feed is still untouched" cmp live.xml now.xml

	check_exit "$name: another guid allowed is not enough" 1 \
		"${pub[@]}" --allow-removal not-that-one
	check_exit "$name: --allow-removal GUID lets it go" 0 \
		"${pub[@]}" --allow-removal "$G3"
	"$get" feed.xml >now.xml
	check_no_grep "$name: the live feed no longer has it" \
		"<title>Third Episode</title>" now.xml
	check_grep "$name: the others are still there" \
		"<title>Good Episode 1</title>" now.xml

	# Back, then gone again: --allow-removal all.
	mv show.away/003-third show/
	"$PODKIT" build -q -C show -o out 2>/dev/null
	check_exit "$name: the episode published again" 0 "${pub[@]}"
	mv show/003-third show.away/
	"$PODKIT" build -q -C show -o out 2>/dev/null
	check_exit "$name: --allow-removal all lets it go" 0 \
		"${pub[@]}" --allow-removal all
	mv show.away/003-third show/
}

# A folder.
mkdir site
get_file() { cat "site/$1"; }
run_target file "file://$T/site" get_file

# A typo in a published episode: the build keeps its item, so publish
# uploads nothing that drops it, and still exits 1 for the error it
# printed.
sed -i 's/^title: Good Episode 1$/title: "Good Episode 1/' show/001-good1/episode.md
"$PODKIT" build -q -C show -o out 2>/dev/null
check_exit "file: publish with a broken episode.md exits 1" 1 \
	"$PODKIT" publish -C show -o out --to "file://$T/site"
check_grep "file: and prints the error with file and line" \
	'^podkit: show/001-good1/episode\.md:[0-9]+: ' "$T/stderr"
check_grep "file: the live feed still has the episode" \
	"<title>Good Episode 1</title>" site/feed.xml
cp "$ROOT/tests/bad/base/show/001-good1/episode.md" show/001-good1/episode.md

# S3 (s3rver checks SigV4 signatures).
if sh "$ROOT/tests/servers/setup-node.sh" >/dev/null 2>&1; then
	P=$(free_port)
	if start_s3 "$P" podcast; then
		at_exit stop_s3
		export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
		get_s3() { curl -sf "http://127.0.0.1:$P/podcast/show/$1"; }
		run_target s3 s3://podcast/show get_s3 \
			--endpoint "http://127.0.0.1:$P" --path-style
	else
		not_ok "s3rver started"
	fi
else
	not_ok "s3rver 4.0.4 installed into tests/servers/.node"
fi

# WebDAV (nginx).
P=$(free_port)
if start_dav "$P" alice 'pass-Word-99'; then
	at_exit stop_dav
	export PODKIT_WEBDAV_USER=alice PODKIT_WEBDAV_PASSWORD=pass-Word-99
	get_dav() { curl -sf "http://127.0.0.1:$P/show/$1"; }
	run_target webdav "http://127.0.0.1:$P/show" get_dav
else
	not_ok "nginx started"
fi

# SFTP (sshd).
P=$(free_port)
if start_sftp "$P"; then
	at_exit stop_sftp
	export PODKIT_SSH_KEY=$SSH_KEY
	get_sftp() { cat "$T/sftp/show/$1"; }
	run_target sftp "sftp://$(id -un)@127.0.0.1:$P$T/sftp/show" get_sftp \
		--host-key "$HOST_PIN"
else
	not_ok "sshd started"
fi
