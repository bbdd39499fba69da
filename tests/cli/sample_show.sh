#!/usr/bin/env bash
# sample_show.sh: the committed sample show (episodes/) is what the
# foundation issue asks for, its scripts render to quiet, uneven speech whose
# sections match the chapters, and podkit accepts it.
. "$(dirname "$0")/../lib.sh"
# target_of FILE: the loudness the show's `audio.target: -16` means for a
# published file: -16 LUFS in stereo, 3 LU under it (-19) in mono
target_of() {
	case $(ffprobe -v error -select_streams a:0 -show_entries stream=channels -of csv=p=0 "$1") in
	1) echo -19 ;;
	*) echo -16 ;;
	esac
}

SHOW="$ROOT/episodes"

# The structure, read with Python's YAML parser rather than podkit's own:
# each failed expectation prints one "not ok" line.
/usr/bin/python3 - "$SHOW" "$SOURCE_DATE_EPOCH" >"$T/py.out" 2>&1 <<'PY'
import datetime, glob, os, re, sys
import yaml

show_dir, now = sys.argv[1], int(sys.argv[2])

def check(desc, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond and detail:
        print("#   " + str(detail))

SHOW_KEYS = set("""title description author language link image categories
explicit type owner hosts feed_url media_url podcast_guid locked locked_owner
funding license medium txt new_feed_url complete block copyright footer audio
publish subscribe location social_interact images value chat podroll publisher
update_frequency block_services live_items""".split())
EPISODE_KEYS = set("""title number season type date guid explicit summary
audio audio_length audio_duration audio_type image hosts guests chapters
transcript links keywords block intro outro tracks soundbites location
social_interact images value chat content_links""".split())

with open(os.path.join(show_dir, "show.yaml"), encoding="utf-8") as f:
    show = yaml.safe_load(f)
check("show.yaml uses only schema keys", set(show) <= SHOW_KEYS,
      set(show) - SHOW_KEYS)
check("show is explicit (explicit: true)", show.get("explicit") is True)
check("show is episodic", show.get("type") == "episodic")
cats = {c["name"]: c.get("subcategories", []) for c in show["categories"]}
check("category Health & Fitness > Sexuality",
      "Sexuality" in cats.get("Health & Fitness", []), cats)
check("category Society & Culture > Relationships",
      "Relationships" in cats.get("Society & Culture", []), cats)
check("owner has a name and an email",
      bool(show["owner"].get("name")) and "@" in show["owner"].get("email", ""))
hosts = [h["name"] for h in show.get("hosts", [])]
check("two hosts", len(hosts) == 2, hosts)
for key in ("feed_url", "media_url", "link"):
    check("%s is on a reserved .example domain" % key,
          re.match(r"https://([a-z0-9-]+\.)*[a-z0-9-]+\.example/", show[key]),
          show[key])
footer = show.get("footer", "")
check("footer says the hosts are not licensed therapists",
      re.search(r"not\s+licensed\s+therapists", footer, re.I), footer)
check("footer points to professional help",
      re.search(r"(therapist|doctor|clinic)", footer.split("therapists", 1)[-1],
                re.I) and re.search(r"crisis|emergency", footer, re.I))
check("show cover is named", show.get("image") == "cover.jpg")
check("funding, license, locked and subscribe links are set",
      show.get("funding") and show.get("license") and
      show.get("locked") is True and len(show.get("subscribe", [])) >= 2)

eps = []
for path in sorted(glob.glob(os.path.join(show_dir, "[0-9][0-9][0-9]-*/episode.md"))):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    check("%s has front matter" % path, m)
    if not m:
        continue
    meta = yaml.safe_load(m.group(1))
    eps.append((os.path.dirname(path), meta, m.group(2)))

check("at least four episodes", len(eps) >= 4, len(eps))
types = [e[1].get("type", "full") for e in eps]
check("exactly one trailer", types.count("trailer") == 1, types)
check("at least four full episodes", types.count("full") >= 4, types)
check("an episode has a guest", any(e[1].get("guests") for e in eps))
guids = [str(e[1].get("guid")) for e in eps]
check("guids are fixed, distinct UUIDs",
      len(set(guids)) == len(guids) and
      all(re.fullmatch(r"[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}", g)
          for g in guids), guids)
numbers = [e[1]["number"] for e in eps if "number" in e[1]]
check("episode numbers are distinct", len(set(numbers)) == len(numbers))

def secs(s):
    t = 0
    for part in str(s).split(":"):
        t = t * 60 + float(part)
    return t

for d, meta, notes in eps:
    slug = os.path.basename(d)
    check(slug + ": only schema keys", set(meta) <= EPISODE_KEYS,
          set(meta) - EPISODE_KEYS)
    for key in ("title", "season", "date", "summary",
                "tracks" if "tracks" in meta else "audio", "chapters",
                "hosts", "keywords", "links", "guid"):
        check("%s: has '%s'" % (slug, key), meta.get(key) not in (None, "", []))
    if meta.get("type", "full") != "trailer":
        check(slug + ": has a number matching its folder",
              meta.get("number") == int(slug[:3]), meta.get("number"))
    check(slug + ": explicit", meta.get("explicit") is True)
    date = meta.get("date")
    ok = isinstance(date, datetime.datetime) and date.tzinfo is not None
    check(slug + ": date is ISO 8601 with a time zone", ok, date)
    if ok:
        check(slug + ": dated in the past (before SOURCE_DATE_EPOCH)",
              date.year >= 2025 and date.timestamp() < now, date)
    check(slug + ": hosts are the show's hosts", meta.get("hosts") == hosts)
    if "tracks" in meta:
        # the double-ender: each host on their own rendered track
        check(slug + ": tracks are the hosts' rendered mics",
              meta.get("tracks") == [
                  {"file": "maya.wav", "name": "Maya Ortiz"},
                  {"file": "jonah.flac", "name": "Jonah Kessler"}],
              meta.get("tracks"))
        check(slug + ": no audio beside the tracks", "audio" not in meta)
    else:
        check(slug + ": audio is the rendered episode.wav",
              meta.get("audio") == "episode.wav")
    check(slug + ": notes are substantial (over 150 words)",
          len(notes.split()) > 150, len(notes.split()))
    chapters = meta.get("chapters") or []
    starts = [secs(c["start"]) for c in chapters]
    check(slug + ": 3 to 6 chapters, from 0:00, ascending",
          3 <= len(chapters) <= 6 and starts[:1] == [0.0] and
          starts == sorted(set(starts)), starts)
    script = os.path.join(d, "script.txt")
    check(slug + ": has script.txt", os.path.isfile(script))
    if not os.path.isfile(script):
        continue
    lines = open(script, encoding="utf-8").read().splitlines()
    sections = [l[3:] for l in lines if l.startswith("## ")]
    check(slug + ": script sections are the chapters",
          sections == [c["title"] for c in chapters],
          (sections, [c["title"] for c in chapters]))
    names = dict(re.findall(r"^# ([A-Z]) = (.+)$", "\n".join(lines), re.M))
    spoken = {l[0] for l in lines if re.match(r"[A-Z]: ", l)}
    check(slug + ": both hosts speak", {"A", "B"} <= spoken and
          names.get("A") in hosts and names.get("B") in hosts, names)
    guests = [g["name"] for g in meta.get("guests") or []]
    if guests:
        check(slug + ": the guest has a voice of their own",
              "G" in spoken and names.get("G") in guests, names)
    words = sum(len(l.split()) - 1 for l in lines if re.match(r"[A-Z]: ", l))
    check(slug + ": script is 60-120 s of speech (%d words)" % words,
          150 <= words <= 380)
    if meta.get("transcript"):
        vtt = open(os.path.join(d, meta["transcript"]), encoding="utf-8").read()
        voices = set(re.findall(r"<v ([^>]+)>", vtt))
        check(slug + ": transcript is WebVTT with the speakers' names",
              vtt.startswith("WEBVTT") and voices == {names[s] for s in spoken},
              voices)
PY
cat "$T/py.out"
grep -q '^ok - ' "$T/py.out" || not_ok "the show's structure was checked"

# Rendered audio is never committed.
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$ROOT" ls-files episodes | grep -E '\.(wav|flac|mp3|m4a|jpg|png)$' \
		>"$T/tracked" || true
	check_eq "no rendered audio or cover is committed" "$(cat "$T/tracked")" ""
fi

# Render a copy with the demo's renderer: speech of the right length, quiet
# and uneven, re-rendered only when a script changes.
cp -r "$SHOW" "$T/show"
rm -f "$T/show"/*/*.wav "$T/show"/*/*.flac "$T/show"/*/.episode.wav.* "$T/show/cover.jpg" "$T/show/.cover.jpg.stamp"
render() {
	SHOW="$T/show" BUILD="$T/b" "$ROOT/scripts/demo.sh" --render-only "$@"
}
check "the demo renders the sample show" render --write-transcripts
cp "$T/.out" "$T/render1"
for d in "$T/show"/[0-9]*/; do
	slug=$(basename "$d")
	dur=$(soxi -D "$d/episode.wav" 2>/dev/null || echo 0)
	check "$slug: rendered $dur s, between 45 and 130 s" \
		awk -v d="$dur" 'BEGIN { exit !(d >= 45 && d <= 130) }'
done
# the double-ender's tracks: Maya's as long as the episode, Jonah's
# recorder started 2.3 s later, a 48 kHz mono FLAC
d3="$T/show/003-closeness-outside-the-bedroom"
check_eq "003: Maya's track is as long as the episode" \
	"$(soxi -s "$d3/maya.wav")" "$(soxi -s "$d3/episode.wav")"
check "003: Jonah's track starts 2.3 s later" awk -v a="$(soxi -D "$d3/episode.wav")" \
	-v b="$(soxi -D "$d3/jonah.flac")" 'BEGIN { d = a - b - 2.3; exit !(d > -0.01 && d < 0.01) }'
check_eq "003: Jonah's track is a 48 kHz mono FLAC" \
	"$(ffprobe -v error -show_entries stream=codec_name,sample_rate,channels -of csv=p=0 "$d3/jonah.flac")" \
	"flac,48000,1"
check_eq "the cover is a 3000x3000 JPEG" \
	"$(ffprobe -v error -select_streams v -show_entries stream=codec_name,width,height \
		-of csv=p=0 "$T/show/cover.jpg")" "mjpeg,3000,3000"

# The committed chapter starts are where the rendered sections begin.
/usr/bin/python3 - "$SHOW" "$T/render1" >"$T/chap.out" 2>&1 <<'PY'
import glob, os, re, sys
import yaml
show_dir, log = sys.argv[1], open(sys.argv[2]).read()
rendered, slug = {}, None
for line in log.splitlines():
    m = re.match(r"(\S+): chapters as rendered:", line)
    if m:
        slug = m.group(1); rendered[slug] = []
    m = re.match(r'\s+- \{start: "(\d+):(\d+)"', line)
    if m and slug:
        rendered[slug].append(int(m.group(1)) * 60 + int(m.group(2)))
for path in sorted(glob.glob(os.path.join(show_dir, "*/episode.md"))):
    slug = os.path.basename(os.path.dirname(path))
    meta = yaml.safe_load(open(path).read().split("---")[1])
    want = []
    for c in meta["chapters"]:
        m, s = str(c["start"]).split(":")
        want.append(int(m) * 60 + int(s))
    got = rendered.get(slug, [])
    good = len(got) == len(want) and all(abs(a - b) <= 2 for a, b in zip(got, want))
    print(("ok - " if good else "not ok - ") +
          "%s: chapter starts match the rendered sections" % slug)
    if not good:
        print("#   committed %s, rendered %s" % (want, got))
PY
cat "$T/chap.out"

# The built sample feed, read by two real clients' parsers (gPodder's
# podcastparser and feedparser): every episode with its enclosure (URL, the
# file's real size, type), duration, guid, explicit flag, type, number and
# chapters as the committed episode.md files say.
check_exit "podkit build builds the rendered sample show" 0 \
	"$PODKIT" build -q -C "$T/show" -o "$T/feed"
check_exit "the built sample feed lints without errors" 0 \
	"$PODKIT" lint "$T/feed/feed.xml"
check_grep "nor warnings" "^$T/feed/feed.xml: 0 errors, 0 warnings\$" \
	"$T/stdout"
/usr/bin/python3 - "$SHOW" "$T/feed" "$T/show" >"$T/clients.out" 2>&1 <<'PY'
import glob, os, re, subprocess, sys
import feedparser, podcastparser, yaml

show_dir, feed_dir, rendered_dir = sys.argv[1], sys.argv[2], sys.argv[3]
def check(desc, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond and detail:
        print("#   " + str(detail))
show = yaml.safe_load(open(os.path.join(show_dir, "show.yaml")))
media = show["media_url"]
eps = {}
for path in sorted(glob.glob(os.path.join(show_dir, "*/episode.md"))):
    meta = yaml.safe_load(open(path).read().split("---")[1])
    eps[meta["guid"]] = meta
def secs(t):
    v = 0
    for part in str(t).split(":"):
        v = v * 60 + int(part)
    return v
# An episode with an intro is published later by the intro's length less
# the crossfade (show.yaml's, else 2 s); a chapter at 0 stays there.
def intro_offset(meta):
    intro = meta.get("intro") or (show.get("audio") or {}).get("intro")
    if not intro or intro == "none":
        return 0.0
    fade = (show.get("audio") or {}).get("crossfade", 2.0)
    d = float(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration",
         "-of", "csv=p=0", os.path.join(rendered_dir, intro)],
        capture_output=True, text=True).stdout)
    return d - min(fade, d)
