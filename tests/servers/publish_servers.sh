# publish_servers.sh: sourced by the publish tests and bench/publish after
# tests/lib.sh (or with $T set): starts real servers on 127.0.0.1 in $T
# and stops them at exit.
#   start_s3 PORT BUCKET...   @20minutes/s3rver 4.0.4 (SigV4 checked)
#   start_dav PORT USER PASS  Debian's nginx, dav + dav_ext, basic auth
#   start_sftp PORT           Debian's sshd, own host key and user key
# Each sets a *_PID variable; stop_s3 / stop_dav / stop_sftp stop them.

start_s3() {
	local port=$1
	shift
	mkdir -p "$T/s3data"
	node "$ROOT/tests/servers/s3server.js" "$port" "$T/s3data" "$@" \
		>"$T/s3.log" 2>&1 &
	S3_PID=$!
	wait_port "$port" 20
}
stop_s3() {
	[ -n "${S3_PID:-}" ] || return 0
	kill "$S3_PID" 2>/dev/null; wait "$S3_PID" 2>/dev/null
	S3_PID=
}

# nginx: own prefix, config, temp folders and logs under $T/nginx; the
# files under $T/dav (writable by the unprivileged worker).
start_dav() {
	local n=$T/nginx
	mkdir -p "$n/tmp" "$n/logs" "$T/dav"
	chmod 755 "$T" "$n"
	chmod 777 "$T/dav" "$n/tmp"
	printf '%s:%s\n' "$2" "$(openssl passwd -apr1 "$3")" > "$n/htpasswd"
	chmod 644 "$n/htpasswd"
	cat > "$n/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_dav_ext_module.so;
worker_processes 1;
pid $n/nginx.pid;
error_log $n/logs/error.log;
events { worker_connections 256; }
http {
	include /etc/nginx/mime.types;
	types { text/vtt vtt; application/x-subrip srt;
		application/rss+xml xml; }
	default_type application/octet-stream;
	access_log $n/logs/access.log;
	client_body_temp_path $n/tmp;
	proxy_temp_path $n/tmp;
	fastcgi_temp_path $n/tmp;
	uwsgi_temp_path $n/tmp;
	scgi_temp_path $n/tmp;
	client_max_body_size 0;
	server {
		listen 127.0.0.1:$1;
		root $T/dav;
		location / {
			dav_methods PUT DELETE MKCOL COPY MOVE;
			dav_ext_methods PROPFIND OPTIONS;
			dav_access user:rw group:r all:r;
			create_full_put_path on;
			limit_except GET HEAD { auth_basic podkit;
				auth_basic_user_file $n/htpasswd; }
		}
	}
}
CONF
	nginx -p "$n" -c "$n/nginx.conf" -e "$n/logs/error.log" -g 'daemon off;' \
		>"$n/logs/stdout" 2>&1 &
	DAV_PID=$!
	wait_port "$1" 10
}
stop_dav() {
	[ -n "${DAV_PID:-}" ] || return 0
	# nginx's master stops its workers on TERM (its "fast shutdown").
	kill "$DAV_PID" 2>/dev/null; wait "$DAV_PID" 2>/dev/null
	DAV_PID=
}

# sshd with its own config, host key and user key; the files under
# $T/sftp. Sets SSH_KEY (the user's private key) and HOST_PIN (base64
# SHA-256 of the host key, as ssh-keygen -l prints it).
start_sftp() {
	local s=$T/ssh
	mkdir -p "$s" "$T/sftp" /run/sshd
	chmod 700 "$s"
	[ -f "$s/host" ] || ssh-keygen -q -t ed25519 -N '' -f "$s/host"
	[ -f "$s/user" ] || ssh-keygen -q -t ed25519 -N '' -f "$s/user"
	cp "$s/user.pub" "$s/authorized_keys"
	cat > "$s/sshd_config" <<CONF
Port $1
ListenAddress 127.0.0.1
HostKey $s/host
PidFile $s/sshd.pid
AuthorizedKeysFile $s/authorized_keys
AllowUsers $(id -un)
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
CONF
	/usr/sbin/sshd -t -f "$s/sshd_config" || return 1
	/usr/sbin/sshd -D -e -f "$s/sshd_config" >"$s/sshd.log" 2>&1 &
	SFTP_PID=$!
	SSH_KEY=$s/user
	HOST_PIN=$(ssh-keygen -lf "$s/host.pub" | awk '{print $2}' |
		sed 's/^SHA256://')
	wait_port "$1" 10
}
stop_sftp() {
	[ -n "${SFTP_PID:-}" ] || return 0
	kill "$SFTP_PID" 2>/dev/null; wait "$SFTP_PID" 2>/dev/null
	SFTP_PID=
}
