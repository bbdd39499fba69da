# publish_sftp.sh: podkit publish over SFTP (Debian's sshd with its own
# config, host key and user key) on 127.0.0.1: first, no-op and
# one-episode publishes, read-back, --delete, the host key pin, a wrong
# key, a passphrase from a credentials file, and sshd killed mid-upload.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/servers/publish_servers.sh"
. "$ROOT/tests/publish_common.sh"

P=$(free_port)
start_sftp "$P" || { not_ok "sshd started"; cat "$T/ssh/sshd.log"; exit 1; }
at_exit stop_sftp
check "sshd -t accepts the test config" /usr/sbin/sshd -t -f "$T/ssh/sshd_config"

export PODKIT_SSH_KEY=$SSH_KEY PODKIT_CREDENTIALS=$T/no-such-file
export PODKIT_RETRY_BASE_MS=50 PODKIT_RETRY_ATTEMPTS=3
F=$T/feed
make_feed "$F"
URL=sftp://$(id -un)@127.0.0.1:$P$T/sftp/show
pub() { "$PODKIT" publish -o "$F" --to "$URL" "$@"; }
fetch() { cat "$T/sftp/show/$1"; }
remote_list() {
	(cd "$T/sftp/show" && find . -type f ! -name .podkit-manifest.json |
		sed 's|^\./||')
}

check_exit "first publish succeeds" 0 pub --host-key "$HOST_PIN"
check_summary "first publish uploads everything" "$T/stdout" 13 0
check_readback "every file reads back with its SHA-256" "$F" fetch
check_same_set "remote holds exactly the output folder" "$F" remote_list
check_exit "no-op publish succeeds" 0 pub --host-key "SHA256:$HOST_PIN"
check_summary "no-op publish uploads nothing" "$T/stdout" 0 13
old=$(change_episode "$F")
ino=$(stat -c %i "$T/sftp/show/feed.xml")
check_exit "publish after one episode changed" 0 pub --host-key "$HOST_PIN"
check_summary "only its files and the feed uploaded" "$T/stdout" 4 9
check_readback "changed files read back" "$F" fetch
if [ "$(stat -c %i "$T/sftp/show/feed.xml")" != "$ino" ]; then
	ok "feed replaced by a rename, not rewritten in place"
else not_ok "feed replaced by a rename, not rewritten in place"; fi
check_exit "publish --delete" 0 pub --host-key "$HOST_PIN" --delete
check_summary "--delete removes the stale file" "$T/stdout" 0 13 1
check_same_set "no stray files after --delete" "$F" remote_list
[ ! -e "$T/sftp/show/$old" ] && ok "stale audio gone" || not_ok "stale audio gone"

# The host key pin is checked.
check_exit "a wrong host key pin fails" 1 pub \
	--host-key "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
check_grep "wrong pin: clear message" "does not match" "$T/stderr"
check_exit "no pin and no known_hosts fails" 1 env HOME="$T/nohome" \
	"$PODKIT" publish -o "$F" --to "$URL"
check_grep "no pin: says what to set" "host_key_sha256" "$T/stderr"

# A key the server does not know.
ssh-keygen -q -t ed25519 -N '' -f "$T/other"
echo tweak >> "$F/index.html"
check_exit "an unknown key fails" 1 env PODKIT_SSH_KEY="$T/other" \
	"$PODKIT" publish -o "$F" --to "$URL" --host-key "$HOST_PIN"
check_grep "unknown key: clear message" "credentials refused" "$T/stderr"

# A key with a passphrase, from a credentials file only its owner reads.
ssh-keygen -q -t ed25519 -N 'key-Pass-77' -f "$T/locked"
cat "$T/locked.pub" >> "$T/ssh/authorized_keys"
printf 'PODKIT_SSH_KEY = %s\nPODKIT_SSH_KEY_PASSPHRASE = key-Pass-77\n' \
	"$T/locked" > "$T/creds"
chmod 644 "$T/creds"
check_exit "a credentials file others can read is refused" 1 env \
	-u PODKIT_SSH_KEY PODKIT_CREDENTIALS="$T/creds" \
	"$PODKIT" publish -o "$F" --to "$URL" --host-key "$HOST_PIN" -v
check_grep "refusal says how to fix it" "readable by group or others.*chmod 600" "$T/stderr"
cat "$T/stdout" "$T/stderr" > "$T/all"
check_no_grep "passphrase appears nowhere" "key-Pass-77" "$T/all"
chmod 600 "$T/creds"
check_exit "the same file at mode 600 works" 0 env -u PODKIT_SSH_KEY \
	PODKIT_CREDENTIALS="$T/creds" "$PODKIT" publish -o "$F" --to "$URL" \
	--host-key "$HOST_PIN" -v
check_summary "and uploads the change" "$T/stdout" 1 12
cat "$T/stdout" "$T/stderr" > "$T/all"
check_no_grep "passphrase appears nowhere in -v traces" "key-Pass-77" "$T/all"

# sshd and its sessions killed mid-upload, then restarted.
killtree() { local c; for c in $(pgrep -P "$1"); do killtree "$c"; done
	kill -9 "$1" 2>/dev/null; }
cp "$T/sftp/show/feed.xml" "$T/feed.before"
media "$F" audio 005-killed mp3 3000000 >/dev/null
change_episode "$F" >/dev/null
pub --host-key "$HOST_PIN" --limit-rate 300k -q >"$T/killed.out" 2>&1 &
PUB=$!
sleep 1
killtree "$SFTP_PID"; wait "$SFTP_PID" 2>/dev/null; SFTP_PID=
wait "$PUB"; rc=$?
check_eq "publish fails when the server dies" "$rc" 1
check_diff "old feed still in place" "$T/feed.before" "$T/sftp/show/feed.xml"
start_sftp "$P"
check_exit "rerun converges" 0 pub --host-key "$HOST_PIN" --delete
check_readback "every file correct after the rerun" "$F" fetch
check_same_set "no missing or stray files after the rerun" "$F" remote_list