feed = os.path.join(feed_dir, "feed.xml")
with open(feed, "rb") as f:
    pp = podcastparser.parse("file://" + feed, f)
fp = feedparser.parse(feed)
feed_xml = open(feed, encoding="utf-8").read()
check("podcastparser: every episode is in the feed",
      sorted(e["guid"] for e in pp["episodes"]) == sorted(eps),
      [e["guid"] for e in pp["episodes"]])
check("feedparser: every episode is in the feed, no parse error",
      not fp.bozo and sorted(e.id for e in fp.entries) == sorted(eps))
fpe = {e.id: e for e in fp.entries}
for e in pp["episodes"]:
    meta = eps.get(e["guid"])
    if not meta:
        continue
    name = meta["title"][:40]
    enc = e["enclosures"][0] if e["enclosures"] else {}
    url = enc.get("url", "")
    local = os.path.join(feed_dir, url[len(media):]) if url.startswith(media) else ""
    check(name + ": enclosure is a built file under media_url",
          local and os.path.isfile(local), url)
    if not (local and os.path.isfile(local)):
        continue
    check(name + ": enclosure length is the file's size",
          enc["file_size"] == os.path.getsize(local),
          (enc["file_size"], os.path.getsize(local)))
    ext = os.path.splitext(local)[1]
    want_type = {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a",
                 ".opus": "audio/ogg", ".wav": "audio/wav"}.get(ext)
    check(name + ": enclosure type fits the file",
          enc["mime_type"] == want_type, (enc["mime_type"], ext))
    probed = float(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration",
         "-of", "csv=p=0", local], capture_output=True, text=True).stdout)
    check(name + ": duration is the file's (%.1f s)" % probed,
          abs(e["total_time"] - probed) <= 1, e["total_time"])
    check(name + ": explicit", e.get("explicit") is True)
    check(name + ": episode type and number",
          e.get("type") == meta.get("type", "full") and
          e.get("number") == meta.get("number") and e.get("season") == 1,
          (e.get("type"), e.get("number"), e.get("season")))
    off = intro_offset(meta)
    want_ch = [(secs(c["start"]) + (off if secs(c["start"]) > 0 else 0),
                c["title"]) for c in meta["chapters"]]
    got_ch = [(c["start"], c["title"]) for c in e.get("chapters", [])]
    # podcastparser keeps whole seconds
    check(name + ": podcastparser reads the chapters (moved %.2f s by "
          "the intro)" % off,
          len(got_ch) == len(want_ch) and
          all(abs(g[0] - w[0]) < 1 and g[1] == w[1]
              for g, w in zip(got_ch, want_ch)), (got_ch, want_ch))
    item = feed_xml[feed_xml.find(e["guid"]):]
    item = item[:item.find("</item>")]
    psc = [(sum(float(x) * 60 ** i for i, x in
                enumerate(reversed(m.group(1).split(":")))), m.group(2))
           for m in re.finditer(r'<psc:chapter start="([0-9:.]+)" '
                                r'title="([^"]*)"', item)]
    check(name + ": psc:chapters at the published times",
          len(psc) == len(want_ch) and
          all(abs(g[0] - w[0]) <= 0.002 for g, w in zip(psc, want_ch)),
          (psc, want_ch))
    fe = fpe.get(e["guid"])
    if fe is None:
        continue
    flink = [l for l in fe.links if l.get("rel") == "enclosure"]
    check(name + ": feedparser sees the same enclosure",
          flink and flink[0]["href"] == url and
          int(flink[0]["length"]) == enc["file_size"] and
          flink[0]["type"] == want_type)
    check(name + ": feedparser reads the duration",
          fe.get("itunes_duration") == str(e["total_time"]),
          fe.get("itunes_duration"))
    fch = fe.get("psc_chapters", {}).get("chapters", [])
    check(name + ": feedparser reads the chapters",
          [c["title"] for c in fch] == [t for _, t in want_ch])
