#!/usr/bin/env bash
# lint.sh: podkit lint on the broken feeds of tests/fixtures/lint (each must
# print its exact message with the line and its exit status), on a good
# feed, on hostile input (billion laughs, XXE, a huge file), with --json,
# -v, --all and --rules, folding and the summary, on the corpus of real
# feeds (tests/fixtures/lint-corpus) with its expected summaries and the
# property that a feed real parsers read and that carries Apple's fields
# has no error, and on feeds fetched from an HTTP server on 127.0.0.1.
. "$(dirname "$0")/../lib.sh"

FIX="$ROOT/tests/fixtures/lint"
cd "$FIX" || exit 1

# Every case in expected.txt: the exit code, the exact line, nothing on
# stderr.
while IFS=$'\t' read -r file want line; do
	case "$file" in '#'* | '') continue ;; esac
	"$PODKIT" lint "$file" >"$T/out" 2>"$T/err"
	got=$?
	# findings go to stdout; libxml2 must not print anything of its own
	if [ "$got" = "$want" ] && grep -qxF -- "$line" "$T/out" &&
		[ ! -s "$T/err" ]; then
		ok "lint $file: exit $want, '${line#*: }'"
	else
		not_ok "lint $file: exit $got (expected $want)"
		echo "#   expected line: $line"
		sed 's/^/#   /' "$T/out" "$T/err" | head -10
	fi
done <expected.txt

check_exit "a good feed lints clean" 0 "$PODKIT" lint good.xml
check_eq "a good feed has nothing to say" "$(cat "$T/stdout")" \
	"good.xml: 0 errors, 0 warnings"

# Hostile input: nothing of /etc/passwd may come out, whatever happens.
for f in xxe.xml xxe-dtd.xml; do
	"$PODKIT" lint "$f" >"$T/out" 2>&1
	check_no_grep "$f: no /etc/passwd content in the output" \
		'root:|/bin/(ba)?sh|nologin' "$T/out"
done
start=$(date +%s%N)
check_exit "billion laughs: refused" 1 "$PODKIT" lint billion-laughs.xml
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "billion laughs: refused at once (${ms} ms)" \
	test "$ms" -lt $((2000 * ${PODKIT_TEST_SLOWDOWN:-1}))

# A file over the cap is refused before it is read (a sparse file).
truncate -s 65M "$T/huge.xml"
check_exit "a 65 MB feed is refused" 1 "$PODKIT" lint "$T/huge.xml"
check_grep "the size cap is named" \
	"^podkit: $T/huge.xml: the feed is 68157440 bytes; podkit lint reads at most 64 MB\$" \
	"$T/stderr"

check_exit "a missing file" 1 "$PODKIT" lint "$T/nope.xml"
check_grep "a missing file is named" "^podkit: $T/nope.xml: No such file" \
	"$T/stderr"
check_exit "no feed is a usage error" 2 "$PODKIT" lint
check_grep "usage is shown" "^usage: podkit lint" "$T/stderr"
check_exit "--help" 0 "$PODKIT" lint --help

# Several feeds: each is reported, one bad one fails the run.
check_exit "a good and a bad feed: exit 1" 1 "$PODKIT" lint good.xml no-title.xml
check_grep "the good one is summarised" "^good.xml: 0 errors, 0 warnings$" \
	"$T/stdout"
check_grep "the bad one is reported" \
	"^no-title.xml:3: error: missing <title> in <channel>$" "$T/stdout"

# Warnings alone do not fail.
check_exit "warnings only: exit 0" 0 "$PODKIT" lint no-owner.xml

# --json, read back by a JSON parser.
check_exit "--json on a bad feed" 1 "$PODKIT" lint --json good.xml bad-pubdate.xml
check "--json is what it says" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["errors"] == 1 and d["warnings"] == 0, d
good, bad = d["feeds"]
assert good["feed"] == "good.xml", good
# good.xml writes one duration as H:MM:SS: a note, nothing worse
assert [p["severity"] for p in good["problems"]] == ["note"], good
assert good["problems"][0]["rule"] == "duration-clock", good
p = bad["problems"][0]
assert p == {"line": 33, "severity": "error", "rule": "pubdate-format",
    "message": "<pubDate> '"'"'2026-01-05T06:00:00+01:00'"'"' is not an RFC "
    "2822 date"}, p
' "$T/stdout"

# -v shows the notes and counts them; without it they stay out of sight.
check_exit "-v on a good feed" 0 "$PODKIT" lint -v good.xml
check_grep "-v shows a note" \
	"^good.xml:49: note: <itunes:duration> '1:02:03' could be written in seconds, as Apple recommends\$" \
	"$T/stdout"
check_grep "-v counts the notes" "^good.xml: 0 errors, 0 warnings, 1 note\$" \
	"$T/stdout"
