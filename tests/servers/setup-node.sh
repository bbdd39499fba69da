#!/bin/sh
# setup-node.sh: installs the S3 test server, @20minutes/s3rver pinned at
# 4.0.4, into tests/servers/.node (ignored by git) when it is not there yet.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)/.node
want=4.0.4
pkg=$dir/node_modules/@20minutes/s3rver/package.json
if [ -f "$pkg" ] && grep -q "\"version\": \"$want\"" "$pkg"; then
	exit 0
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"private": true}' > package.json
npm install --no-audit --no-fund --silent --save-exact \
	"@20minutes/s3rver@$want" >&2
