#!/bin/sh
# Installs the Debian 12 packages podkit needs that are missing; quiet when none are.
#
# usage: scripts/deps.sh [build|test|bench|all]   (default: build)
# Idempotent: asks dpkg what is installed and calls apt-get only for the rest.
set -eu

build="build-essential pkg-config g++ clang-format
libavformat-dev libavcodec-dev libavutil-dev libswresample-dev libswscale-dev libavfilter-dev
libebur128-dev libtag1-dev libxml2-dev libcurl4-openssl-dev libyaml-dev
libcmark-dev libjansson-dev libmicrohttpd-dev uuid-dev libssl-dev zlib1g-dev
libsqlite3-dev"
demo="espeak-ng ffmpeg sox fonts-dejavu-core python3"
test="$demo tesseract-ocr tesseract-ocr-eng python3 python3-pil python3-podcastparser python3-feedparser sox eyed3 mediainfo
nginx-light libnginx-mod-http-dav-ext openssh-server openssh-client
chromium chromium-driver sqlite3 curl clang libclang-rt-14-dev
libxml2-utils valgrind procps openssl python3-yaml groff-base tidy python3-html5lib"
bench="$test wrk awscli rclone hyperfine time goaccess"

case "${1:-build}" in
build) want="$build" ;;
demo) want="$build $demo" ;;
test) want="$build $test" ;;
bench) want="$build $bench" ;;
all) want="$build $bench" ;;
*) echo "usage: scripts/deps.sh [build|demo|test|bench|all]" >&2; exit 2 ;;
esac

missing=""
# Node.js may come from outside Debian (its npm then conflicts with Debian's):
# only a machine with no npm at all gets Debian's.
case "${1:-build}" in
build|demo) ;;
*) command -v npm >/dev/null 2>&1 || want="$want nodejs npm" ;;
esac
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$s" in ii*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list finds nothing: refresh it once per run.
$sudo apt-get update -qq >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