"$PODKIT" lint good.xml >"$T/out"
check_no_grep "no note without -v" ": note: " "$T/out"

# --rules: the table, each rule with its severity and source.
check_exit "--rules" 0 "$PODKIT" lint --rules
cp "$T/stdout" "$T/rules"
check "--rules: every line names a rule, a severity and a source" awk '
	NF < 4 || $2 !~ /^(error|warning|note)$/ { bad = 1 } END { exit bad }' \
	"$T/rules"
check "--rules lists each rule once" test \
	"$(awk '{ print $1 }' "$T/rules" | sort | uniq -d | wc -l)" = 0
for want in "enclosure-type error Apple" "person-name error Podcasting" \
	"person-taxonomy warning Podcasting 2.0: SHOULD" \
	"chapters-type warning Podcasting" "transcript-type warning" \
	"duration-decimals warning" "namespace-uri warning" \
	"namespace-itunes error" "category error Apple" "person-group note"; do
	set -- $want
	check "--rules: $1 is a $2" awk -v id="$1" -v sev="$2" \
		-v src="${*:3}" '$1 == id && $2 == sev &&
		index($0, src) { found = 1 } END { exit !found }' "$T/rules"
done
check_exit "--rules takes no feed" 2 "$PODKIT" lint --rules good.xml

# One line per rule: 150 items with an old explicit value fold into one
# line that names the other places; --all lists them; --json unfolds them.
{
	sed -n '1,/<item>/p' good.xml | sed '$d'
	for i in $(seq 1 150); do
		printf '<item><title>E%d</title><guid>g%d</guid>' "$i" "$i"
		printf '<enclosure url="https://e.com/%d.mp3" length="9" ' "$i"
		printf 'type="audio/mpeg"/><itunes:explicit>no</itunes:explicit>'
		printf '<pubDate>Mon, 05 Jan 2026 06:00:00 GMT</pubDate>'
		printf '</item>\n'
	done
	echo '</channel></rss>'
} >"$T/many.xml"
first=$(grep -n '<item><title>E1<' "$T/many.xml" | cut -d: -f1)
check_exit "150 items with 'no': warnings only" 0 "$PODKIT" lint "$T/many.xml"
check_eq "one line for the rule, then the summary" "$(wc -l <"$T/stdout")" 3
check_grep "the first place, and the others folded" \
	"^$T/many.xml:$first: warning: <itunes:explicit> 'no' is an old value; write 'true' or 'false'; and 149 more items \\(lines $((first + 1)), $((first + 2)), $((first + 3)), $((first + 4)), $((first + 5)), $((first + 6)), $((first + 7)), $((first + 8)), \\.\\.\\.\\)\$" \
	"$T/stdout"
check_grep "the counts" "^$T/many.xml: 0 errors, 150 warnings\$" "$T/stdout"
check_grep "the summary names the rule" \
	"^$T/many.xml: then: explicit-old-value \\(150 warnings\\)\$" "$T/stdout"
check_exit "--all" 0 "$PODKIT" lint --all "$T/many.xml"
check_eq "--all: one line per finding" \
	"$(grep -c ": warning: <itunes:explicit> 'no' is an old value; write 'true' or 'false'\$" "$T/stdout")" 150
check_exit "--json on 150 items" 0 "$PODKIT" lint --json "$T/many.xml"
check "--json: every finding, unfolded" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["feeds"][0]
lines = [p["line"] for p in d["problems"] if p["rule"] == "explicit-old-value"]
assert d["warnings"] == 150 and len(lines) == 150, d["warnings"]
assert lines == list(range(int(sys.argv[2]), int(sys.argv[2]) + 150)), lines
' "$T/stdout" "$first"

# Errors come first in the summary, most found first, then the warnings.
sed 's|<itunes:explicit>no</itunes:explicit>|<itunes:explicit>no</itunes:explicit><itunes:duration>1:75:00</itunes:duration>|; 3,/<item>/s|<item>|<item><title>T</title></item><item>|' \
	"$T/many.xml" >"$T/mixed.xml"
check_exit "errors and warnings" 1 "$PODKIT" lint "$T/mixed.xml"
check_grep "fix first: the errors, by rule, most first" \
	"^$T/mixed.xml: fix first: duration \\(150 errors\\), enclosure \\(1\\)\$" \
	"$T/stdout"
check_grep "then the warnings" \
	"^$T/mixed.xml: then: explicit-old-value \\(150 warnings\\), guid \\(1\\), pubdate \\(1\\)\$" \
	"$T/stdout"
check "the summary comes last" test "$(tail -2 "$T/stdout" | head -1 |
	cut -d' ' -f2-3)" = "fix first:"

