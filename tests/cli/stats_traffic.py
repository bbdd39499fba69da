#!/usr/bin/env python3
"""stats_traffic.py: podcast download traffic for the stats tests, written
as an access log in each format podkit stats import reads, and the
downloads it should give, counted here from the rules (stats.h) without
podkit.

usage:
  stats_traffic.py feed OUT.xml VERSION   a feed naming the episodes' files
  stats_traffic.py log FORMAT OUT [SCALE] the traffic as a log
  stats_traffic.py expect FORMAT [SCALE]  day,episode,downloads (CSV)
  stats_traffic.py all DIR [SCALE [FORMAT...]]
                                          DIR/FORMAT.log and DIR/FORMAT.want
                                          for each format (default: all)

The traffic is the same for every format (a fixed seed); what differs is
what a format keeps: combined and S3 logs do not say where a range
started, so their ranges are added up by bytes, not by their union.
"""
import datetime
import ipaddress
import json
import random
import sys
import urllib.parse

SIZE = 12_000_000          # each file, in bytes
DURATION = 600             # seconds: the need is a minute of it
NEED = SIZE * 60 // DURATION
# A file no feed names: a megabyte makes a download (stats.h).
NEED_UNKNOWN = 1_000_000
START = 1772323200         # 2026-03-01T00:00:00Z
GUID1, GUID2 = "urn:test:ep1", "urn:test:ep2"
# File name -> episode key. The first episode was re-encoded (two
# content-addressed names, both in some feed) and one more name of its
# slug appears that no feed named (the stem maps it). 003 is in no feed:
# its key is its path.
FILES = {
    "audio/001-first-00000000000000aa.mp3": GUID1,
    "audio/001-first-00000000000000bb.mp3": GUID1,
    "audio/001-first-00000000000000cc.mp3": GUID1,
    "audio/002-second-00000000000000dd.mp3": GUID2,
    "audio/003-third.mp3": "audio/003-third.mp3",
}
LISTENER_UAS = [
    "AppleCoreMedia/1.0.0.21A329 (iPhone; U; CPU OS 17_0 like Mac OS X; en_us)",
    "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)",
    "Pocket Casts",
    "Spotify/8.8.70 Android/33 (SM-G991B)",
    "AntennaPod/3.2.0",
    "PodcastAddict/v5 (Linux;Android 13) ExoPlayer",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "gPodder/3.11.4 (+https://gpodder.github.io/) Linux",
    "SomeNewPlayer/0.1 (unheard of)",
]
BOT_UAS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
           "curl/8.5.0", "python-requests/2.31.0"]
MALFORMED_UAS = ["-", "x"]
WATCH_UA = "atc/1.0 watchOS/10.0 model/Watch6,1 build/21R356 (6; dt:252)"