PY
cat "$T/clients.out"
grep -q '^ok - ' "$T/clients.out" || not_ok "the clients read the built feed"

# The Podcasting 2.0 extras of a relationship show, read back from the
# built feed by the Podcast Index's parser, podcast-partytime (npm, pinned,
# installed by tests/servers/setup-partytime.sh), with the values the
# committed files give: soundbites in every episode (at the published
# times: an intro moves them), the podroll with its example guids,
# socialInteract, the value block with its example addresses (marked as
# examples), and, from the XML (partytime 5.0.0 reads neither), the
# updateFrequency and the image purposes.
if "$ROOT/tests/servers/setup-partytime.sh"; then
	NODE_PATH=$ROOT/tests/servers/.node/node_modules node -e '
	const {parseFeed} = require("podcast-partytime");
	const xml = require("fs").readFileSync(process.argv[1], "utf8");
	process.stdout.write(JSON.stringify(parseFeed(xml)));
	' "$T/feed/feed.xml" >"$T/partytime.json" || not_ok "partytime parses the sample feed"
	/usr/bin/python3 - "$SHOW" "$T/show" "$T/feed" "$T/partytime.json" >"$T/p20.out" <<'PY'
import glob, json, os, subprocess, sys
import xml.etree.ElementTree as ET
import yaml

