#!/usr/bin/env bash
# podcast20.sh: the Podcasting 2.0 tags beyond the core. A show that uses
# every one of them (tests/fixtures/p20: soundbite, location, socialInteract,
# image, value with valueRecipient and valueTimeSplit, chat, contentLink,
# podroll, publisher, updateFrequency, block, liveItem) is checked, written
# with `podkit feed` and linted clean; the Podcast Index's own parser,
# podcast-partytime (npm, pinned), reads each tag back with the values
# show.yaml and episode.md gave, compared from the YAML by Python's parser;
# podcastparser and feedparser still read every episode. Then broken
# fields get FILE:LINE from `podkit check`, and broken tags fail lint.
. "$(dirname "$0")/../lib.sh"

if ! "$ROOT/tests/servers/setup-partytime.sh"; then
	not_ok "install podcast-partytime"
	exit 1
fi
NODE_MODULES=$ROOT/tests/servers/.node/node_modules

cp -r "$ROOT/tests/fixtures/p20" "$T/show"
check_exit "check the show with every tag" 0 "$PODKIT" check "$T/show"
check_exit "write its feed" 0 "$PODKIT" feed -C "$T/show" -o "$T/feed.xml"
check_exit "its feed lints clean" 0 "$PODKIT" lint "$T/feed.xml"
check_eq "no lint warning either" "$(cat "$T/stdout")" \
	"$T/feed.xml: 0 errors, 0 warnings"

# partytime's reading, as JSON.
NODE_PATH=$NODE_MODULES node -e '
const {parseFeed} = require("podcast-partytime");
const xml = require("fs").readFileSync(process.argv[1], "utf8");
process.stdout.write(JSON.stringify(parseFeed(xml)));
' "$T/feed.xml" >"$T/partytime.json" 2>"$T/partytime.err" ||
	not_ok "partytime parses the feed: $(head -3 "$T/partytime.err")"

/usr/bin/python3 - "$T/show" "$T/partytime.json" "$T/feed.xml" <<'PY'
import datetime, json, os, sys
import xml.etree.ElementTree as ET
import yaml, podcastparser, feedparser

show_dir, pt_path, feed_path = sys.argv[1:4]
pt = json.load(open(pt_path))
show = yaml.safe_load(open(os.path.join(show_dir, "show.yaml")))
eps = {}
for d in sorted(os.listdir(show_dir)):
    md = os.path.join(show_dir, d, "episode.md")
    if os.path.isfile(md):
        fm = yaml.safe_load(open(md).read().split("---")[1])
        eps[fm["guid"]] = fm

def check(desc, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + desc)
    if not ok:
        print("#   " + str(detail)[:600])

def eq(desc, got, want):
    check(desc, got == want, "got %r, expected %r" % (got, want))

def secs(v):
    if isinstance(v, (int, float)):
        return float(v)
    t = 0.0
    for part in str(v).split(":"):
        t = t * 60 + float(part)
    return t

def listify(v):
    return v if isinstance(v, list) else [v]