def feed(out, version):
    """Version 1 names the first encode of episode 1, version 2 (and 3)
    the re-encode; version 3 adds an item for the third file."""
    ep1 = "001-first-00000000000000aa.mp3" if version == "1" else "001-first-00000000000000bb.mp3"
    items = [(GUID1, "First & best", ep1), (GUID2, "Second", "002-second-00000000000000dd.mp3")]
    if version == "3":      # a later feed that names the third file too
        items.append(("urn:test:ep3", "Third", "003-third.mp3"))
    with open(out, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>T</title>\n')
        for guid, title, name in items:
            # Wrapped in an analytics prefix, as a feed with prefixes is.
            url = "https://op3.example/e/cdn.example.com/audio/" + name
            f.write('<item><title>%s</title><guid isPermaLink="false">%s</guid>'
                    '<enclosure url="%s" length="%d" type="audio/mpeg"/>'
                    '<itunes:duration>%d</itunes:duration></item>\n'
                    % (title.replace("&", "&amp;"), guid, url, SIZE, DURATION))
        f.write("</channel></rss>\n")


class Req:
    def __init__(self, t, ip, ua, path, method="GET", status=200, rng=None, sent=None):
        self.t, self.ip, self.ua, self.path, self.method = t, ip, ua, path, method
        self.status, self.rng = status, rng
        if sent is None:
            sent = 0 if method == "HEAD" else (rng[1] - rng[0] + 1 if rng else SIZE)
        self.sent = sent


def traffic(scale=1):
    rnd = random.Random(14)
    reqs = []
    clock = [START + 3600]

    def tick(n=7):
        clock[0] += rnd.randint(1, n)
        return clock[0]

    def ranges(ip, ua, path, chunks):
        for a, b in chunks:
            reqs.append(Req(tick(), ip, ua, path, status=206, rng=(a, b)))

    files = list(FILES)
    v6net = ipaddress.ip_network("2001:db8:77:1::/64")
    for n in range(120 * scale):
        ip = "198.51.%d.%d" % (n // 250, n % 250 + 1)
        ua = LISTENER_UAS[n % len(LISTENER_UAS)]
        path = files[n % len(files)]
        kind = n % 12
        if kind == 0:      # a full 200, repeated the same day
            reqs.append(Req(tick(), ip, ua, path))
            reqs.append(Req(tick(), ip, ua, path))
        elif kind == 1:    # a probe, then ranges just reaching the need
            ranges(ip, ua, path, [(0, 1), (0, 599_999), (600_000, NEED - 1)])
        elif kind == 2:    # ranges one byte short of the need
            ranges(ip, ua, path, [(0, 1), (0, 599_999), (600_000, NEED - 2)])
        elif kind == 3:    # an aborted 200, then a range that completes it
            reqs.append(Req(tick(), ip, ua, path, sent=500_000))
            ranges(ip, ua, path, [(500_000, NEED + 10)])
        elif kind == 4:    # HEAD, a 304 and a 404 only
            reqs.append(Req(tick(), ip, ua, path, method="HEAD"))
            reqs.append(Req(tick(), ip, ua, path, status=304, sent=0))
            reqs.append(Req(tick(), ip, ua, "audio/missing.mp3", status=404, sent=0))
        elif kind == 5:    # a bot, a malformed agent, a Watch
            reqs.append(Req(tick(), ip, BOT_UAS[n % 3], path))
            reqs.append(Req(tick(), ip, MALFORMED_UAS[n % 2], path))
            reqs.append(Req(tick(), ip, WATCH_UA, path))
        elif kind == 6:    # IPv6: two interface ids of one /64, one agent
            a = str(v6net[n * 7 + 1])
            b = str(v6net[n * 7 + 2])
            reqs.append(Req(tick(), a, ua, path))
            reqs.append(Req(tick(), b, ua, path))
        elif kind == 7:    # the feed and a page: not downloads
            reqs.append(Req(tick(), ip, ua, "feed.xml", sent=4000))
            reqs.append(Req(tick(), ip, ua, "index.html", sent=900))
        elif kind == 8:    # a 200 with a query string
            reqs.append(Req(tick(), ip, ua, path + "?utm_source=x"))
        elif kind == 9:    # big ranges, overlapping
            ranges(ip, ua, path, [(0, 999_999), (500_000, 1_099_999)])
        else:              # a plain download
            reqs.append(Req(tick(), ip, ua, path))
        if n % 40 == 39:   # the next day begins
            clock[0] = (clock[0] // 86400 + 1) * 86400 + 1800
    # Across midnight: half the ranges on each side of it.
    mid = (clock[0] // 86400 + 1) * 86400
    for i in range(6):
        ip, ua, path = "203.0.113.%d" % (i + 1), LISTENER_UAS[i], files[i % 2]
        reqs.append(Req(mid - 30 + i, ip, ua, path, status=206, rng=(0, 700_000)))
        reqs.append(Req(mid + 30 + i, ip, ua, path, status=206, rng=(700_001, 1_300_000)))
        # The same listener's full download on both days counts twice.
        reqs.append(Req(mid - 60 + i, ip, ua, files[2]))
        reqs.append(Req(mid + 60 + i, ip, ua, files[2]))
    reqs.sort(key=lambda r: r.t)
    # Late lines: every 17th request is written up to 20 hours later, as
    # a CDN delivers some a day late.
    order = [(r.t + (rnd.randint(3600, 72000) if i % 17 == 0 else 0), i, r)
             for i, r in enumerate(reqs)]
    order.sort()
    return [r for _, _, r in order]


POSITIONED = {"podkit", "cloudfront", "cloudflare", "caddy"}


def expect(fmt, reqs):
    """The rules of stats.h, applied here."""
    bots = ("bot", "curl", "python-requests")
    counted = set()
    spans = {}
    out = {}
    for r in sorted(reqs, key=lambda r: r.t):
        path = r.path.split("?")[0]
        if path not in FILES or r.method != "GET" or r.status not in (200, 206):
            continue
        ua = r.ua
        if len(ua) < 4 or any(b in ua.lower() for b in bots) or "watchos" in ua.lower():
            continue
        nbytes = r.rng[1] - r.rng[0] + 1 if r.rng else r.sent
        if nbytes <= 2:
            continue
        ip = r.ip
        if ":" in ip:
            ip = str(ipaddress.ip_network(ip + "/64", strict=False).network_address)
        day = datetime.datetime.fromtimestamp(r.t, datetime.timezone.utc).strftime("%Y-%m-%d")
        key = (day, ip, ua, FILES[path])
        if key in counted:
            continue
        need = NEED if FILES[path].startswith("urn:") else NEED_UNKNOWN
        whole = False
        known, unknown = spans.setdefault(key, ([], []))
        if r.status == 200:
            if r.sent >= need or r.sent >= SIZE:
                whole = True
            else:
                known.append((0, r.sent - 1))
        elif fmt in POSITIONED:
            known.append(r.rng)
        else:
            unknown.append(r.sent)
        if not whole:
            total, end = sum(unknown), -1
            for a, b in sorted(known):
                a = max(a, end + 1)
                if b >= a:
                    total += b - a + 1
                end = max(end, b)
            if total < need:
                continue
        counted.add(key)
        out[(day, FILES[path])] = out.get((day, FILES[path]), 0) + 1
    return out


def clf_time(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")


def write(fmt, reqs, f):
    if fmt == "cloudfront":
        f.write("#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method "
                "cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query "
                "cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol "
                "cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
                "x-edge-response-result-type cs-protocol-version fle-status "
                "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type "
                "sc-content-type sc-content-len sc-range-start sc-range-end\n")
    for r in reqs:
        path, _, query = r.path.partition("?")
        when = datetime.datetime.fromtimestamp(r.t, datetime.timezone.utc)
        rng = "bytes=%d-%d" % r.rng if r.rng else "-"
        if fmt in ("combined", "podkit"):
            line = '%s - - [%s] "%s /%s HTTP/1.1" %d %d "-" "%s"' % (
                r.ip, clf_time(r.t), r.method, r.path, r.status, r.sent, r.ua)
            if fmt == "podkit":
                line += ' "%s"' % rng
        elif fmt == "cloudfront":
            ua = urllib.parse.quote(r.ua, safe="/;:()+,.=") if r.ua != "-" else "-"
            line = "\t".join([
                when.strftime("%Y-%m-%d"), when.strftime("%H:%M:%S"), "FRA56-P1",
                str(r.sent + 300), r.ip, r.method, "d1.cloudfront.net", "/" + path,
                str(r.status), "-", ua, query or "-", "-", "Miss", "abc==",
                "cdn.example.com", "https", "180", "0.01", "-", "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", "Miss", "HTTP/2.0", "-", "-", "50000", "0.005",
                "Miss", "audio/mpeg", str(SIZE),
                str(r.rng[0]) if r.rng else "-", str(r.rng[1]) if r.rng else "-"])
        elif fmt == "s3":
            line = ('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be podcast-bucket '
                    '[%s] %s - 3E57427F3EXAMPLE REST.%s.OBJECT %s "%s /%s HTTP/1.1" %d - %d %d 70 10 '
                    '"-" "%s" - hostid= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader '
                    'podcast-bucket.s3.amazonaws.com TLSv1.2 - -') % (
                clf_time(r.t), r.ip, r.method, path, r.method, r.path, r.status, r.sent, SIZE, r.ua)
        elif fmt == "cloudflare":
            o = {"ClientIP": r.ip, "ClientRequestHost": "cdn.example.com",
                 "ClientRequestMethod": r.method, "ClientRequestURI": "/" + r.path,
                 "ClientRequestUserAgent": r.ua, "EdgeResponseStatus": r.status,
                 "EdgeResponseBytes": r.sent + 400, "EdgeResponseBodyBytes": r.sent,
                 "EdgeStartTimestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "RayID": "7f%014x" % r.t}
            if r.rng:
                o["RequestHeaders"] = {"range": rng}
            line = json.dumps(o)
        elif fmt == "caddy":
            h = {"User-Agent": [r.ua]}
            if r.rng:
                h["Range"] = [rng]
            o = {"level": "info", "ts": r.t + 0.25, "logger": "http.log.access",
                 "msg": "handled request",
                 "request": {"remote_ip": r.ip, "remote_port": "50000", "client_ip": r.ip,
                             "proto": "HTTP/2.0", "method": r.method, "host": "cdn.example.com",
                             "uri": "/" + r.path, "headers": h},
                 "bytes_read": 0, "duration": 0.01, "size": r.sent, "status": r.status}
            line = json.dumps(o)
        else:
            raise SystemExit("unknown format " + fmt)
        f.write(line + "\n")


def main():
    if sys.argv[1] == "feed":
        feed(sys.argv[2], sys.argv[3])
        return
    if sys.argv[1] == "all":
        scale = int(sys.argv[3]) if len(sys.argv) > 3 else 1
        reqs = traffic(scale)
        for fmt in sys.argv[4:] or ("combined", "podkit", "cloudfront", "s3", "cloudflare", "caddy"):
            with open("%s/%s.log" % (sys.argv[2], fmt), "w") as f:
                write(fmt, reqs, f)
            with open("%s/%s.want" % (sys.argv[2], fmt), "w") as f:
                for (day, ep), n in sorted(expect(fmt, reqs).items()):
                    f.write("%s,%s,%d\n" % (day, ep, n))
        return
    fmt = sys.argv[2]
    if sys.argv[1] == "log":
        scale = int(sys.argv[4]) if len(sys.argv) > 4 else 1
        with open(sys.argv[3], "w") as f:
            write(fmt, traffic(scale), f)
    elif sys.argv[1] == "expect":
        scale = int(sys.argv[3]) if len(sys.argv) > 3 else 1
        for (day, ep), n in sorted(expect(fmt, traffic(scale)).items()):
            print("%s,%s,%d" % (day, ep, n))


main()
