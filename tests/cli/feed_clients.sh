#!/usr/bin/env bash
# feed_clients.sh: a show with real recordings (espeak-ng speech, encoded
# with ffmpeg) built with `podkit build`, then read by two real podcast
# clients' parsers, python3-podcastparser (gPodder) and python3-feedparser:
# every episode's enclosure URL, length (the file's size), type, duration,
# guid, explicit flag and chapters must come through.
. "$(dirname "$0")/../lib.sh"

S=$T/show
mkdir -p "$S"
cat >"$S/show.yaml" <<'YAML'
title: Client Check
description: A show for the client test.
author: Maya & Jonah
language: en
link: https://example.com/
image: https://example.com/cover.jpg
categories:
  - name: Health & Fitness
    subcategories: [Sexuality]
explicit: true
type: episodic
owner: {name: Maya Ortiz, email: hello@example.com}
hosts: [{name: Maya Ortiz}, {name: Jonah Reyes}]
feed_url: https://example.com/feed.xml
media_url: https://cdn.example.com/pod/
audio: {normalize: false}   # as recorded; audio.sh tests the encoding
YAML

# speak FILE TEXT VOICE: a short recording.
speak() { espeak-ng -v "$3" -s 190 -w "$1" "$2" 2>/dev/null; }

mkdir "$S/001-first" "$S/002-second" "$S/003-third" "$S/004-back"
speak "$T/a.wav" "Welcome to the first episode. We talk about trust." en-us
ffmpeg -loglevel error -y -i "$T/a.wav" -c:a libmp3lame -b:a 48k \
	"$S/001-first/episode.mp3"
speak "$T/b.wav" "The second episode is about pulling away." en-gb
ffmpeg -loglevel error -y -i "$T/b.wav" -c:a aac -b:a 48k \
	"$S/002-second/episode.m4a"
speak "$S/003-third/take.wav" "A short third one." en-us

cat >"$S/001-first/episode.md" <<'MD'
---
title: First & foremost
number: 1
date: 2025-12-01T06:00:00+01:00
guid: ep-one-guid
audio: episode.mp3
chapters:
  - {start: "0:00", title: Hello}
  - {start: "0:01.5", title: "Trust & <you>", url: https://example.com/t}
---
Notes for one.
MD
cat >"$S/002-second/episode.md" <<'MD'
---
title: Second
number: 2
date: 2025-12-08T06:00:00Z
guid: ep-two-guid
explicit: false
audio: episode.m4a
chapters:
  - {start: 0, title: Start}
  - {start: 2, title: Middle}
---
Notes for two.
MD
cat >"$S/003-third/episode.md" <<'MD'
---
title: Third
number: 3
date: 2025-12-15T06:00:00Z
audio: take.wav
---
Notes for three; its guid is derived.
MD
cat >"$S/004-back/episode.md" <<'MD'
---
title: From the back catalogue
number: 4
date: 2025-12-20T06:00:00Z
guid: ep-four-guid
audio: https://old.example.com/ep4.mp3
audio_length: 4567890
audio_duration: "1:02:03"
---
Hosted elsewhere.
MD

check_exit "build the show with real audio" 0 \
	"$PODKIT" build -q -C "$S" -o "$T/out"
check_exit "its feed lints clean" 0 "$PODKIT" lint "$T/out/feed.xml"

# What each client must see, from the files themselves (sizes, and
# durations from ffprobe, not from podkit).
dur() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }
a1=$(ls "$T/out/audio/" | grep '^001-first-.*\.mp3$')
a2=$(ls "$T/out/audio/" | grep '^002-second-.*\.m4a$')
a3=$(ls "$T/out/audio/" | grep '^003-third-.*\.wav$')
cat >"$T/expect.json" <<JSON
[
 {"title": "First & foremost", "guid": "ep-one-guid",
  "url": "https://cdn.example.com/pod/audio/$a1",
  "length": $(stat -c %s "$T/out/audio/$a1"), "type": "audio/mpeg",
  "duration": $(dur "$S/001-first/episode.mp3"), "explicit": true,
  "chapters": [[0, "Hello"], [1.5, "Trust & <you>"]]},
 {"title": "Second", "guid": "ep-two-guid",
  "url": "https://cdn.example.com/pod/audio/$a2",
  "length": $(stat -c %s "$T/out/audio/$a2"), "type": "audio/x-m4a",
  "duration": $(dur "$S/002-second/episode.m4a"), "explicit": false,
  "chapters": [[0, "Start"], [2, "Middle"]]},
 {"title": "Third", "guid": "DERIVED:003",
  "url": "https://cdn.example.com/pod/audio/$a3",
  "length": $(stat -c %s "$T/out/audio/$a3"), "type": "audio/wav",
  "duration": $(dur "$S/003-third/take.wav"), "explicit": true,
  "chapters": []},
 {"title": "From the back catalogue", "guid": "ep-four-guid",
  "url": "https://old.example.com/ep4.mp3", "length": 4567890,
  "type": "audio/mpeg", "duration": 3723, "explicit": true, "chapters": []}
]
JSON

