# nothing_lost.sh: the build trusts its files over its record (an output
# truncated or overwritten is made again; `podkit feed` writes nothing when
# it fails), a published episode never leaves the feed because of an error
# (a typo keeps its last good item; of two that clash the published one
# stays), stale outputs are removed but never what the feed still names,
# and two builds of one output folder take turns.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1

# A show of three episodes (the second with a transcript) at -20 dBFS.
cp -r "$ROOT/tests/bad/base/show" show
ffmpeg -loglevel error -f lavfi -i "color=c=0x3366cc:s=1400x1400" \
	-frames:v 1 show/cover.jpg
sine show/001-good1/a.wav 1 -20 1
sine show/002-good2/a.wav 1 -18 1
mkdir show/003-third
sine show/003-third/a.wav 1 -19 1
cat > show/003-third/episode.md <<'EOF'
---
title: Third Episode
number: 3
date: 2025-12-03T06:00:00Z
summary: Summary 3.
audio: a.wav
transcript: t.vtt
---
Notes of the third episode.
EOF
printf 'WEBVTT\n\n00:00.000 --> 00:00.800\nHello there.\n' > show/003-third/t.vtt
build() { "$PODKIT" build -q -C show -o out "$@"; }
items() { grep -c '<item>' out/feed.xml; }
guids() { grep -o '<guid isPermaLink="false">[^<]*' "$1" | sed 's/.*>//' | sort; }

check "the show builds" build
check_eq "three items" "$(items)" 3
cp out/feed.xml good.xml

# ---- section 2: the build trusts the files, not its record ----

# podkit feed on a show that normalises fails for every episode: it must
# not replace the good feed with an empty one.
check_exit "podkit feed on a normalising show fails" 1 \
	"$PODKIT" feed -C show -o out/feed.xml
check "and leaves feed.xml as it was" cmp good.xml out/feed.xml
check_grep "and says the feed was not written" "feed\.xml.*not written" "$T/stderr"

# Overwritten behind the build's back: the next build writes it again.
printf '<rss version="2.0"><channel><title>x</title></channel></rss>\n' >out/feed.xml
check_exit "a build after feed.xml was overwritten" 0 \
	"$PODKIT" build -C show -o out
check_grep "says the feed was written" "feed written" "$T/stdout"
check_eq "the feed has its three items again" "$(items)" 3

# An encoded file truncated to 0 bytes is not "up to date".
a3=$(ls out/audio/003-*.mp3)
: >"$a3"
check_exit "a build after an encoded file was truncated" 0 \
	"$PODKIT" build -C show -o out
check_grep "decodes that episode again" "decoded 1," "$T/stdout"
check "the file is whole again" test -s "$a3"
len=$(grep -o "url=\"[^\"]*$(basename "$a3")\" length=\"[0-9]*\"" out/feed.xml |
	sed 's/.*length="//; s/"//')
check_eq "the feed gives its real length" "$len" "$(stat -c %s "$a3")"
check "ffprobe reads it" ffprobe -v error "$a3"

# Half a file (cut, not emptied) is remade too.
a1=$(ls out/audio/001-*.mp3)
size=$(stat -c %s "$a1")
truncate -s $((size / 2)) "$a1"
check "a build after an encoded file was cut in half" build
check_eq "it is whole again" "$(stat -c %s "$a1")" "$size"

# A transcript, a page and the chapters-less episode's image removed or
# edited: each made again.
rm out/transcripts/003-third.srt
echo tampered >>out/episodes/002-good2.html
echo tampered >>out/index.html
check_exit "a build after outputs were removed or edited" 0 \
	"$PODKIT" build -C show -o out
check "the removed transcript is back" test -s out/transcripts/003-third.srt
check_no_grep "the edited page is written again" tampered out/episodes/002-good2.html
check_no_grep "the edited index is written again" tampered out/index.html
check_exit "then a no-op build" 0 "$PODKIT" build -C show -o out
check_grep "writes nothing" "files written 0; feed unchanged" "$T/stdout"
cmp -s good.xml out/feed.xml; check_eq "the feed is the first build's" "$?" 0

# ---- section 1: a published episode never silently leaves the feed ----

g1=$(guids good.xml | head -1)
item_of() { # the <item> of the episode titled $1 in feed $2
	awk -v t="<title>$1</title>" '/<item>/{buf=""; on=1} on{buf=buf $0 "\n"}
		/<\/item>/{if (index(buf, t)) printf "%s", buf; on=0}' "$2"
}
item_of "Good Episode 1" good.xml >item1.before

