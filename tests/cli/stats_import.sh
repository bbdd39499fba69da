#!/usr/bin/env bash
# stats_import.sh: podkit stats import on generated traffic in every log
# format, each compared with the downloads stats_traffic.py counts from
# the rules without podkit; gzip, stdin, re-import, overlapping and
# out-of-order files, malformed lines, a truncated gzip, kill and rerun.
. "$(dirname "$0")/../lib.sh"

GEN="python3 $ROOT/tests/cli/stats_traffic.py"
$GEN feed "$T/feed1.xml" 1
$GEN feed "$T/feed2.xml" 2

# Downloads per (day, episode) as CSV, from podkit's database.
got() {
	"$PODKIT" stats --db "$1" --csv | tail -n +2 |
		awk -F, '{ s[$1 "," $2] += $4 } END { for (k in s) print k "," s[k] }' |
		sort
}
import() { "$PODKIT" stats import -q --feed "$T/feed1.xml" "$@"; }

$GEN all "$T"
for f in combined podkit cloudfront s3 cloudflare caddy; do
	check "$f: imports" import --db "$T/$f.db" "$T/$f.log"
	got "$T/$f.db" >"$T/$f.got"
	check "$f: the expected downloads exist" test -s "$T/$f.want"
	check_diff "$f: downloads per day and episode as counted from the rules" \
		"$T/$f.want" "$T/$f.got"
	"$PODKIT" stats import --db "$T/$f.db" --feed "$T/feed2.xml" "$T/$f.log" \
		>"$T/$f.again" 2>"$T/$f.again.err"
	check_grep "$f: the format is detected" ": $f, " "$T/$f.again"
	check_grep "$f: imported again, nothing new" " 0 new downloads" "$T/$f.again"
	got "$T/$f.db" >"$T/$f.got2"
	check_diff "$f: imported again, the same downloads" "$T/$f.want" "$T/$f.got2"
done

# The formats that know where a range started count its union; combined
# and S3 add the bytes up, so overlapping ranges count sooner there.
check "positions matter: podkit and combined differ on overlapping ranges" \
	test "$(cat "$T/podkit.want")" != "$(cat "$T/combined.want")"

# Episodes by guid: a re-encoded file, an unnamed encode of the same slug
# and a prefixed enclosure URL all count for the episode's guid.
check_grep "the first episode's three file names count for its guid" \
	'^2026-03-01,urn:test:ep1,' "$T/podkit.got"
check_no_grep "no download is keyed by an encoded file name of a known episode" \
	'00000000000000' "$T/podkit.got"
check_grep "a file no feed names is keyed by its path" \
	'^2026-03-01,audio/003-third.mp3,' "$T/podkit.got"
# A feed that later names the third file: its downloads, counted under
# the path until then, move to its guid.
$GEN feed "$T/feed3.xml" 3
cp "$T/podkit.db" "$T/rekey.db"
check "a later feed is learnt" "$PODKIT" stats import -q --db "$T/rekey.db" \
	--feed "$T/feed3.xml" /dev/null
got "$T/rekey.db" >"$T/rekey.got"
sed 's|,audio/003-third.mp3,|,urn:test:ep3,|' "$T/podkit.want" | sort >"$T/rekey.want"
check_diff "downloads counted under a file's path move to the guid a feed gives it" \
	"$T/rekey.want" "$T/rekey.got"
"$PODKIT" stats --db "$T/podkit.db" --by episode --csv >"$T/byep.csv"
check_grep "--by episode shows the feed's title" '^urn:test:ep1,First & best,' \
	"$T/byep.csv"

# gzip, stdin, an explicit --format.
gzip -c "$T/combined.log" >"$T/combined.log.gz"
check "gzip: imports" import --db "$T/gz.db" "$T/combined.log.gz"
got "$T/gz.db" >"$T/gz.got"
check_diff "gzip: the same downloads" "$T/combined.want" "$T/gz.got"
check "stdin: imports" sh -c "gzip -dc '$T/combined.log.gz' | '$PODKIT' stats import -q --feed '$T/feed1.xml' --db '$T/in.db' --format combined -"
got "$T/in.db" >"$T/in.got"
check_diff "stdin: the same downloads" "$T/combined.want" "$T/in.got"
check_exit "an unknown --format is a usage error" 2 \
	"$PODKIT" stats import --db "$T/x.db" --format apache2 "$T/combined.log"
check_exit "a missing file fails" 1 import --db "$T/x.db" "$T/none.log"
check_grep "and names it" "none.log" "$T/stderr"

# Overlapping files imported out of order: lines 1-150, 100-274 and
# 200-274, the last first.
L=$T/podkit.log
sed -n '200,$p' "$L" >"$T/part3"; sed -n '1,150p' "$L" >"$T/part1"
sed -n '100,$p' "$L" >"$T/part2"
check "overlapping parts out of order: import, salts kept a week" \
	import --db "$T/parts.db" --salt-days 7 --format podkit "$T/part3" \
	"$T/part1" "$T/part2"
got "$T/parts.db" >"$T/parts.got"
check_diff "overlapping parts out of order: the same downloads" \
	"$T/podkit.want" "$T/parts.got"