def iso(s):
    return datetime.datetime.fromisoformat(s).astimezone(
        datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")

def recipients(rs):
    out = []
    for r in rs:
        o = {"name": r["name"], "type": r["type"], "address": r["address"],
             "split": r["split"], "fee": bool(r.get("fee", False))}
        if "custom_key" in r:
            o["customKey"] = str(r["custom_key"])
            o["customValue"] = str(r["custom_value"])
        out.append(o)
    return out

def pt_recipients(rs):
    return [{k: v for k, v in r.items()} for r in rs]

# --- the channel, by partytime ---------------------------------------
eq("partytime: podcast:block yes", pt.get("podcastBlocked"), "yes")
eq("partytime: podcast:block per service", pt.get("podcastBlockedPlatforms"),
   {k: bool(v) for k, v in show["block_services"].items()})
loc = listify(show["location"])[0]
eq("partytime: channel location", pt.get("podcastLocation"),
   {"name": loc["name"], "osm": loc["osm"], "geo": loc["geo"]})
v = show["value"]
eq("partytime: channel value type and method",
   (pt["value"]["type"], pt["value"]["method"]), (v["type"], v["method"]))
eq("partytime: channel value suggested", pt["value"].get("suggested"),
   float(v["suggested"]))
eq("partytime: channel value recipients",
   pt_recipients(pt["value"]["recipients"]), recipients(v["recipients"]))
eq("partytime: podroll", pt.get("podroll"),
   [{k: r[n] for k, n in (("feedGuid", "feed_guid"), ("feedUrl", "feed_url"))
     if n in r} for r in show["podroll"]])
pub = show["publisher"]
eq("partytime: publisher", pt.get("podcastPublisher"),
   {"feedGuid": pub["feed_guid"], "feedUrl": pub["feed_url"]})
ch = show["chat"]
got = dict(pt.get("chat") or {}); got.pop("phase", None)
eq("partytime: channel chat", got,
   {"protocol": ch["protocol"], "server": ch["server"],
    "accountId": ch["account_id"], "space": ch["space"]})
li = show["live_items"][0]
pli = (pt.get("podcastLiveItems") or [{}])[0]
eq("partytime: liveItem status, start, end",
   (pli.get("status"), pli.get("start"), pli.get("end")),
   (li["status"], iso(li["start"]), iso(li["end"])))
eq("partytime: liveItem title and guid", (pli.get("title"), pli.get("guid")),
   (li["title"], li["guid"]))
eq("partytime: liveItem enclosure url",
   (pli.get("enclosure") or {}).get("url"), li["url"])
eq("partytime: liveItem contentLinks", pli.get("contentLinks"),
   [{"title": c["title"], "url": c["href"]} for c in li["content_links"]])

# --- every item, by partytime ----------------------------------------
items = {i["guid"]: i for i in pt["items"]}
eq("partytime: every episode", sorted(items), sorted(eps))
for guid, ep in eps.items():
    it = items.get(guid, {})
    eq("partytime %s: soundbites" % guid, it.get("podcastSoundbites"),
       [{"duration": secs(s["duration"]), "startTime": secs(s["start"]),
         "title": s["title"]} for s in ep.get("soundbites", [])] or None)
    if "location" in ep:
        l = listify(ep["location"])[0]
        eq("partytime %s: location" % guid, it.get("podcastLocation"),
           {"name": l["name"], "osm": l["osm"], "geo": l["geo"]})
    si = [s for s in listify(ep.get("social_interact", [])) if
          s["protocol"] != "disabled"]
    if si:
        eq("partytime %s: socialInteract" % guid,
           it.get("podcastSocialInteraction"),
           [dict({"platform": s["protocol"], "id": s.get("account_id", ""),
                  "url": s["uri"], "priority": s["priority"]},
                 **({"profileUrl": s["account_url"]}
                    if "account_url" in s else {})) for s in si])
    if "chat" in ep:
        got = dict(it.get("chat") or {}); got.pop("phase", None)
        c = ep["chat"]
        eq("partytime %s: chat" % guid, got,
           {k: c[n] for k, n in (("protocol", "protocol"),
            ("server", "server"), ("accountId", "account_id"),
            ("space", "space")) if n in c})
    if "value" in ep:
        v = ep["value"]
        pv = it.get("value") or {}
        eq("partytime %s: value recipients" % guid,
           pt_recipients(pv.get("recipients", [])),
           recipients(v["recipients"]))
        want = []
        for s in v.get("time_splits", []):
            o = {"startTime": secs(s["start"]), "duration": secs(s["duration"])}
            if "remote_item" in s:
                r = s["remote_item"]
                o.update({"type": "remoteItem",
                          "remoteStartTime": secs(s.get("remote_start", 0)),
                          "remotePercentage": s.get("remote_percentage", 100),
                          "remoteItem": {k: r[n] for k, n in
                                         (("feedGuid", "feed_guid"),
                                          ("itemGuid", "item_guid"),
                                          ("medium", "medium")) if n in r}})
            else:
                o.update({"type": "recipients",
                          "recipients": recipients(s["recipients"])})
            want.append(o)
        eq("partytime %s: valueTimeSplits" % guid,
           pv.get("valueTimeSplits"), want)

# --- what partytime 5.0.0 does not read: the XML itself ----------------
NS = "{https://podcastindex.org/namespace/1.0}"
root = ET.parse(feed_path).getroot()
chan = root.find("channel")
uf = chan.find(NS + "updateFrequency")
u = show["update_frequency"]
eq("updateFrequency", (uf.text, uf.get("rrule"), uf.get("dtstart")),
   (u["text"], u["rrule"], u["dtstart"]))
eq("channel podcast:image with purposes",
   [(i.get("href"), i.get("purpose"), i.get("aspect-ratio"))
    for i in chan.findall(NS + "image")],
   [(i["href"], i["purpose"], i["aspect_ratio"]) for i in show["images"]])
eq("channel socialInteract",
   [(s.get("protocol"), s.get("uri")) for s in chan.findall(NS + "socialInteract")],
   [(s["protocol"], s["uri"]) for s in show["social_interact"]])
for it in chan.findall("item"):
    ep = eps[it.find("guid").text]
    eq("%s: podcast:image" % it.find("title").text,
       [(i.get("href"), i.get("purpose")) for i in it.findall(NS + "image")],
       [(i["href"], i.get("purpose")) for i in ep.get("images", [])])
    eq("%s: contentLink" % it.find("title").text,
       [(c.get("href"), c.text) for c in it.findall(NS + "contentLink")],
       [(c["href"], c["title"]) for c in ep.get("content_links", [])])
    eq("%s: socialInteract disabled has no uri" % it.find("title").text,
       [s.get("uri") for s in it.findall(NS + "socialInteract")
        if s.get("protocol") == "disabled"],
       [None for s in listify(ep.get("social_interact", []))
        if s["protocol"] == "disabled"])

# --- the other clients still read every episode -----------------------
with open(feed_path, "rb") as f:
    pp = podcastparser.parse("https://tags.example/feed.xml", f)
fp = feedparser.parse(feed_path)
check("feedparser reads the feed without error", not fp.bozo,
      repr(fp.get("bozo_exception")))
eq("podcastparser: every episode", sorted(e["guid"] for e in pp["episodes"]),
   sorted(eps))
eq("feedparser: every episode", sorted(e.id for e in fp.entries), sorted(eps))
for e in pp["episodes"]:
    ep = eps[e["guid"]]
    eq("podcastparser %s: enclosure" % e["guid"],
       (e["enclosures"][0]["url"], e["enclosures"][0]["file_size"]),
       (ep["audio"], ep["audio_length"]))
for e in fp.entries:
    ep = eps[e.id]
    eq("feedparser %s: enclosure" % e.id, e.enclosures[0].href, ep["audio"])
PY

# --- the episode page plays each soundbite -----------------------------
check_exit "build the show (pages too)" 0 "$PODKIT" build -q -C "$T/show" -o "$T/out"
P=$T/out/episodes/001-one.html
check_grep "page: a button plays the first soundbite (73.5 s, 60 s)" \
	'<button type="button" class="seek" data-t="73.500" data-d="60.000" aria-label="Play the soundbite The best minute \(60 s from 1:13\)">' "$P"
check_grep "page: and the second (5:00, 15 s), title escaped" \
	'data-t="300.000" data-d="15.000"[^>]*>&#9654; 15 s</button> Short &amp; sweet</li>' "$P"
check_grep "page: the player script pauses at a soundbite's end" \
	"end=d\\?t\\+parseFloat\\(d\\)" "$P"
check_exit "build's feed lints clean" 0 "$PODKIT" lint "$T/out/feed.xml"

# --- bad input: FILE:LINE from podkit check -----------------------------
EP=002-two
R='{name: R, type: node, address: "020000000000000000000000000000000000000000000000000000000000000001", split: 1}'

# expect DESC MESSAGE...: `podkit check` on $T/b fails with each MESSAGE.
expect() {
	local desc=$1 l; shift
	check_exit "$desc: exit 1" 1 "$PODKIT" check "$T/b"
	for l in "$@"; do
		if grep -qxF -- "$l" "$T/stderr"; then ok "$desc: message"; else
			not_ok "$desc: no line '$l' in:"
			sed 's/^/#   /' "$T/stderr" | head
		fi
	done
}
# bad_ep DESC LINE MESSAGE...: LINE at the end of $EP's front matter, in
# place of its own key of that name if it has one; "@E" in a message is
# "podkit: FILE:LINE:" of that line.
bad_ep() {
	local desc=$1 line=$2 f=$T/b/$EP/episode.md n m msgs=(); shift 2
	rm -rf "$T/b"; cp -r "$ROOT/tests/fixtures/p20" "$T/b"
	sed -i "/^${line%%:*}:/d" "$f"
	awk -v l="$line" '/^---$/ && ++k == 2 { print l } { print }' "$f" >"$f.new"
	mv "$f.new" "$f"
	n=$(grep -nxF -- "$line" "$f" | cut -d: -f1)
	for m in "$@"; do msgs+=("${m/@E/podkit: $f:$n:}"); done
	expect "$desc" "${msgs[@]}"
}
E=@E
bad_ep "soundbite too long" 'soundbites: [{start: 10, duration: 130, title: Long}]' \
	"$E soundbite 'Long' is 130 s long: a soundbite is 15 to 120 seconds"
bad_ep "soundbite past the end" 'soundbites: [{start: "4:50", duration: 20, title: Late}]' \
	"$E soundbite 'Late' ends at 5:10, after the end of the audio (5:00)"
bad_ep "location geo" 'location: {name: X, geo: "30,97"}' \
	"$E 'location.geo' '30,97' is not like geo:38.7223,-9.1393 (latitude, longitude)"
bad_ep "location osm" 'location: {name: X, osm: "113314"}' \
	"$E 'location.osm' '113314' is not an OpenStreetMap id like R5400890 (N, W or R, then digits)"
bad_ep "location rel" 'location: {name: X, rel: home}' \
	"$E 'location.rel' is 'home', not one of subject, creator"
bad_ep "location name" 'location: {geo: "geo:1,2"}' \
	"$E 'location.name' is required"
bad_ep "socialInteract protocol" 'social_interact: {protocol: myspace, uri: "https://x.example/1"}' \
	"$E 'social_interact.protocol' is 'myspace', not one of disabled, activitypub, twitter, lightning, atproto, hive, matrix, nostr"
bad_ep "socialInteract disabled with a uri" 'social_interact: {protocol: disabled, uri: "https://x.example/1"}' \
	"$E 'social_interact' with protocol disabled takes no uri or account"
bad_ep "socialInteract without uri" 'social_interact: {protocol: activitypub}' \
	"$E 'social_interact.uri' is required"
bad_ep "image aspect ratio" 'images: [{href: "https://x.example/a.jpg", aspect_ratio: wide}]' \
	"$E 'images.aspect_ratio' 'wide' is not a ratio like 16/9"
bad_ep "image without href" 'images: [{purpose: artwork}]' \
	"$E 'images.href' is required"
bad_ep "value type" "value: {type: bitcoin, method: keysend, recipients: [$R]}" \
	"$E 'value.type' is 'bitcoin', not one of lightning, hive, webmonetization"
bad_ep "value method" "value: {type: lightning, method: paypal, recipients: [$R]}" \
	"$E 'value.method' 'paypal' is not keysend or lnaddress (the lightning methods)"
bad_ep "value without recipients" 'value: {type: lightning, method: keysend}' \
	"$E 'value.recipients' is required"
bad_ep "valueRecipient node address" 'value: {type: lightning, method: keysend, recipients: [{type: node, address: abc, split: 1}]}' \
	"$E 'recipients.address' of a node is its public key: 66 hexadecimal digits"
bad_ep "valueRecipient splits all 0" 'value: {type: lightning, method: keysend, recipients: [{type: lnaddress, address: a@x.example, split: 0}]}' \
	"$E the recipients' splits (other than fees) add up to 0: nobody would be paid"
bad_ep "valueTimeSplit with neither" "value: {type: lightning, method: keysend, recipients: [$R], time_splits: [{start: 10, duration: 20}]}" \
	"$E a time split has either 'recipients' or one 'remote_item', not neither"
bad_ep "valueTimeSplit past the end" "value: {type: lightning, method: keysend, recipients: [$R], time_splits: [{start: 290, duration: 20, recipients: [$R]}]}" \
	"$E this time split ends after the end of the audio"
bad_ep "chat server" 'chat: {server: "https://irc.x.example", protocol: irc}' \
	"$E 'chat.server' 'https://irc.x.example' is not a host name like irc.example.com"
bad_ep "chat protocol" 'chat: {server: irc.x.example, protocol: discord}' \
	"$E 'chat.protocol' is 'discord', not one of irc, xmpp, nostr, matrix"
bad_ep "two chats" 'chat: [{server: a.example, protocol: irc}, {server: b.example, protocol: irc}]' \
	"$E 'chat' has 2 entries: at most 1"
bad_ep "contentLink title" 'content_links: [{href: "https://x.example/v"}]' \
	"$E 'content_links.title' is required"

# bad_show DESC SED-SCRIPT KEY MESSAGE...: show.yaml edited by SED-SCRIPT;
# @L in a message is the line of show.yaml that starts with KEY.
bad_show() {
	local desc=$1 script=$2 key=$3 line m msgs=(); shift 3
	rm -rf "$T/b"; cp -r "$ROOT/tests/fixtures/p20" "$T/b"
	sed -i "$script" "$T/b/show.yaml"
	line=$(grep -n -- "$key" "$T/b/show.yaml" | head -1 | cut -d: -f1)
	for m in "$@"; do msgs+=("podkit: $T/b/show.yaml:$line: $m"); done
	expect "$desc" "${msgs[@]}"
}
bad_show "updateFrequency rrule" 's/^update_frequency:.*/update_frequency: {text: Weekly, rrule: WEEKLY}/' '^update_frequency' \
	"'update_frequency.rrule' 'WEEKLY' has no FREQ= part (an RFC 5545 rule like FREQ=WEEKLY)"
bad_show "updateFrequency dtstart" 's/^update_frequency:.*/update_frequency: {text: Weekly, dtstart: "2025-09-01"}/' '^update_frequency' \
	"'update_frequency.dtstart' is not an ISO 8601 date with a time zone, like 2026-03-01T19:00:00+01:00"
bad_show "publisher guid" 's/^publisher:.*/publisher: {feed_guid: not-a-guid}/' '^publisher' \
	"'feed_guid' 'not-a-guid' is not a podcast:guid (a UUID like 917393e3-1b1e-5cef-ace4-edaa54e1f810)"
bad_show "block service slug" 's/^block_services:.*/block_services: {Spotify!: true}/' '^block_services' \
	"'block_services' key 'Spotify!' is not a service slug like spotify"
bad_show "liveItem status" 's/status: pending/status: soon/' 'status: soon' \
	"'live_items.status' is 'soon', not one of pending, live, ended"
bad_show "liveItem start" 's/start: "2026-03-01T19:00:00+01:00"/start: tonight/' 'start: tonight' \
	"'live_items.start' is not an ISO 8601 date with a time zone, like 2026-03-01T19:00:00+01:00"
bad_show "liveItem without contentLink" '/content_links:/d' '- title: Live' \
	"'live_items.content_links' is required"
bad_show "podroll entry without guid" '/^podroll:/a\  - {feed_url: "https://x.example/f.xml"}' 'x.example/f.xml' \
	"'podroll.feed_guid' is required"
bad_show "time splits in the show's value" '/^  recipients:/i\  time_splits: [{start: 1, duration: 2, recipients: [{type: lnaddress, address: a@x.example, split: 1}]}]' '^  time_splits' \
	"'value.time_splits' belong to an episode (they are times of its audio)"

# --- lint: a broken variant of each tag fails with a clear message ------
# bad_lint DESC SED-SCRIPT PATTERN: the good feed edited by SED-SCRIPT
# fails lint with a line matching "FILE:LINE: error: PATTERN".
bad_lint() {
	sed "$2" "$T/feed.xml" >"$T/bad.xml"
	if cmp -s "$T/feed.xml" "$T/bad.xml"; then
		not_ok "$1: the edit changed nothing"; return
	fi
	check_exit "lint $1: exit 1" 1 "$PODKIT" lint "$T/bad.xml"
	check_grep "lint $1: message" "^$T/bad.xml:[0-9]+: error: $3\$" "$T/stdout"
}
bad_lint "soundbite without duration" 's/ duration="60">The best/>The best/' \
	'<podcast:soundbite> has no duration attribute'
bad_lint "soundbite in the channel" 's|^\(    \)<podcast:locked|\1<podcast:soundbite startTime="1" duration="20"/><podcast:locked|' \
	'<podcast:soundbite> is inside <channel>: it belongs in <item> or <podcast:liveItem>'
bad_lint "location geo" 's/geo="geo:38.7223,-9.1393"/geo="38.7,-9.1"/' \
	"<podcast:location> geo '38.7,-9.1' is not like geo:30.2672,-97.7431"
bad_lint "location osm" 's/osm="R5400890"/osm="5400890"/' \
	"<podcast:location> osm '5400890' is not an OpenStreetMap id like R113314"
bad_lint "socialInteract protocol" 's/protocol="atproto"/protocol="myspace"/' \
	"<podcast:socialInteract> protocol 'myspace' is not in the namespace's list \\(activitypub, twitter, atproto, nostr, ..., disabled\\)"
bad_lint "socialInteract disabled with a uri" 's|protocol="disabled"|protocol="disabled" uri="https://x.example/1"|' \
	"<podcast:socialInteract> protocol 'disabled' takes no uri or accountId"
bad_lint "podroll empty" '/<podcast:podroll>/,/<\/podcast:podroll>/{/remoteItem/d}' \
	'<podcast:podroll> has no <podcast:remoteItem>'
bad_lint "remoteItem guid" 's/feedGuid="00000000-0000-5000-8000-000000000002"/feedGuid="two"/' \
	"<podcast:remoteItem> feedGuid 'two' is not a UUID \\(a podcast:guid\\)"
bad_lint "publisher medium" 's/medium="publisher"/medium="podcast"/' \
	"<podcast:remoteItem> in <podcast:publisher> has medium 'podcast', not 'publisher'"
bad_lint "updateFrequency rrule" 's/rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"/rrule="WEEKLY"/' \
	"<podcast:updateFrequency> rrule 'WEEKLY' has no FREQ= part"
bad_lint "value method" 's/method="keysend" suggested/method="paypal" suggested/' \
	"<podcast:value> method 'paypal' is not keysend or lnaddress for lightning"
bad_lint "valueRecipient address" 's/address="030000000000000000000000000000000000000000000000000000000000000002"/address="03zz"/' \
	"<podcast:valueRecipient> node address '03zz' is not a 66-digit hex public key"
bad_lint "valueRecipient split" 's/split="90"/split="ninety"/' \
	"<podcast:valueRecipient> split 'ninety' is not a whole number"
bad_lint "valueRecipient splits add up to 0" 's/split="90"/split="0"/' \
	"<podcast:value>: the valueRecipient splits \\(other than fees\\) add up to 0"
bad_lint "valueTimeSplit with both" 's|\(<podcast:valueTimeSplit startTime="60" duration="120">\)|\1<podcast:remoteItem feedGuid="00000000-0000-5000-8000-000000000001"/>|' \
	"<podcast:valueTimeSplit> holds one <podcast:remoteItem> or valueRecipients, not both"
bad_lint "image aspect ratio" 's|aspect-ratio="16/9"|aspect-ratio="wide"|' \
	"<podcast:image> aspect-ratio 'wide' is not like 16/9"
bad_lint "image without href" 's|<podcast:image href="https://tags.example/one.jpg"|<podcast:image|' \
	'<podcast:image> has no href attribute'
bad_lint "block value" 's|<podcast:block>yes</podcast:block>|<podcast:block>maybe</podcast:block>|' \
	"<podcast:block> is 'maybe', not yes or no"
bad_lint "block repeated" 's|<podcast:block id="spotify">yes|<podcast:block id="podcastindex">yes|' \
	"a second <podcast:block> for 'podcastindex'"
bad_lint "chat protocol" 's/protocol="irc" accountId/protocol="discord" accountId/' \
	"<podcast:chat> protocol 'discord' is not one of irc, xmpp, nostr, matrix"
bad_lint "two chats" 's|^\(      \)\(<podcast:chat .*space="#one"/>\)|\1\2\2|' \
	'more than one <podcast:chat> in <item>'
bad_lint "liveItem status" 's/status="pending"/status="soon"/' \
	"<podcast:liveItem> status 'soon' is not one of pending, live, ended"
bad_lint "liveItem without contentLink" '/<podcast:liveItem/,/<\/podcast:liveItem>/{/contentLink/d}' \
	'<podcast:liveItem> has no <podcast:contentLink> \(a page that plays the stream\)'
bad_lint "contentLink href" 's|contentLink href="https://video.tags.example/one"|contentLink href="video"|' \
	"<podcast:contentLink> href 'video' is not an http\\(s\\) URL"
bad_lint "alternateEnclosure without source" 's|^\(      \)<podcast:soundbite startTime="73.5"|\1<podcast:alternateEnclosure type="audio/opus" length="10"/><podcast:soundbite startTime="73.5"|' \
	'<podcast:alternateEnclosure> has no <podcast:source>'
bad_lint "integrity not SRI" 's|^\(      \)<podcast:soundbite startTime="73.5"|\1<podcast:alternateEnclosure type="audio/opus" length="10"><podcast:source uri="https://x.example/a.opus"/><podcast:integrity type="sri" value="md5-abc"/></podcast:alternateEnclosure><podcast:soundbite startTime="73.5"|' \
	"<podcast:integrity> value 'md5-abc' is not an SRI hash \\(sha384- and 64 base64 characters\\)"