show_dir, rendered, feed_dir, pt_path = sys.argv[1:5]
def check(desc, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond:
        print("#   " + str(detail)[:500])
def secs(v):
    if isinstance(v, (int, float)):
        return float(v)
    t = 0.0
    for part in str(v).split(":"):
        t = t * 60 + float(part)
    return t
show = yaml.safe_load(open(os.path.join(show_dir, "show.yaml")))
pt = json.load(open(pt_path))
text = open(os.path.join(show_dir, "show.yaml")).read()
check("show.yaml marks its guids and addresses as examples",
      text.count("EXAMPLE") >= 2 and "example address" in text)
check("partytime: the podroll with the example guids",
      [r.get("feedGuid") for r in pt.get("podroll", [])] ==
      [r["feed_guid"] for r in show["podroll"]], pt.get("podroll"))
v = show["value"]
check("partytime: the value block and its example recipients",
      pt.get("value", {}).get("method") == v["method"] and
      [(r["name"], r["address"], r["split"]) for r in pt["value"]["recipients"]]
      == [(r["name"], r["address"], r["split"]) for r in v["recipients"]],
      pt.get("value"))
NS = "{https://podcastindex.org/namespace/1.0}"
chan = ET.parse(os.path.join(feed_dir, "feed.xml")).getroot().find("channel")
uf = chan.find(NS + "updateFrequency")
check("updateFrequency as show.yaml gives it",
      uf is not None and (uf.text, uf.get("rrule")) ==
      (show["update_frequency"]["text"], show["update_frequency"]["rrule"]))
check("podcast:image with each purpose",
      [i.get("purpose") for i in chan.findall(NS + "image")] ==
      [i["purpose"] for i in show["images"]])
items = {i["guid"]: i for i in pt["items"]}
fade = (show.get("audio") or {}).get("crossfade", 2.0)
for md in sorted(glob.glob(os.path.join(show_dir, "*/episode.md"))):
    ep = yaml.safe_load(open(md).read().split("---")[1])
    slug = os.path.basename(os.path.dirname(md))
    it = items.get(ep["guid"], {})
    check(slug + ": has soundbites", bool(ep.get("soundbites")))
    # the intro publishes the speech later by its length less the crossfade
    off = 0.0
    intro = ep.get("intro") or (show.get("audio") or {}).get("intro")
    if intro and intro != "none":
        d = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries",
            "format=duration", "-of", "csv=p=0",
            os.path.join(rendered, intro)], capture_output=True,
            text=True).stdout)
        off = d - min(fade, d)
    got = [(b["startTime"], b["duration"], b["title"])
           for b in it.get("podcastSoundbites") or []]
    want = [(secs(b["start"]) + off, secs(b["duration"]), b["title"])
            for b in ep.get("soundbites", [])]
    check(slug + ": partytime reads the soundbites, moved %.2f s by the "
          "intro" % off, len(got) == len(want) and all(
          abs(g[0] - w[0]) < 0.01 and abs(g[1] - w[1]) < 0.01 and g[2] == w[2]
          for g, w in zip(got, want)), (got, want))
    check(slug + ": each soundbite 15 to 120 s",
          all(15 <= g[1] <= 120 for g in got), got)
    # two formats: the Opus file an alternate of the MP3, as it is on disk
    alts = [a for a in it.get("alternativeEnclosures") or []]
    ok = len(alts) == 1 and alts[0].get("codecs") == "opus"
    if ok:
        uri = alts[0]["source"][0]["uri"]
        path = os.path.join(feed_dir, uri[len(show["media_url"]):])
        ok = os.path.isfile(path) and \
            os.path.getsize(path) == alts[0].get("length")
        print("OPUS %s" % path)
    # (the double-ender's mix too: it goes through the same pipeline)
    check(slug + ": an Opus alternateEnclosure, its file the stated "
          "length", ok, alts)
    si = ep.get("social_interact", [])
    check(slug + ": partytime reads the socialInteract thread",
          [s.get("url") for s in it.get("podcastSocialInteraction") or []] ==
          [s["uri"] for s in si], it.get("podcastSocialInteraction"))
    for split in (ep.get("value") or {}).get("time_splits", []):
        ts = (it.get("value") or {}).get("valueTimeSplits") or [{}]
        check(slug + ": the guest's time split, moved by the intro",
              abs(ts[0].get("startTime", -1) - (secs(split["start"]) + off))
              < 0.01, ts)