# The corpus of real published feeds (tests/fixtures/lint-corpus, sources
# in its SOURCES file): each one's summary, the errors and warnings by
# rule, is the committed one, so a change in severity is a diff here.
CORPUS="$ROOT/tests/fixtures/lint-corpus"
(
	cd "$CORPUS" || exit 1
	for f in *.xml; do
		"$PODKIT" lint "$f" >"$T/corpus.out" 2>"$T/corpus.err"
		code=$?
		grep -v "^$f:[0-9]" "$T/corpus.out" >"$T/corpus.summary"
		want=0
		grep -q "^$f: fix first: " "${f%.xml}.summary" && want=1
		if diff -u "${f%.xml}.summary" "$T/corpus.summary" \
			>"$T/corpus.diff" && [ "$code" = "$want" ] &&
			[ ! -s "$T/corpus.err" ]; then
			ok "corpus $f: $(head -1 "${f%.xml}.summary" | cut -d' ' -f2-)"
		else
			not_ok "corpus $f: the summary changed (exit $code)"
			sed 's/^/#   /' "$T/corpus.diff" "$T/corpus.err" | head -20
		fi
	done
)
# The namespace's reference feed: its only errors are real ones, a person
# with no name, a chapters URL with a space, a category Apple retired.
"$PODKIT" lint --json "$CORPUS/pc20rss.xml" >"$T/pc20.json"
check "pc20rss.xml: 4 errors, each a real one" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["feeds"][0]
errs = sorted((p["rule"], p["line"]) for p in d["problems"]
              if p["severity"] == "error")
assert errs == [("category", 32), ("chapters-url", 478),
                ("person-name", 602), ("person-name", 1575)], errs
' "$T/pc20.json"

# The property: every corpus feed that podcastparser and feedparser read
# without error and that carries what Apple requires (checked here on its
# own, against Apple's categories as src/model/categories.c lists them)
# lints with 0 errors; at least four of them qualify.
/usr/bin/python3 - "$CORPUS" "$ROOT/src/model/categories.c" "$PODKIT" \
	>"$T/property.out" 2>&1 <<'PY'
import glob, json, os, re, subprocess, sys
import xml.etree.ElementTree as ET
import feedparser, podcastparser

corpus, categories_c, podkit = sys.argv[1:4]
src = open(categories_c).read()
lists = {m.group(1): re.findall(r'"([^"]+)"', m.group(2)) for m in
         re.finditer(r"const char \*const (\w+)\[\] = \{(.*?)\};", src, re.S)}
apple = {name: set(lists[var]) for name, var in
         re.findall(r'\{"([^"]+)", (\w+)\}', src)}
IT = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"

def apple_ready(path):
    """Why the feed lacks what Apple requires, or None."""
    ch = ET.parse(path).getroot().find("channel")
    for tag in ("title", "description", "language"):
        if not (ch.findtext(tag) or "").strip():
            return "no " + tag
    img = ch.find(IT + "image")
    href = img.get("href", "") if img is not None else ""
    if not re.match(r"https?://", href) or \
       not re.search(r"\.(jpe?g|png)$", href.split("?")[0], re.I):
        return "no JPEG or PNG itunes:image"
    cats = ch.findall(IT + "category")
    if not cats:
        return "no itunes:category"
    for c in cats:
        subs = [s.get("text") for s in c.findall(IT + "category")]
        if c.get("text") not in apple or \
           any(s not in apple[c.get("text")] for s in subs):
            return "a category Apple does not list"
    if (ch.findtext(IT + "explicit") or "").strip().lower() not in \
       ("true", "false", "yes", "no", "clean", "explicit"):
        return "no itunes:explicit"
    for it in ch.findall("item"):
        enc = it.find("enclosure")
        if not (it.findtext("title") or "").strip() or enc is None:
            return "an item without title or enclosure"
        if not re.match(r"https?://", enc.get("url", "")) or \
           not re.fullmatch(r"[0-9]+", enc.get("length", "")) or \
           int(enc.get("length")) == 0 or \
           not re.match(r"(audio|video)/|application/pdf$",
                        enc.get("type", "")):
            return "an enclosure without url, length or type"
    return None

qualified = 0
for path in sorted(glob.glob(os.path.join(corpus, "*.xml"))):
    name = os.path.basename(path)
    try:
        with open(path, "rb") as f:
            podcastparser.parse("https://example.com/feed.xml", f)
    except Exception as e:
        print("# %s: podcastparser refuses it (%s)" % (name, e))
        continue
    if feedparser.parse(path).bozo:
        print("# %s: feedparser refuses it" % name)
        continue
    why = apple_ready(path)
    if why:
        print("# %s: not for Apple: %s" % (name, why))
        continue
    qualified += 1
    r = subprocess.run([podkit, "lint", "--json", path],
                       capture_output=True, text=True)
    d = json.loads(r.stdout)["feeds"][0]
    errs = [p for p in d["problems"] if p["severity"] == "error"]
    print("%s - %s: read by both parsers, carries Apple's fields: 0 errors"
          % ("ok" if not errs and r.returncode == 0 else "not ok", name))
    for p in errs[:5]:
        print("#   %d: %s (%s)" % (p["line"], p["message"], p["rule"]))
