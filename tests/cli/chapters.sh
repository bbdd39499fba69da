#!/bin/bash
# chapters.sh: `podkit chapters`: conversions between Audacity labels,
# HH:MM:SS lines and chapters JSON round trip; errors name file and line.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1

cat > in.txt <<'TXT'
# written by hand
00:00:00 Cold open
00:01:30 - What we mean by intimacy
00:12:04.500 Listener questions
TXT
check "text to json" $PODKIT chapters -o c.json in.txt
cat > expect.json <<'JSON'
{
  "version": "1.2.0",
  "chapters": [
    {
      "startTime": 0,
      "title": "Cold open"
    },
    {
      "startTime": 90,
      "title": "What we mean by intimacy"
    },
    {
      "startTime": 724.5,
      "title": "Listener questions"
    }
  ]
}
JSON
check_diff "chapters JSON" expect.json c.json
check "json to audacity" $PODKIT chapters -t audacity -d 0:20:00 -o labels.txt c.json
printf '0.000000\t90.000000\tCold open\n90.000000\t724.500000\tWhat we mean by intimacy\n724.500000\t1200.000000\tListener questions\n' > expect.labels
check_diff "Audacity labels" expect.labels labels.txt
check "audacity to text" $PODKIT chapters -f audacity -t text -d 1200 -o back.txt labels.txt
printf '00:00:00 Cold open\n00:01:30 What we mean by intimacy\n00:12:04.500 Listener questions\n' > expect.txt
check_diff "round trip to text" expect.txt back.txt
$PODKIT chapters -t json back.txt > again.json
check_diff "round trip to json" expect.json again.json
check "stdin" sh -c "$PODKIT chapters -f text -t text - < in.txt | cmp - expect.txt"
check "podcastparser-style JSON with url and img" sh -c \
	"printf '{\"version\":\"1.2.0\",\"chapters\":[{\"startTime\":0,\"title\":\"A\",\"url\":\"https://e.com/\",\"img\":\"https://e.com/i.jpg\"}]}' > u.json && $PODKIT chapters -t json u.json | grep -q '\"url\": \"https://e.com/\"'"

# Duration from an audio file, and the checks.
sine a.wav 5 -20
check "duration from audio" $PODKIT chapters --check -a a.wav - <<< $'0:00 a\n0:03 b'
check_exit "chapter after the end" 1 $PODKIT chapters -d 100 in.txt
check_grep "after the end named" "^podkit: in.txt:4: chapter 'Listener questions' starts at 00:12:04.500, after the end of the audio \(00:01:40\)$" "$T/stderr"
printf '0:00 a\n0:50 b\n0:40 c\n' > order.txt
check_exit "not ascending" 1 $PODKIT chapters --check order.txt
check_grep "not ascending named" "^podkit: order.txt:3: chapter 'c' starts at 00:00:40, not after the one before it \(00:00:50\)$" "$T/stderr"
printf '0\t3\ta\n3\t4\tb\n' > short.labels
check_exit "last label ends early" 1 $PODKIT chapters -f audacity -d 5 short.labels
check_grep "ends early named" "^podkit: short.labels:2: the last chapter ends at 00:00:04, not at the end of the audio \(00:00:05\)$" "$T/stderr"
printf '0:00 a\n1:7x b\n' > bad.txt
check_exit "bad time" 1 $PODKIT chapters bad.txt
check_grep "bad time named" "^podkit: bad.txt:2: '1:7x' is not a time \(HH:MM:SS\)$" "$T/stderr"
printf '0:00 a\n0:10\n' > notitle.txt
check_exit "no title" 1 $PODKIT chapters notitle.txt
check_grep "no title named" "^podkit: notitle.txt:2: chapter has no title$" "$T/stderr"
printf '{"chapters": [\n  {"startTime": 0, "title": "a"},\n  {"startTime": 1 "title": "b"}\n]}\n' > bad.json
check_exit "bad JSON" 1 $PODKIT chapters bad.json
check_grep "bad JSON line" "^podkit: bad.json:3: " "$T/stderr"
printf '0:10 late start\n' > late.txt
check_exit "first chapter late: a warning" 0 $PODKIT chapters late.txt
check_grep "late start warned" "^podkit: late.txt:1: warning: the first chapter starts at 00:00:10, not at 0$" "$T/stderr"
echo keep > out.json
check_exit "output kept on error" 1 $PODKIT chapters -o out.json bad.txt
check_eq "output untouched" "$(cat out.json)" keep
check_exit "bad format name" 2 $PODKIT chapters -t xml in.txt
check_exit "no input: usage" 2 $PODKIT chapters

# From an episode's episode.md (the show model) to every format.
mkdir -p show/001-a
printf 'title: S\ndescription: d\nauthor: a\nlanguage: en\nlink: https://e.com/\nimage: https://e.com/c.jpg\ncategories: [{name: Arts}]\nexplicit: false\nowner: {name: A, email: a@e.com}\nfeed_url: https://e.com/feed.xml\nmedia_url: https://e.com/\n' > show/show.yaml
printf -- '---\ntitle: One\nnumber: 1\ndate: 2026-01-01T00:00:00Z\naudio: a.wav\nchapters:\n  - {start: "0:00", title: Hello}\n  - {start: "1:30", title: There, url: https://e.com/x}\n---\nNotes\n' > show/001-a/episode.md
cp a.wav show/001-a/
check "episode chapters to text" $PODKIT chapters -e show/001-a -t text -o ep.txt
printf '00:00:00 Hello\n00:01:30 There\n' > expect-ep.txt
check_diff "episode chapters as text" expect-ep.txt ep.txt
check_exit "episode chapters past the audio" 1 $PODKIT chapters -e show/001-a -a show/001-a/a.wav --check
check_grep "episode.md line named" "^podkit: show/001-a/episode.md:[0-9]+: chapter 'There' starts at 00:01:30, after the end" "$T/stderr"