PY
	grep -v '^OPUS ' "$T/p20.out"
	# each Opus alternate on target as well, by ffmpeg's ebur128
	for f in $(awk '/^OPUS /{print $2}' "$T/p20.out"); do
		read -r i tp < <(ffmpeg -nostdin -nostats -i "$f" -af ebur128=peak=true -f null - 2>&1 |
			awk '/I:/{i=$2} /Peak:/{p=$2} END{print i, p}')
		near "$(basename "$f"): the Opus alternate on target" "$i" "$(target_of "$f")" 0.5
		at_most "$(basename "$f"): its true peak" "$tp" -1
	done
else
	not_ok "install podcast-partytime"
fi

# Every voice at the same loudness: each built episode's speakers, over
# their transcript cues, at most 1 LU apart by ffmpeg's ebur128 (they are
# 7 to 9 LU apart in the rendered WAVs), the episode within 0.3 LU of the
# target at or under -1 dBTP. The recording is measured over the source
# transcript's cues, the published audio over the published transcript's
# (moved by the intro and any cut pauses, as a listener's player reads it).
for d in "$T/show"/[0-9]*/; do
	slug=$(basename "$d")
	mp3=$(ls "$T/feed/audio/$slug"-*.mp3 2>/dev/null | head -1)
	pub="$T/feed/transcripts/$slug.vtt"
	[ -n "$mp3" ] && [ -f "$d/transcript.vtt" ] && [ -f "$pub" ] || {
		not_ok "$slug: built audio and a transcript"; continue; }
	before=$(speaker_spread "$d/episode.wav" "$d/transcript.vtt" | awk '/^spread/{print $2}')
	after=$(speaker_spread "$mp3" "$pub" | awk '/^spread/{print $2}')
	check "$slug: speakers $before LU apart in the recording, $after LU after the build (at most 1)" \
		awk -v a="$after" 'BEGIN { exit !(a != "" && a <= 1.0) }'
	read -r i tp < <(ffmpeg -nostdin -nostats -i "$mp3" -af ebur128=peak=true -f null - 2>&1 |
		awk '/I:/{i=$2} /Peak:/{p=$2} END{print i, p}')
	want=$(target_of "$mp3")
	check "$slug: $i LUFS ($want +- 0.3), true peak $tp dBTP (at most -1)" \
		awk -v i="$i" -v p="$tp" -v w="$want" 'BEGIN { d = i - w; if (d < 0) d = -d
			exit !(i != "" && d <= 0.3 && p <= -1) }'
