#!/usr/bin/env bash
# feed_parallel.sh: `podkit feed` on a show big enough to be read and
# rendered on several threads (150 episodes): the same feed, messages and
# exit status with 1, 2 and 4 jobs; the load's errors and the notes'
# warnings each once, whatever thread met them; every good
# episode once, newest first; bad ones left out without stopping the rest.
. "$(dirname "$0")/../lib.sh"

/usr/bin/python3 - "$T/show" <<'PY'
import os, sys
d = sys.argv[1]
os.makedirs(d)
open(os.path.join(d, "show.yaml"), "w").write("""title: Many Episodes
description: A show with enough episodes to be built in parallel.
author: Maya Ortiz
language: en
link: https://example.com/
image: https://example.com/cover.jpg
categories: [{name: Health & Fitness, subcategories: [Sexuality]}]
explicit: true
owner: {name: Maya Ortiz, email: hello@example.com}
hosts: [{name: Maya Ortiz}, {name: Jonah Reyes}]
feed_url: https://example.com/feed.xml
""")
bad_date = {17, 64, 133}      # rejected when loading
long_notes = {5, 90, 149}     # description cut to 4000 bytes: a warning
for n in range(1, 151):
    e = os.path.join(d, "%03d-episode-%d" % (n, n))
    os.makedirs(e)
    date = "not a date" if n in bad_date else \
        "2025-%02d-%02dT06:00:00Z" % (1 + (n - 1) // 28, 1 + (n - 1) % 28)
    notes = "Notes of episode %d: trust & closeness <b>.\n" % n
    if n in long_notes:
        notes += ("A long paragraph about listening. " * 150) + "\n"
    # a control character in the title, dropped from the XML
    title = "Episode %d\x01 on intimacy" % n if n % 50 == 0 else \
        "Episode %d on intimacy" % n
    open(os.path.join(e, "episode.md"), "w").write(
        "---\ntitle: \"%s\"\nnumber: %d\ndate: %s\n"
        "audio: https://cdn.example.com/ep%03d.mp3\n"
        "audio_length: %d\naudio_duration: 0:30:%02d\n"
        "chapters:\n  - {start: 0, title: Hello}\n"
        "  - {start: 600, title: \"Part two ]]> & more\"}\n---\n%s"
        % (title.replace("\x01", "\\x01"), n, date, n, 1000000 + n, n % 60,
           notes))
PY

for j in 1 2 4; do
	check_exit "feed with $j jobs: exit 1 (three bad episodes)" 1 \
		"$PODKIT" feed -C "$T/show" -o "$T/feed$j.xml" -j "$j"
	cp "$T/stderr" "$T/err$j"
done
check "2 jobs write the bytes 1 job writes" cmp "$T/feed1.xml" "$T/feed2.xml"
check "4 jobs write the bytes 1 job writes" cmp "$T/feed1.xml" "$T/feed4.xml"
check_diff "2 jobs print what 1 job prints" "$T/err1" "$T/err2"
check_diff "4 jobs print what 1 job prints" "$T/err1" "$T/err4"
check_exit "the default (one job per core) too" 1 \
	"$PODKIT" feed -C "$T/show" -o "$T/feed0.xml"
check "default jobs write the same bytes" cmp "$T/feed1.xml" "$T/feed0.xml"

grep -o '[0-9][0-9][0-9]-episode-[0-9]*/episode.md:[0-9]*: .*' "$T/err4" |
	sed 's/: .*//' >"$T/where"
printf '%s\n' 017-episode-17/episode.md:4 064-episode-64/episode.md:4 \
	133-episode-133/episode.md:4 005-episode-5/episode.md:12 \
	090-episode-90/episode.md:12 149-episode-149/episode.md:12 >"$T/want"
check_diff "each load error, then each notes warning, once, by file" \
	"$T/want" "$T/where"
check_grep "the bad date is named" "'date' is not an ISO 8601 date" "$T/err4"
check_grep "the cut is a warning" 'warning: notes are [0-9]+ bytes' "$T/err4"
check "the feed is well-formed" xmllint --noout "$T/feed4.xml"

/usr/bin/python3 - "$T/feed4.xml" >"$T/items" 2>&1 <<'PY'
import sys
import xml.etree.ElementTree as ET
items = ET.parse(sys.argv[1]).getroot().find("channel").findall("item")
nums = [int(i.find("{http://www.itunes.com/dtds/podcast-1.0.dtd}episode").text)
        for i in items]
want = [n for n in range(150, 0, -1) if n not in (17, 64, 133)]
assert nums == want, nums[:10]
for i in items:
    ch = i.find("{http://podlove.org/simple-chapters}chapters")
    assert ch[1].get("title") == "Part two ]]> & more", ch[1].attrib
    assert "\x01" not in i.find("title").text
desc = [len(i.find("description").text.encode()) for i in items]
assert max(desc) <= 4000, max(desc)
print(len(items))
PY
check_eq "147 items, newest first, chapters and text intact" \
	"$(cat "$T/items")" 147

check_exit "-j 0 is refused" 2 "$PODKIT" feed -C "$T/show" -j 0
check_grep "with a message" "not a number of jobs" "$T/stderr"
check_exit "-j x is refused" 2 "$PODKIT" feed -C "$T/show" -j x