/usr/bin/python3 - "$T/out/feed.xml" "$T/expect.json" <<'PY'
import json, sys, uuid
import podcastparser, feedparser

feed_path, expect_path = sys.argv[1], sys.argv[2]
expect = json.load(open(expect_path))
# A derived guid is UUIDv5(podcast guid, folder number); the podcast guid
# is UUIDv5(Podcasting 2.0 namespace, feed URL without scheme).
pg = uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"),
                "example.com/feed.xml")
for e in expect:
    if e["guid"].startswith("DERIVED:"):
        e["guid"] = str(uuid.uuid5(pg, e["guid"][8:]))

def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok:
        print("#   " + detail)

with open(feed_path, "rb") as f:
    pp = podcastparser.parse("https://example.com/feed.xml", f)
fp = feedparser.parse(feed_path)

check("feedparser reads the feed without error", not fp.bozo,
      repr(fp.get("bozo_exception")))
check("podcastparser: podcast title", pp["title"] == "Client Check")
check("feedparser: podcast title", fp.feed.title == "Client Check")
check("podcastparser: four episodes", len(pp["episodes"]) == 4,
      str(len(pp["episodes"])))
check("feedparser: four entries", len(fp.entries) == 4, str(len(fp.entries)))

ppe = {e["title"]: e for e in pp["episodes"]}
fpe = {e.title: e for e in fp.entries}
for e in expect:
    t = e["title"]
    p, q = ppe.get(t), fpe.get(t)
    check("podcastparser sees '%s'" % t, p is not None)
    check("feedparser sees '%s'" % t, q is not None)
    if p is None or q is None:
        continue
    enc = p["enclosures"][0] if p["enclosures"] else {}
    check("podcastparser '%s': enclosure url" % t, enc.get("url") == e["url"],
          "%r != %r" % (enc.get("url"), e["url"]))
    check("podcastparser '%s': length is the file size" % t,
          enc.get("file_size") == e["length"],
          "%r != %r" % (enc.get("file_size"), e["length"]))
    check("podcastparser '%s': type" % t, enc.get("mime_type") == e["type"],
          repr(enc.get("mime_type")))
    want = round(e["duration"])
    check("podcastparser '%s': duration %d s" % (t, want),
          p["total_time"] == want, repr(p["total_time"]))
    check("podcastparser '%s': guid" % t, p["guid"] == e["guid"],
          "%r != %r" % (p["guid"], e["guid"]))
    check("podcastparser '%s': explicit %s" % (t, e["explicit"]),
          p.get("explicit") == e["explicit"], repr(p.get("explicit")))
    # podcastparser keeps whole seconds of a chapter start.
    got = [(c["start"], c["title"]) for c in p.get("chapters", [])]
    wantc = [(int(s), n) for s, n in e["chapters"]]
    check("podcastparser '%s': chapters" % t, got == wantc,
          "%r != %r" % (got, wantc))

    links = [l for l in q.get("enclosures", [])]
    l = links[0] if links else {}
    check("feedparser '%s': enclosure url" % t, l.get("href") == e["url"],
          repr(l.get("href")))
    check("feedparser '%s': length" % t, int(l.get("length", -1)) == e["length"],
          repr(l.get("length")))
    check("feedparser '%s': type" % t, l.get("type") == e["type"],
          repr(l.get("type")))
    check("feedparser '%s': duration" % t,
          q.get("itunes_duration") == str(want), repr(q.get("itunes_duration")))
    check("feedparser '%s': guid" % t, q.get("id") == e["guid"],
          "%r != %r" % (q.get("id"), e["guid"]))
    # feedparser 6.0.10 maps only the legacy "yes"/"clean" and gives None
    # for Apple's current "true"/"false", so podcastparser checks the flag.