done

# Deliberately quiet, and the hosts deliberately uneven: measure Maya's and
# Jonah's first lines of the first episode with ffmpeg's ebur128 meter.
lufs() {
	ffmpeg -nostdin -hide_banner -i "$1" -af ebur128 -f null - 2>&1 |
		awk '/Integrated loudness:/ { f = 1 } f && /I:/ { print $2; exit }'
}
ep1=$(ls -d "$T/show"/001-*/ | head -1)
whole=$(lufs "$ep1/episode.wav")
check "the mix is quiet ($whole LUFS, under -28)" \
	awk -v l="$whole" 'BEGIN { exit !(l < -28 && l > -45) }'
b1=$(basename "$ep1")
maya=$(lufs "$T/b/demo/$b1/line001.wav")
jonah=$(lufs "$T/b/demo/$b1/line002.wav")
check "the hosts are uneven (Maya $maya, Jonah $jonah LUFS: 4 LU or more)" \
	awk -v a="$maya" -v b="$jonah" 'BEGIN { exit !(a - b >= 4) }'

# A second run renders nothing; editing one script re-renders only it.
check "a second render" render
check_grep "a second render renders nothing" "0 episode\(s\) rendered, 5 unchanged" "$T/.out"
echo "B: One more line." >>"$T/show/003-closeness-outside-the-bedroom/script.txt"
check "a render after one script changed" render
check_grep "only the changed episode is rendered again" \
	"1 episode\(s\) rendered, 4 unchanged" "$T/.out"
check_grep "and it is the edited one" "rendering .*003-closeness" "$T/.out"

# podkit itself accepts the sample show, once it has a check command: the
# committed folder without its (unrendered) files, and the rendered copy.
if "$PODKIT" help check >/dev/null 2>&1; then
	check_exit "podkit check --no-files accepts the committed sample show" 0 \
		"$PODKIT" check --no-files "$SHOW"
	check_exit "podkit check accepts the rendered sample show" 0 \
		"$PODKIT" check "$T/show"
	check_no_grep "podkit check has no warning about it" . "$T/stderr"
fi