print("%s - the property holds on %d corpus feeds (at least 4)"
      % ("ok" if qualified >= 4 else "not ok", qualified))
PY
cat "$T/property.out"

# Over HTTP, from a server on 127.0.0.1 that this test starts and stops.
port=$(free_port)
/usr/bin/python3 "$ROOT/tests/servers/lint_server.py" "$port" "$FIX" &
server=$!
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
at_exit stop_server
if wait_port "$port"; then
	url="http://127.0.0.1:$port"
	check_exit "a good feed by URL" 0 "$PODKIT" lint "$url/good.xml"
	check_exit "a bad feed by URL" 1 "$PODKIT" lint "$url/bad-explicit.xml"
	check_grep "a URL's findings name the URL and line" \
		"^$url/bad-explicit.xml:16: error: <itunes:explicit> is 'maybe', not 'true' or 'false'\$" \
		"$T/stdout"
	check_exit "a 404" 1 "$PODKIT" lint "$url/missing.xml"
	check_grep "a 404 is reported" \
		"^podkit: $url/missing.xml: the server answered HTTP 404\$" "$T/stderr"
	check_exit "a redirect to file:// is not followed" 1 \
		"$PODKIT" lint "$url/redirect-file"
	check_no_grep "nothing of /etc/passwd by redirect" 'root:' "$T/stdout"
	check_grep "the refused redirect is reported" \
		"^podkit: $url/redirect-file: .*(protocol|Protocol)" "$T/stderr"
	check_exit "an endless body is cut at the cap" 1 "$PODKIT" lint "$url/huge"
	check_grep "the cap is named" \
		"^podkit: $url/huge: the feed is larger than 64 MB" "$T/stderr"
	check_exit "a gzip bomb is cut at the cap" 1 "$PODKIT" lint "$url/gzip-bomb"
	check_grep "the cap applies to the unpacked size" \
		"^podkit: $url/gzip-bomb: the feed is larger than 64 MB" "$T/stderr"
else
	not_ok "the test HTTP server did not start on port $port"
fi

# podkit's own feeds lint clean: the feed writer's golden file, a feed the
# writer makes now from its fixture show, and the sample show (episodes/)
# with stand-in audio (one-second MP3 sines, as `podkit build` would encode
# the speech to MP3) and a generated cover.
check_exit "the writer's golden feed lints clean" 0 \
	"$PODKIT" lint "$ROOT/tests/golden/feed.xml"
check_grep "with nothing to say" ': 0 errors, 0 warnings$' "$T/stdout"
if "$PODKIT" feed -C "$ROOT/tests/fixtures/feedshow" -o "$T/fixture.xml" \
	>"$T/out" 2>&1; then
	check_exit "a feed podkit writes now lints clean" 0 \
		"$PODKIT" lint "$T/fixture.xml"
	check_grep "with nothing to say" ': 0 errors, 0 warnings$' "$T/stdout"
else
	not_ok "podkit feed on tests/fixtures/feedshow failed"
	sed 's/^/#   /' "$T/out" | head
fi
cp -R "$ROOT/episodes" "$T/sample"
ffmpeg -v error -f lavfi -i sine=f=1000:d=1 -c:a libmp3lame -b:a 64k \
	"$T/sine.mp3"
for d in "$T"/sample/[0-9]*/; do
	cp "$T/sine.mp3" "$d/episode.mp3"
	sed -i 's/^audio: episode\.wav$/audio: episode.mp3/' "$d/episode.md"
	# the double-ender's tracks are mixed only by the build: the stand-in
	# takes their place
	awk '/^tracks:$/ { print "audio: episode.mp3"; skip = 1; next }
	     skip && /^  - / { next } { skip = 0; print }' "$d/episode.md" \
		>"$d/episode.md.new" && mv "$d/episode.md.new" "$d/episode.md"
done
ffmpeg -v error -f lavfi -i color=c=teal:s=1400x1400 -frames:v 1 \
	"$T/sample/cover.jpg"
# Stand-in recordings published as they are: `podkit feed` writes the feed
# without the build's encoding.
sed -i 's/^  normalize: true$/  normalize: false/' "$T/sample/show.yaml"
if "$PODKIT" feed -C "$T/sample" -o "$T/sample.xml" >"$T/out" 2>&1; then
	check_exit "the sample show's feed lints clean" 0 \
		"$PODKIT" lint "$T/sample.xml"
	check_grep "with nothing to say" ': 0 errors, 0 warnings$' "$T/stdout"
else
	not_ok "podkit feed on the sample show failed"
	sed 's/^/#   /' "$T/out" | head
fi
