#!/usr/bin/env bash
# stats_report.sh: podkit stats --html on imported traffic, opened in
# Debian's headless Chromium through chromedriver: no console error, the
# charts' and table's numbers equal the database's; a screenshot is kept
# in tests/out/.
. "$(dirname "$0")/../lib.sh"

if ! command -v chromedriver >/dev/null || ! [ -x /usr/bin/chromium ]; then
	not_ok "chromium and chromium-driver are installed (scripts/deps.sh test)"
	exit 0
fi
GEN="python3 $ROOT/tests/cli/stats_traffic.py"
$GEN feed "$T/feed.xml" 1
$GEN all "$T" 1 podkit
check "import" "$PODKIT" stats import -q --feed "$T/feed.xml" \
	--db "$T/s.db" "$T/podkit.log"
check "stats --html writes the report" "$PODKIT" stats --db "$T/s.db" \
	--html "$T/report.html"
check_eq "the report is private (mode 600)" "$(stat -c %a "$T/report.html")" 600
check_no_grep "it is self-contained (no script, no outside link)" \
	'<script|<link|src=|href=' "$T/report.html"
check_grep "titles are escaped" 'First &amp; best' "$T/report.html"

mkdir -p "$ROOT/tests/out"
DPORT=$(free_port)
chromedriver --port="$DPORT" >"$T/chromedriver.log" 2>&1 &
DPID=$!
stop() { kill "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; }
at_exit stop
check "chromedriver is up" wait_port "$DPORT" 10
timeout 90 /usr/bin/python3 "$ROOT/tests/cli/stats_report.py" "$DPORT" \
	"file://$T/report.html" "$ROOT/tests/out/stats-report.png" \
	"$T/chrome" "$T/s.db" || not_ok "stats_report.py ran to the end"

"$PODKIT" stats --db "$T/s.db" --since 2026-03-03 --html "$T/since.html"
check_grep "--since limits the report" '<h1>Downloads since 2026-03-03</h1>' \
	"$T/since.html"
check_no_grep "and its days" 'data-label="2026-03-01"' "$T/since.html"
check_exit "an unwritable report path fails" 1 \
	"$PODKIT" stats --db "$T/s.db" --html "$T/no/such/dir/r.html"
check_grep "and says where" "no/such/dir" "$T/stderr"
