#!/usr/bin/env bash
# pages.sh: podkit build writes the show's page and the episode pages:
# valid HTML5 (Debian's tidy with its accessibility checks, html5lib's
# strict parser), escaped, self-contained, linked from the feed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pages_show.inc"

make_show "$T/show"
check "podkit build" "$PODKIT" build -C "$T/show" -o "$T/feed" -q
P=$T/feed/episodes/001-first-light.html
I=$T/feed/index.html
check "episode page written" test -s "$P"
check "show page written" test -s "$I"

for f in "$P" "$I"; do
	n=${f#$T/feed/}
	check "$n: tidy finds no errors or warnings (with -access 1)" \
		tidy -q -e -access 1 "$f"
	check "$n: html5lib's strict parser accepts it" /usr/bin/python3 -c '
import html5lib, sys
html5lib.HTMLParser(strict=True).parse(open(sys.argv[1], "rb"))' "$f"
	check_grep "$n: viewport for phones" '<meta name="viewport" content="width=device-width' "$f"
	check_no_grep "$n: no external scripts, styles or fonts" '<script src|<link rel="stylesheet"|@import|@font-face|https?://[^"]*\.(js|css|woff2?)' "$f"
	check_no_grep "$n: no javascript: links" 'javascript:' "$f"
	check_no_grep "$n: no raw markup from the metadata" '<seeking>|<Show>|<middle>|<b>markup|<script>alert' "$f"
	check "$n: every img has alt text" /usr/bin/python3 -c '
import html5lib, sys
doc = html5lib.parse(open(sys.argv[1], "rb"), namespaceHTMLElements=False)
imgs = doc.findall(".//img")
assert all(i.get("alt") is not None for i in imgs), imgs' "$f"
done

check_grep "title escaped" '<h1>First light: &lt;seeking&gt; &amp; finding</h1>' "$P"
check_grep "player with the published audio" '<audio id="player" controls preload="metadata"[^>]* src="\.\./audio/001-first-light-[0-9a-f]{12,16}\.mp3"' "$P"
check_grep "chapter buttons seek" '<button type="button" class="seek" data-t="90.000" aria-label="Play from 1:30: The &lt;middle&gt;">1:30</button>' "$P"
check_grep "notes from the notes renderer" '<p>Some <strong>notes</strong> with a <a href="https://example.org/">link</a>' "$P"
check_grep "links section from the notes" 'href="https://example.org/book"' "$P"
check_eq "chapters shown once" "$(grep -c '>Chapters</h2>' "$P")" 1
check_grep "hosts and guests" '<a href="https://test.example/lee">Dr. Lee</a> <span class="meta">\(guest\)</span>' "$P"
check_grep "transcript with clickable times" 'data-t="42.500"[^>]*>0:42</button><span class="speaker">Jonah Kessler:</span> Later on.' "$P"
check_grep "transcript text escaped" 'Hello &amp; welcome.' "$P"
check_grep "transcript file linked" 'href="\.\./transcripts/001-first-light.vtt"' "$P"
check_grep "cover with alt text" '<img class="cover" src="\.\./images/cover.jpg" alt="Cover art: Test &lt;Show&gt; &amp; Co"' "$P"
check_grep "inline script present" '<script>\(function\(\)' "$P"

check_grep "show page: cover" '<img class="cover" src="images/cover.jpg" alt="Cover art: Test &lt;Show&gt; &amp; Co"' "$I"
check_grep "show page: description paragraphs escaped" '<p>A second paragraph.</p>' "$I"
check_grep "show page: RSS link" 'href="https://test.example/feed.xml" type="application/rss\+xml">RSS feed' "$I"
check_grep "show page: subscribe links" '<a href="https://podcasts.apple.com/podcast/id1">Apple Podcasts</a>' "$I"
check_grep "show page: URLs escaped in attributes" '<a href="https://overcast.fm/itunes1\?a=1&amp;b=2">Overcast</a>' "$I"
check_grep "show page: hosts" 'Maya Ortiz</a> <span class="meta">\(host\)' "$I"
check_grep "show page: the episode list" '<a href="episodes/001-first-light.html">First light: &lt;seeking&gt; &amp; finding</a>' "$I"
check_grep "show page: funding" 'Support the show' "$I"
check_grep "feed: the channel links the show's page" '<link>https://test.example/</link>' "$T/feed/feed.xml"
check_grep "feed: the item links its page" '<link>https://test.example/episodes/001-first-light.html</link>' "$T/feed/feed.xml"

# A rebuild writes the same pages (deterministic).
cp "$P" "$T/p1"
touch -d '2020-01-01' "$P" "$I"
check "podkit build again" "$PODKIT" build -C "$T/show" -o "$T/feed" -q
check_diff "same page from the same show" "$T/p1" "$P"
check_eq "an unchanged page is not rewritten" \
	"$(find "$P" "$I" -newermt '2021-01-01' | wc -l)" 0
sed -i 's/^Some \*\*notes\*\*/Changed **notes**/' "$T/show/001-first-light/episode.md"
check "podkit build after a notes edit" "$PODKIT" build -C "$T/show" -o "$T/feed" -q
check_grep "the page has the new notes" '<p>Changed <strong>notes</strong>' "$P"