# A typo (an unclosed quote) in a published episode's episode.md.
cp show/001-good1/episode.md ep1.md
sed -i 's/^title: Good Episode 1$/title: "Good Episode 1/' show/001-good1/episode.md
check_exit "a build with a broken episode.md exits 1" 1 \
	"$PODKIT" build -C show -o out
check_grep "and names the file and line" \
	'^podkit: show/001-good1/episode\.md:[0-9]+: ' "$T/stderr"
check_grep "and says the episode keeps its item" \
	"001-good1.*keeps the item of its last good build" "$T/stderr"
check_grep "the summary counts it kept" "1 failed.*1 kept in the feed" "$T/stdout"
check_eq "its item is still in the feed" "$(item_of "Good Episode 1" out/feed.xml)" "$(cat item1.before)"
check "the feed is the one before, byte for byte" cmp good.xml out/feed.xml
check_eq "every guid still there" "$(guids out/feed.xml)" "$(guids good.xml)"
check "its audio is still there" test -s "out/$(grep -o 'audio/001-good1[^"]*' out/feed.xml)"
check_exit "a second build with the typo still keeps it" 1 \
	"$PODKIT" build -C show -o out
check "the feed is still the one before" cmp good.xml out/feed.xml
cp ep1.md show/001-good1/episode.md
check "with the typo fixed the build passes" build
check "and the feed is the one before" cmp good.xml out/feed.xml

# A published episode whose recording breaks (a step fails).
cp show/002-good2/a.wav a2.wav
echo "not audio" >show/002-good2/a.wav
check_exit "a build with a broken recording exits 1" 1 \
	"$PODKIT" build -C show -o out
check_grep "and says the episode keeps its last good item" \
	"002-good2' keeps its last good item in the feed" "$T/stderr"
check "the feed is the one before" cmp good.xml out/feed.xml
cp a2.wav show/002-good2/a.wav
check "with the recording back the build passes" build

# A new episode, dated earlier, takes the number of a published one: the
# newcomer is refused, the published one stays.
mkdir show/004-newcomer
sine show/004-newcomer/a.wav 1 -20 1
printf -- '---\ntitle: Newcomer\nnumber: 2\ndate: 2025-11-01T06:00:00Z\naudio: a.wav\n---\nNew.\n' \
	>show/004-newcomer/episode.md
check_exit "a build with a number clash exits 1" 1 "$PODKIT" build -C show -o out
check_grep "the newcomer is refused at the line of its number" \
	"^podkit: show/004-newcomer/episode\.md:3: episode number 2 is also used by '002-good2'" "$T/stderr"
check_grep "the published episode stays" "<title>Good Episode 2</title>" out/feed.xml
check_no_grep "the newcomer is not in the feed" "<title>Newcomer</title>" out/feed.xml
check "the feed is the one before" cmp good.xml out/feed.xml
# While the published one is broken too, its kept item still holds the
# number: the newcomer is refused all the same.
sed -i 's/^title: Good Episode 2$/title: "Good Episode 2/' show/002-good2/episode.md
check_exit "both broken: exit 1" 1 "$PODKIT" build -C show -o out
check_grep "the published episode's item stays" "<title>Good Episode 2</title>" out/feed.xml
check_no_grep "the newcomer is still not in the feed" "<title>Newcomer</title>" out/feed.xml
cp "$ROOT/tests/bad/base/show/002-good2/episode.md" show/002-good2/episode.md
rm -r show/004-newcomer

# Leaving on purpose: unpublished: true, or the folder removed.
sed -i 's/^number: 3$/number: 3\nunpublished: true/' show/003-third/episode.md
check_exit "an episode marked unpublished: the build passes" 0 \
	"$PODKIT" build -C show -o out
check_eq "and its item left the feed" "$(items)" 2
sed -i '/^unpublished: true$/d' show/003-third/episode.md
check "it comes back when the mark goes" build
check_eq "three items again" "$(items)" 3
mv show/003-third third.away
check "a build without its folder passes" build
check_eq "its item left the feed" "$(items)" 2
mv third.away show/003-third
sed -i 's/^title: Third Episode$/title: "Third/' show/003-third/episode.md
check_exit "a removed then broken episode is not brought back" 1 \
	"$PODKIT" build -C show -o out
