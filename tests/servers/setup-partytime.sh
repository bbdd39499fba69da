#!/bin/sh
# setup-partytime.sh: installs the Podcast Index's feed parser,
# podcast-partytime pinned at 5.0.0, into tests/servers/.node (ignored by
# git) when it is not there yet; prints nothing on success.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)/.node
want=5.0.0
pkg=$dir/node_modules/podcast-partytime/package.json
if [ -f "$pkg" ] && grep -q "\"version\": \"$want\"" "$pkg"; then
	exit 0
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"private": true}' > package.json
npm install --no-audit --no-fund --silent --save-exact \
	"podcast-partytime@$want" >&2