PY

# The sample show (episodes/), with stand-in recordings generated here (a
# sine as long as each episode's chapters and transcript need; `make demo`
# renders the real speech), built and read by both clients. What to expect comes from
# the episode.md files through Python's own YAML parser and from the
# output files, not from podkit.
cp -r "$ROOT/episodes" "$T/sample"
ffmpeg -loglevel error -y -f lavfi -i color=c=0x884466:s=1400x1400 \
	-frames:v 1 "$T/sample/cover.jpg"
# The double-ender's tracks (tests/cli/mix.sh tests mixing): one stand-in
# recording takes their place here.
for md in "$T"/sample/[0-9]*/episode.md; do
	awk '/^tracks:$/ { print "audio: episode.wav"; skip = 1; next }
	     skip && /^  - / { next } { skip = 0; print }' "$md" >"$md.new" &&
		mv "$md.new" "$md"
done
/usr/bin/python3 - "$T/sample" >"$T/audio.txt" <<'PY'
import glob, os, sys, yaml
def secs(v):
    if isinstance(v, (int, float)):
        return float(v)
    t = 0.0
    for part in str(v).split(":"):
        t = t * 60 + float(part)
    return t
for md in sorted(glob.glob(os.path.join(sys.argv[1], "*/episode.md"))):
    front = yaml.safe_load(open(md, encoding="utf-8").read().split("---")[1])
    audio = front.get("audio", "")
    if audio.startswith("http"):
        continue
    last = max([secs(c["start"]) for c in front.get("chapters", [])] + [0])
    vtt = os.path.join(os.path.dirname(md), front.get("transcript") or "-")
    if os.path.isfile(vtt):
        for line in open(vtt, encoding="utf-8"):
            if "-->" in line:
                end = line.split("-->")[1].split()[0].replace(",", ".")
                last = max(last, secs(end))
    print(os.path.join(os.path.dirname(md), audio), int(last) + 5)
    # an intro or outro (a file in the show folder): a 4 s stand-in
    for key in ("intro", "outro"):
        if front.get(key) and front[key] != "none":
            print(os.path.join(sys.argv[1], front[key]), 4)
PY
while read -r file seconds; do
	sine "$file" "$seconds" -20 1 16000
done <"$T/audio.txt"
check_exit "build the sample show" 0 \
	"$PODKIT" build -q -C "$T/sample" -o "$T/sample-out"

/usr/bin/python3 - "$T/sample" "$T/sample-out" "$SOURCE_DATE_EPOCH" <<'PY'
import datetime, glob, json, os, subprocess, sys, uuid
import podcastparser, feedparser, yaml

show_dir, out_dir, now = sys.argv[1], sys.argv[2], int(sys.argv[3])
feed_path = os.path.join(out_dir, "feed.xml")

def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok:
        print("#   " + str(detail))

def secs(v):
    if isinstance(v, (int, float)):
        return float(v)
    t = 0.0
    for part in str(v).split(":"):
        t = t * 60 + float(part)
    return t

MIME = {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a", ".wav": "audio/wav",
        ".opus": "audio/opus", ".ogg": "audio/ogg"}
show = yaml.safe_load(open(os.path.join(show_dir, "show.yaml"),
                           encoding="utf-8"))
feed_url = show["feed_url"].split("://", 1)[-1].rstrip("/")
pguid = show.get("podcast_guid") or str(uuid.uuid5(
    uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), feed_url))