check_eq "the feed has two items" "$(items)" 2

# ---- section 7: stale outputs removed, never what the feed names ----

rm -rf out show
cp -r "$ROOT/tests/bad/base/show" show
ffmpeg -loglevel error -f lavfi -i "color=c=0x3366cc:s=1400x1400" \
	-frames:v 1 show/cover.jpg
sine show/001-good1/a.wav 1 -20 1
sine show/002-good2/a.wav 1 -18 1
mkdir show/003-third
sine show/003-third/a.wav 1 -19 1
printf -- '---\ntitle: Third Episode\nnumber: 3\ndate: 2025-12-03T06:00:00Z\naudio: a.wav\ntranscript: t.vtt\n---\nThird.\n' \
	>show/003-third/episode.md
printf 'WEBVTT\n\n00:00.000 --> 00:00.800\nHello there.\n' > show/003-third/t.vtt
check "a fresh show builds" build
mp3s() { ls out/audio/*.mp3 | wc -l; }
named() { # 0 when every MP3 in out/audio is named by the feed
	local f
	for f in out/audio/*.mp3; do
		grep -q "$(basename "$f")" out/feed.xml || return 1
	done
}
for t in -18 -17 -16.5; do
	printf 'audio:\n  target: %s\n' "$t" >show/audio.yaml
	grep -v '^audio:' show/show.yaml | grep -v '^  target:' >show/s.yaml
	cat show/s.yaml show/audio.yaml >show/show.yaml
	check "a build with target $t" build
done
rm show/s.yaml show/audio.yaml
check_eq "three settings changes later, one MP3 per episode" "$(mp3s)" 3
check "and each is the one the feed names" named
check_exit "a build after the change" 0 "$PODKIT" build -C show -o out
check_no_grep "a clean build with nothing stale removes nothing" "stale files removed" "$T/stdout"

# A failing build removes nothing: the kept item's audio stays with it.
a1=$(ls out/audio/001-*.mp3)
sed -i 's/^title: Good Episode 1$/title: "Good Episode 1/' show/001-good1/episode.md
sed -i 's/^  target: .*/  target: -15/' show/show.yaml
check_exit "a failing build after a settings change" 1 "$PODKIT" build -C show -o out
check "the kept item's audio is still there" test -s "$a1"
check_grep "and the feed still names it" "$(basename "$a1")" out/feed.xml
cp "$ROOT/tests/bad/base/show/001-good1/episode.md" show/001-good1/episode.md
check_exit "fixed: the build passes" 0 "$PODKIT" build -C show -o out
check_grep "and removes what no episode uses now" "stale files removed [1-9]" "$T/stdout"
check_eq "one MP3 per episode again" "$(mp3s)" 3
check "each named by the feed" named

# Scheduled again (a date after now): its page, transcripts and audio go.
sed -i 's/^date: 2025-12-03T06:00:00Z$/date: 2027-01-01T06:00:00Z/' show/003-third/episode.md
check_exit "a build with the third episode scheduled" 0 "$PODKIT" build -C show -o out
check "its page is removed" test ! -e out/episodes/003-third.html
check "its transcripts are removed" test -z "$(ls out/transcripts/ 2>/dev/null)"
check_eq "two MP3s left" "$(mp3s)" 2
check "the other pages stay" test -s out/episodes/001-good1.html -a -s out/episodes/002-good2.html
check "the cover stays" test -s out/images/cover.jpg

# Two builds at once: the second says who holds the folder.
flock -o out/.podkit-lock sleep 30 &
holder=$!
sleep 0.3
check_exit "a second build while one holds the lock" 1 "$PODKIT" build -C show -o out
check_grep "says who holds it" "^podkit: out is being built by another podkit \(pid $holder holds out/\.podkit-lock\)" "$T/stderr"
kill "$holder"; wait "$holder" 2>/dev/null
check "once it is released, the build runs" build
"$PODKIT" build -q -C show -o out --force 2>/dev/null &
first=$! first_pid=$!
sleep 0.3
"$PODKIT" build -q -C show -o out 2>second.err
second=$?
wait "$first"; first=$?
check_eq "of two real builds at once, the first succeeds" "$first" 0
if [ "$second" = 0 ]; then ok "the second one ran after it (it finished first)"
else check_grep "the second says who holds the lock" "is being built by another podkit \(pid [0-9]+" second.err
fi