# With the default two days, the older part's days are refused, not
# counted with a second salt.
import --db "$T/parts2.db" --format podkit "$T/part3" "$T/part1" \
	>/dev/null 2>"$T/parts2.err"
check_grep "older days than the salts kept are refused and said so" \
	"requests not counted: their days' listener salts were rotated away" \
	"$T/parts2.err"
check "and never counted twice" python3 - "$T/podkit.want" <<PY
import subprocess
want = {}
for line in open("$T/podkit.want"):
    d, e, n = line.strip().split(",")
    want[(d, e)] = int(n)
out = subprocess.run(["$PODKIT", "stats", "--db", "$T/parts2.db", "--csv"],
                     capture_output=True, text=True, check=True).stdout
got = {}
for line in out.splitlines()[1:]:
    d, e, a, n = line.rsplit(",", 3)
    got[(d, e)] = got.get((d, e), 0) + int(n)
assert all(n <= want.get(k, 0) for k, n in got.items()), (got, want)
PY

# Malformed lines: reported with file and line, skipped, the rest counted.
{ sed -n '1,10p' "$L"; echo 'this is not a log line'; sed -n '11,40p' "$L"
  echo '1.2.3.4 - - [99/Xyz/2026:00:00:00 +0000] "GET /a.mp3 HTTP/1.1" 200 5 "-" "x" "-"'
  sed -n '41,$p' "$L"; } >"$T/bad.log"
check_exit "malformed lines: exit 1" 1 \
	import --db "$T/bad.db" --format podkit "$T/bad.log"
check_grep "the first is reported with FILE:LINE" \
	"^podkit: $T/bad.log:11: malformed line" "$T/stderr"
check_grep "the second too" "^podkit: $T/bad.log:42: malformed line" "$T/stderr"
got "$T/bad.db" >"$T/bad.got"
check_diff "malformed lines: every other line counted" "$T/podkit.want" "$T/bad.got"

# A truncated gzip: reported at the line where it ends; what came before
# is counted.
gzip -c "$L" >"$T/cut.gz"
head -c $(( $(stat -c %s "$T/cut.gz") * 2 / 3 )) "$T/cut.gz" >"$T/cut.log.gz"
check_exit "truncated gzip: exit 1" 1 import --db "$T/cut.db" "$T/cut.log.gz"
check_grep "truncated gzip: FILE:LINE: truncated gzip stream" \
	"^podkit: $T/cut.log.gz:[0-9]+: truncated gzip stream" "$T/stderr"
check "truncated gzip: the lines before it are counted" \
	test "$(got "$T/cut.db" | wc -l)" -gt 0

# Kill at any point, then rerun: the database is intact and converges.
mkdir "$T/big"
$GEN all "$T/big" 60 combined
mv "$T/big/combined.log" "$T/big.log"; mv "$T/big/combined.want" "$T/big.want"
for delay in 0.1 0.4; do
	rm -f "$T/kill.db"*
	timeout -s KILL "$delay" "$PODKIT" stats import -q --feed "$T/feed1.xml" \
		--db "$T/kill.db" "$T/big.log" >/dev/null 2>&1
	if [ -f "$T/kill.db" ]; then
		check_eq "killed after ${delay}s: the database is intact" \
			"$(sqlite3 "$T/kill.db" 'PRAGMA integrity_check')" ok
	fi
	check "killed after ${delay}s: rerun" import --db "$T/kill.db" "$T/big.log"
	got "$T/kill.db" >"$T/kill.got"
	check_diff "killed after ${delay}s: rerun gives the downloads" \
		"$T/big.want" "$T/kill.got"
done

# Privacy: no address in the database.
check_eq "no raw address on disk" \
	"$(cat "$T"/podkit.db* | grep -c -a -e '198\.51\.' -e '2001:db8')" 0
# Apps and platforms, unknown agents kept as such.
"$PODKIT" stats --db "$T/podkit.db" --by app --csv >"$T/apps.csv"
check_grep "apps: Overcast" '^Overcast,[1-9]' "$T/apps.csv"
check_grep "apps: an unknown agent is Other, not dropped" '^Other,[1-9]' "$T/apps.csv"
"$PODKIT" stats --db "$T/podkit.db" --by platform --csv >"$T/plat.csv"
check_grep "platforms: iOS" '^iOS,[1-9]' "$T/plat.csv"
check_grep "platforms: Android" '^Android,[1-9]' "$T/plat.csv"
check_grep "platforms: Windows" '^Windows,[1-9]' "$T/plat.csv"
check_grep "platforms: unknown" '^Unknown,[1-9]' "$T/plat.csv"
"$PODKIT" stats --db "$T/podkit.db" --by day --json >"$T/day.json"
check "--by day --json sums to the total" python3 - "$T/day.json" "$T/podkit.want" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
want = {}
for line in open(sys.argv[2]):
    day, _, n = line.strip().split(",")
    want[day] = want.get(day, 0) + int(n)
got = {r["day"]: r["downloads"] for r in d["rows"]}
assert got == want, (got, want)
assert d["total"] == sum(want.values())
PY
check_exit "--by with an unknown key is a usage error" 2 \
	"$PODKIT" stats --db "$T/podkit.db" --by week
