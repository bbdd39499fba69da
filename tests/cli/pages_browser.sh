#!/usr/bin/env bash
# pages_browser.sh: an episode page served by podkit serve, opened in
# Debian's headless Chromium through chromedriver: a click on a chapter and
# Enter on a transcript time move the player there; a screenshot is kept in
# tests/out/.
. "$(dirname "$0")/../lib.sh"

if ! command -v chromedriver >/dev/null || ! [ -x /usr/bin/chromium ]; then
	not_ok "chromium and chromium-driver are installed (scripts/deps.sh test)"
	exit 0
fi

. "$(dirname "$0")/pages_show.inc"

# A one-episode show built by podkit build: chapters at 0:00, 1:30 and
# 1:50, transcript cues at 0:00 and 0:42.5, two minutes of audio.
F=$T/feed
mkdir -p "$ROOT/tests/out"
make_show "$T/show"
check "podkit build writes the pages" "$PODKIT" build -C "$T/show" -o "$F" -q

PORT=$(free_port)
DPORT=$(free_port)
"$PODKIT" serve "$F" --port "$PORT" --no-stats -q &
SPID=$!
chromedriver --port="$DPORT" >"$T/chromedriver.log" 2>&1 &
DPID=$!
stop() { kill "$SPID" "$DPID" 2>/dev/null; wait "$SPID" "$DPID" 2>/dev/null; }
at_exit stop
check "podkit serve is up" wait_port "$PORT" 5
check "chromedriver is up" wait_port "$DPORT" 10

timeout 90 /usr/bin/python3 "$ROOT/tests/cli/webdriver.py" "$DPORT" \
	"http://127.0.0.1:$PORT/episodes/001-first-light.html" \
	"$ROOT/tests/out/episode-page.png" "$T/chrome" ||
	not_ok "webdriver.py ran to the end"