media_url = show["media_url"].rstrip("/") + "/"

expect = []
for md in sorted(glob.glob(os.path.join(show_dir, "*/episode.md"))):
    slug = os.path.basename(os.path.dirname(md))
    ep = yaml.safe_load(open(md, encoding="utf-8").read().split("---")[1])
    date = ep["date"]
    if isinstance(date, str):
        date = datetime.datetime.fromisoformat(date)
    if date.timestamp() > now:
        continue  # scheduled
    # the main enclosure is the show's first format (MP3 when a list of
    # formats is given); the others are alternates, not the enclosure
    fmts = (show.get("audio") or {}).get("formats") or \
        [(show.get("audio") or {}).get("format", "mp3")]
    main_ext = "." + ("mp3" if "mp3" in fmts else fmts[0])
    files = [f for f in os.listdir(os.path.join(out_dir, "audio"))
             if f.startswith(slug + "-") and f.endswith(main_ext)]
    if len(files) != 1:
        check("one published %s file for %s" % (main_ext, slug), False,
              files)
        continue
    path = os.path.join(out_dir, "audio", files[0])
    dur = float(subprocess.check_output(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration",
         "-of", "csv=p=0", path]))
    # an intro publishes the episode later by its length less the
    # crossfade (2 s by default); a chapter at 0 stays there
    off = 0.0
    intro = ep.get("intro") or (show.get("audio") or {}).get("intro")
    if intro and intro != "none":
        off = float(subprocess.check_output(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration",
             "-of", "csv=p=0", os.path.join(show_dir, intro)])) - \
            (show.get("audio") or {}).get("crossfade", 2.0)
    expect.append({
        "title": ep["title"],
        "guid": ep.get("guid") or str(uuid.uuid5(uuid.UUID(pguid),
                                                 slug[:3])),
        "url": media_url + "audio/" + files[0],
        "length": os.path.getsize(path),
        "type": MIME[os.path.splitext(path)[1]],
        "duration": round(dur),
        "explicit": bool(ep.get("explicit", show.get("explicit", False))),
        "chapters": [(int(secs(c["start"]) +
                           (off if secs(c["start"]) > 0 else 0)),
                       c["title"]) for c in ep.get("chapters", [])],
    })

with open(feed_path, "rb") as f:
    pp = podcastparser.parse("https://" + feed_url, f)
fp = feedparser.parse(feed_path)
check("sample: feedparser reads it without error", not fp.bozo,
      fp.get("bozo_exception"))
check("sample: podcastparser sees every published episode",
      len(pp["episodes"]) == len(expect),
      "%d != %d" % (len(pp["episodes"]), len(expect)))
check("sample: feedparser sees every published episode",
      len(fp.entries) == len(expect))
ppe = {e["title"]: e for e in pp["episodes"]}
fpe = {e.title: e for e in fp.entries}
for e in expect:
    t = e["title"]
    p, q = ppe.get(t), fpe.get(t)
    if p is None or q is None:
        check("sample: both clients see '%s'" % t, False)
        continue
    enc = p["enclosures"][0] if p["enclosures"] else {}
    got = (enc.get("url"), enc.get("file_size"), enc.get("mime_type"),
           p["total_time"], p["guid"], p.get("explicit"),
           [(c["start"], c["title"]) for c in p.get("chapters", [])])
    want = (e["url"], e["length"], e["type"], e["duration"], e["guid"],
            e["explicit"], e["chapters"])
    check("sample, podcastparser '%s': enclosure, length, type, duration, "
          "guid, explicit, chapters" % t, got == want,
          "%r != %r" % (got, want))
    l = q.get("enclosures", [{}])[0]
    got = (l.get("href"), int(l.get("length", -1)), l.get("type"),
           q.get("itunes_duration"), q.get("id"))
    want = (e["url"], e["length"], e["type"], str(e["duration"]), e["guid"])
    check("sample, feedparser '%s': enclosure, length, type, duration, "
          "guid" % t, got == want, "%r != %r" % (got, want))
PY
