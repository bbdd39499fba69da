#!/usr/bin/env bash
# model.sh: the show model from the command line: `podkit check` on tiny
# shows with one problem each (exact message and exit code), every problem
# of every file in one run, `podkit init` and `podkit new`.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1
# check probes the audio as the build reads it: a second of real audio.
sine "$T/one.wav" 1 -20 1
for e in png jpg; do
	ffmpeg -loglevel error -f lavfi -i color=c=0x3366cc:s=1400x1400 \
		-frames:v 1 "$T/art.$e"
done

# A valid show in $T/s: show.yaml and 001-a with a local audio file.
fresh() {
	rm -rf s
	mkdir -p s/001-a
	cat >s/show.yaml <<'EOF'
title: Test Show
description: A show for tests.
author: Tester
language: en
image: https://example.com/cover.jpg
categories:
  - name: Health & Fitness
    subcategories: [Sexuality]
explicit: false
owner: {name: Owner, email: owner@example.com}
hosts: [{name: Maya Ortiz}, {name: Jonah Reyes}]
feed_url: https://example.com/feed.xml
EOF
	cat >s/001-a/episode.md <<'EOF'
---
title: Episode A
number: 1
date: 2026-01-01T00:00:00Z
audio: a.wav
---
Notes.
EOF
	cp "$T/one.wav" s/001-a/a.wav
}

# episode NNN-slug: writes s/NNN-slug/episode.md from stdin (the front
# matter lines) with an audio file beside it.
episode() {
	mkdir -p "s/$1"
	{ echo ---; cat; echo ---; echo Notes.; } >"s/$1/episode.md"
	cp "$T/one.wav" "s/$1/a.wav"
}

# has DESC LINE: stderr of the last check_exit has exactly this line.
has() {
	if grep -qxF -- "$2" "$T/stderr"; then ok "$1"; else
		not_ok "$1"; echo "#   no line '$2' in:"
		sed 's/^/#   /' "$T/stderr" | head -20
	fi
}

# fails DESC LINE...: `podkit check s` exits 1 and prints every LINE.
fails() {
	local desc=$1 l; shift
	check_exit "$desc: exit 1" 1 "$PODKIT" check s
	for l in "$@"; do has "$desc: message" "$l"; done
}

# set_key FILE KEY VALUE: replaces the line "KEY: ..." of FILE.
set_key() {
	sed -i "s|^$2:.*|$2: $3|" "$1"
}

# --- a valid show ---------------------------------------------------------
fresh
check_exit "valid show: exit 0" 0 "$PODKIT" check s
check_eq "valid show: summary" "$(cat "$T/stdout")" "s: 1 episode ok (0 scheduled)"
check_eq "valid show: no diagnostics" "$(cat "$T/stderr")" ""
check_exit "check -q: exit 0" 0 "$PODKIT" check -q s
check_eq "check -q: silent" "$(cat "$T/stdout")" ""

# --- show.yaml: required keys, all reported in one run --------------------
fresh
printf 'link: https://example.com/\n' >s/show.yaml
fails "show.yaml without required keys" \
	"podkit: s/show.yaml:1: 'title' is required" \
	"podkit: s/show.yaml:1: 'description' is required" \
	"podkit: s/show.yaml:1: 'author' is required" \
	"podkit: s/show.yaml:1: 'language' is required (en, en-us...)" \
	"podkit: s/show.yaml:1: 'image' is required (at least 1400x1400 pixels)" \
	"podkit: s/show.yaml:1: 'categories' is required" \
	"podkit: s/show.yaml:1: 'explicit' is required (true or false)" \
	"podkit: s/show.yaml:1: 'owner.email' is required" \
	"podkit: s/show.yaml:1: 'feed_url' is required (the public URL of feed.xml)"

fresh
sed -i 's/^owner:.*/owner: {name: Owner}/' s/show.yaml
fails "owner without email" "podkit: s/show.yaml:10: 'owner.email' is required"

# --- show.yaml: types and values ------------------------------------------
fresh
set_key s/show.yaml title "[a, b]"
fails "title as a list" "podkit: s/show.yaml:1: 'title' is a list, not text"

fresh
set_key s/show.yaml explicit maybe
fails "explicit not a boolean" "podkit: s/show.yaml:9: 'explicit' is not true or false"

fresh
echo "type: weekly" >>s/show.yaml
fails "show type" "podkit: s/show.yaml:13: 'type' is not episodic or serial"

fresh
set_key s/show.yaml language "english"
fails "language code" \
	"podkit: s/show.yaml:4: 'language' is not a language code like en or en-us"

fresh
set_key s/show.yaml feed_url "ftp://example.com/feed.xml"
fails "feed_url scheme" "podkit: s/show.yaml:12: 'feed_url' is not an http(s) URL"

fresh
echo "link: example.com" >>s/show.yaml
fails "link without scheme" "podkit: s/show.yaml:13: 'link' is not an http(s) URL"

fresh
set_key s/show.yaml hosts "[{name: Maya, href: 'not a url'}]"
fails "host href" "podkit: s/show.yaml:11: 'hosts.href' is not an http(s) URL"

fresh
set_key s/show.yaml hosts "[{role: host}]"
fails "host without name" "podkit: s/show.yaml:11: 'hosts.name' is required"

fresh
echo "funding: [{title: Support}]" >>s/show.yaml
fails "funding without url" "podkit: s/show.yaml:13: 'funding.url' is required"

fresh
echo "podcast_guid: 1234" >>s/show.yaml
fails "podcast_guid" "podkit: s/show.yaml:13: 'podcast_guid' is not a UUID"

fresh
echo "medium: radio" >>s/show.yaml
fails "medium" "podkit: s/show.yaml:13: 'medium' is not a podcast:medium value (podcast, music, video, audiobook, ...)"

fresh
echo "audio: {channels: quad, format: wav, target: -3, bitrate: many}" >>s/show.yaml
fails "audio settings" \
	"podkit: s/show.yaml:13: 'audio.channels' is not keep, mono or stereo" \
	"podkit: s/show.yaml:13: 'audio.format' is not mp3, m4a or opus" \
	"podkit: s/show.yaml:13: 'audio.target' is out of range (-70 to -5)" \
	"podkit: s/show.yaml:13: 'audio.bitrate' is not a whole number"

fresh
echo "publish: {target: ftp://x/y}" >>s/show.yaml
fails "publish target" \
	"podkit: s/show.yaml:13: 'publish.target' is not an s3://, https://, sftp:// or file:// URL"

fresh
echo "title: Again" >>s/show.yaml
fails "key given twice" "podkit: s/show.yaml:13: 'title' is given twice"

# --- show.yaml: Apple categories --------------------------------------------
fresh
sed -i 's/- name: Health & Fitness/- name: Health/' s/show.yaml
fails "old category name" \
	"podkit: s/show.yaml:7: 'Health' is not an Apple Podcasts category"

fresh
sed -i 's/- name: Health & Fitness/- name: Relationships/' s/show.yaml
fails "subcategory as category" \
	"podkit: s/show.yaml:7: 'Relationships' is a subcategory of 'Society & Culture', not a category"

fresh
sed -i 's/subcategories: \[Sexuality\]/subcategories: [Sexuality, Relationships]/' s/show.yaml
fails "subcategory under the wrong category" \
	"podkit: s/show.yaml:8: 'Relationships' is not a subcategory of 'Health & Fitness'"

fresh
set_key s/show.yaml categories "[Technology, True Crime]"
sed -i '/^  - name:/d; /^    subcategories:/d' s/show.yaml
check_exit "plain category names" 0 "$PODKIT" check s

# --- show.yaml: unknown keys warn --------------------------------------------
fresh
echo "colour: blue" >>s/show.yaml
check_exit "unknown key: exit 0" 0 "$PODKIT" check s
has "unknown key: warning" "podkit: s/show.yaml:13: warning: unknown key 'colour'"

# --- show.yaml: image paths ----------------------------------------------------
fresh
set_key s/show.yaml image "../cover.jpg"
fails "image leaves the show" "podkit: s/show.yaml:5: 'image' leaves the folder ('../cover.jpg')"

fresh
set_key s/show.yaml image "/etc/passwd"
fails "image absolute" "podkit: s/show.yaml:5: 'image' is an absolute path (give a file in the folder)"

fresh
echo secret >outside.jpg
ln -s ../outside.jpg s/cover.jpg
set_key s/show.yaml image "cover.jpg"
fails "image symlink out" "podkit: s/show.yaml:5: 'image' is a link that leaves the folder ('cover.jpg')"

fresh
set_key s/show.yaml image "cover.jpg"
fails "image missing" "podkit: s/show.yaml:5: 'image' file 's/cover.jpg' does not exist"
check_exit "image missing, --no-files" 0 "$PODKIT" check --no-files s

# --- show.yaml: files that are not YAML ------------------------------------------
fresh
printf 'title: T\nowner:\n\tname: x\n' >s/show.yaml
fails "tab indentation" \
	"podkit: s/show.yaml:3: a tab is used for indentation (YAML allows only spaces)"

fresh
printf 'title: "unclosed\n' >s/show.yaml
check_exit "YAML syntax error: exit 1" 1 "$PODKIT" check s
check_grep "YAML syntax error: message" \
	"^podkit: s/show.yaml:[12]: YAML syntax error: " "$T/stderr"

fresh
printf 'title: caf\xe9\n' >s/show.yaml
fails "latin-1 show.yaml" \
	"podkit: s/show.yaml:1: not valid UTF-8 (byte 0xe9); save the file as UTF-8"

fresh
printf '\xef\xbb\xbf' | cat - s/show.yaml >s/x && mv s/x s/show.yaml
check_exit "byte order mark accepted" 0 "$PODKIT" check s

fresh
printf -- '- a\n- b\n' >s/show.yaml
fails "show.yaml a list" "podkit: s/show.yaml:1: 'show.yaml' is a list, not a mapping of keys"

fresh
: >s/show.yaml
fails "empty show.yaml" "podkit: s/show.yaml:1: the file is empty"

fresh
rm s/show.yaml
fails "no show.yaml" "podkit: s/show.yaml: missing: a show folder needs a show.yaml ('podkit init' creates one)"

fresh
mkdir s/002-b
fails "episode folder without episode.md" \
	"podkit: s/002-b/episode.md: missing: each NNN-slug folder needs an episode.md ('podkit new' creates one)"

fresh
rm s/001-a/episode.md && mkdir s/001-a/episode.md
fails "episode.md a folder" "podkit: s/001-a/episode.md: cannot read: Is a directory"

check_exit "no show folder: exit 1" 1 "$PODKIT" check nowhere
has "no show folder: message" \
	"podkit: nowhere: no such show folder ('podkit init nowhere' creates one)"

# --- episodes: dates ------------------------------------------------------------
fresh
episode 003-x <<'EOF'
title: X
number: 3
date: 5 January 2026
audio: a.wav
EOF
fails "date not ISO 8601" "podkit: s/003-x/episode.md:4: 'date' is not an ISO 8601 date"

fresh
set_key s/001-a/episode.md date "2026-01-05T06:00:00"
fails "date without zone" "podkit: s/001-a/episode.md:4: 'date' has no time zone (add Z or +01:00)"

fresh
set_key s/001-a/episode.md date "2026-01-05"
fails "date without time" \
	"podkit: s/001-a/episode.md:4: 'date' has no time and time zone (like 2026-01-05T06:00:00+01:00)"

fresh
set_key s/001-a/episode.md date "2026-02-30T06:00:00Z"
fails "impossible date" "podkit: s/001-a/episode.md:4: 'date' is not an ISO 8601 date"

fresh
set_key s/001-a/episode.md date "2030-01-01T00:00:00+02:00"
check_exit "future date: exit 0" 0 "$PODKIT" check s
check_eq "future date: scheduled" "$(cat "$T/stdout")" "s: 1 episode ok (1 scheduled)"

# --- episodes: required keys, types and values ------------------------------------
fresh
episode 002-b <<'EOF'
summary: nothing else
EOF
fails "episode without required keys" \
	"podkit: s/002-b/episode.md:2: 'title' is required" \
	"podkit: s/002-b/episode.md:2: 'date' is required (ISO 8601 with a time zone, like 2026-01-05T06:00:00+01:00)" \
	"podkit: s/002-b/episode.md:2: 'audio' is required (a file in the folder, or a URL), or 'tracks'"

fresh
set_key s/001-a/episode.md number three
sed -i '/^audio:/a type: teaser\nseason: 0\nexplicit: sometimes\nblock: 2' s/001-a/episode.md
fails "episode values" \
	"podkit: s/001-a/episode.md:3: 'number' is not a whole number" \
	"podkit: s/001-a/episode.md:6: 'type' is not full, trailer or bonus" \
	"podkit: s/001-a/episode.md:7: 'season' is out of range (1 to 9999)" \
	"podkit: s/001-a/episode.md:8: 'explicit' is not true or false" \
	"podkit: s/001-a/episode.md:9: 'block' is not true or false"

fresh
sed -i '/^audio:/a keywords: {a: b}\nlinks: [{title: x, url: "ftp://x"}]\nguests: [{name: G, href: "www.example.com"}]\ntranscript: notes.txt' s/001-a/episode.md
fails "episode lists and URLs" \
	"podkit: s/001-a/episode.md:6: 'keywords' is a mapping, not a list" \
	"podkit: s/001-a/episode.md:7: 'links.url' is not an http(s) URL" \
	"podkit: s/001-a/episode.md:8: 'guests.href' is not an http(s) URL" \
	"podkit: s/001-a/episode.md:9: 'transcript' is not a .vtt or .srt file"

fresh
sed -i '/^audio:/a mood: happy' s/001-a/episode.md
check_exit "episode unknown key: exit 0" 0 "$PODKIT" check s
has "episode unknown key: warning" "podkit: s/001-a/episode.md:6: warning: unknown key 'mood'"

# --- episodes: front matter ---------------------------------------------------------
fresh
printf 'title: X\n' >s/001-a/episode.md
fails "no front matter" \
	"podkit: s/001-a/episode.md:1: no front matter: the file must start with a '---' line, then the YAML fields, then '---'"

fresh
printf -- '---\ntitle: X\n' >s/001-a/episode.md
fails "unclosed front matter" "podkit: s/001-a/episode.md:1: the front matter has no closing '---' line"

fresh
printf -- '---\ntitle: X\ndate: 2026-01-01T00:00:00Z\nchapters:\n\t- {start: 0, title: a}\naudio: a.wav\n---\n' >s/001-a/episode.md
fails "episode tab indentation" \
	"podkit: s/001-a/episode.md:5: a tab is used for indentation (YAML allows only spaces)"

fresh
printf -- '---\r\ntitle: X\r\ndate: 2026-01-01T00:00:00Z\r\naudio: a.wav\r\n---\r\nNotes\r\n' >s/001-a/episode.md
check_exit "CRLF line endings" 0 "$PODKIT" check s

fresh
{ printf -- '---\ntitle: X\ndate: 2026-01-01T00:00:00Z\naudio: a.wav\n---\n'
  head -c 5000000 /dev/zero | tr '\0' 'x'; } >s/001-a/episode.md
fails "episode.md too large" "podkit: s/001-a/episode.md: larger than 4194304 bytes"

fresh
printf -- '---\ntitle: X\xff\ndate: 2026-01-01T00:00:00Z\naudio: a.wav\n---\n' >s/001-a/episode.md
fails "episode not UTF-8" \
	"podkit: s/001-a/episode.md:2: not valid UTF-8 (byte 0xff); save the file as UTF-8"

# --- episodes: folders ----------------------------------------------------------------
fresh
episode 4-b <<'EOF'
title: B
date: 2026-01-01T00:00:00Z
audio: a.wav
EOF
episode "005-Big Title" <<'EOF'
title: C
date: 2026-01-01T00:00:00Z
audio: a.wav
EOF
fails "folder names" \
	"podkit: s/4-b/episode.md: folder name '4-b' is not NNN-slug (like 001-first-episode)" \
	"podkit: s/005-Big Title/episode.md: folder name '005-Big Title' is not NNN-slug (like 001-first-episode)"
mkdir -p s/assets
check_exit "other folders without episode.md are ignored" 1 "$PODKIT" check s

fresh
mkdir -p outside/002-b
printf -- '---\ntitle: B\ndate: 2026-01-01T00:00:00Z\naudio: a.wav\n---\n' >outside/002-b/episode.md
: >outside/002-b/a.wav
ln -s ../outside/002-b s/002-b
fails "episode folder links out" \
	"podkit: s/002-b/episode.md: folder '002-b' is a link that leaves the show folder"

# --- episodes: audio -------------------------------------------------------------------
fresh
rm s/001-a/a.wav
fails "missing audio" "podkit: s/001-a/episode.md:5: 'audio' file 's/001-a/a.wav' does not exist"
check_exit "missing audio, --no-files" 0 "$PODKIT" check --no-files s

fresh
set_key s/001-a/episode.md audio "../../outside.wav"
fails "audio leaves the folder" "podkit: s/001-a/episode.md:5: 'audio' leaves the folder ('../../outside.wav')"

fresh
set_key s/001-a/episode.md audio "/tmp/a.wav"
fails "audio absolute" "podkit: s/001-a/episode.md:5: 'audio' is an absolute path (give a file in the folder)"

fresh
echo x >outside.wav
ln -s ../../outside.wav s/001-a/link.wav
set_key s/001-a/episode.md audio "link.wav"
fails "audio symlink out" "podkit: s/001-a/episode.md:5: 'audio' is a link that leaves the folder ('link.wav')"

fresh
mkdir s/001-a/dir.wav
set_key s/001-a/episode.md audio "dir.wav"
fails "audio a folder" "podkit: s/001-a/episode.md:5: 'audio' file 's/001-a/dir.wav' is not a regular file"

fresh
set_key s/001-a/episode.md audio "https://cdn.example.com/a.mp3"
fails "URL audio without length and duration" \
	"podkit: s/001-a/episode.md:5: 'audio_length' is required when 'audio' is a URL (the file's size in bytes)" \
	"podkit: s/001-a/episode.md:5: 'audio_duration' is required when 'audio' is a URL (like 0:42:10)"

fresh
set_key s/001-a/episode.md audio "https://cdn.example.com/a.mp3"
sed -i '/^audio:/a audio_length: 0\naudio_duration: "1:75"\naudio_type: mp3' s/001-a/episode.md
fails "URL audio values" \
	"podkit: s/001-a/episode.md:6: 'audio_length' is out of range (1 to 2147483647)" \
	"podkit: s/001-a/episode.md:7: 'audio_duration' is not a duration like 0:42:10 or seconds" \
	"podkit: s/001-a/episode.md:8: 'audio_type' is not a MIME type like audio/mpeg"

fresh
set_key s/001-a/episode.md audio "https://cdn.example.com/a.mp3"
sed -i '/^audio:/a audio_length: 1234\naudio_duration: 2530' s/001-a/episode.md
check_exit "URL audio with length and duration" 0 "$PODKIT" check s

fresh
sed -i '/^audio:/a audio_length: 1234' s/001-a/episode.md
check_exit "audio_length with a file: exit 0" 0 "$PODKIT" check s
has "audio_length with a file: warning" \
	"podkit: s/001-a/episode.md:6: warning: 'audio_length' is used only when 'audio' is a URL"

# --- episodes: chapters --------------------------------------------------------------
fresh
sed -i '/^audio:/a chapters:\n  - {start: "0:00", title: One}\n  - {start: "2:00", title: Two}\n  - {start: "1:30", title: Three}\n  - {start: "1:30", title: Four}' s/001-a/episode.md
fails "chapters out of order" \
	"podkit: s/001-a/episode.md:9: chapter 'Three' starts at 1:30, before the one above it (2:00): chapters must be in order" \
	"podkit: s/001-a/episode.md:10: two chapters start at 1:30"

fresh
sed -i '/^audio:/a chapters:\n  - {start: "soon", title: One}\n  - {start: 5}\n  - title: x' s/001-a/episode.md
fails "chapter fields" \
	"podkit: s/001-a/episode.md:7: 'chapters.start' is not a time like 1:30 or 0:01:30" \
	"podkit: s/001-a/episode.md:8: 'chapters.title' is required" \
	"podkit: s/001-a/episode.md:9: 'chapters.start' is required"

# --- episodes: soundbites ------------------------------------------------------------
fresh
sed -i '/^audio:/a soundbites:\n  - {start: "1:30", duration: 30, title: Why we pull away}\n  - {start: 95, duration: "0:01:05", title: Trust}' s/001-a/episode.md
check_exit "soundbites: exit 0" 0 "$PODKIT" check s

fresh
sed -i '/^audio:/a soundbites:\n  - {start: "soon", duration: 30, title: One}\n  - {start: 10, duration: 10, title: Short}\n  - {start: 10, duration: "2:01", title: Long}\n  - {start: 10, duration: 20}\n  - {start: 10, title: No length}\n  - "0:30"\n  - {start: 10, duration: 20, title: ""}' s/001-a/episode.md
fails "soundbite fields" \
	"podkit: s/001-a/episode.md:7: 'soundbites.start' is not a time like 1:30 or 90" \
	"podkit: s/001-a/episode.md:8: soundbite 'Short' is 10 s long: a soundbite is 15 to 120 seconds" \
	"podkit: s/001-a/episode.md:9: soundbite 'Long' is 121 s long: a soundbite is 15 to 120 seconds" \
	"podkit: s/001-a/episode.md:10: 'soundbites.title' is required" \
	"podkit: s/001-a/episode.md:11: 'soundbites.duration' is required" \
	"podkit: s/001-a/episode.md:12: a soundbite is text, not a mapping like {start: \"1:30\", duration: 30, title: ...}" \
	"podkit: s/001-a/episode.md:13: 'soundbites.title' is empty"

fresh
set_key s/001-a/episode.md audio "https://cdn.example.com/a.mp3"
sed -i '/^audio:/a audio_length: 1234\naudio_duration: "2:00"\nsoundbites:\n  - {start: "1:00", duration: 60, title: Fits}\n  - {start: "1:30", duration: 45, title: Too late}' s/001-a/episode.md
fails "soundbite past the end of URL audio" \
	"podkit: s/001-a/episode.md:10: soundbite 'Too late' ends at 2:15, after the end of the audio (2:00)"
check_eq "soundbite inside URL audio: no message" "$(grep -c Fits "$T/stderr")" 0

# --- episodes: hosts -----------------------------------------------------------------
fresh
sed -i '/^audio:/a hosts: [Maya Ortiz, Sam Stone]' s/001-a/episode.md
fails "unknown host" \
	"podkit: s/001-a/episode.md:6: 'Sam Stone' is not one of the show's hosts (add them to 'hosts' in show.yaml, or give a full person)"

fresh
sed -i '/^audio:/a hosts: [Maya Ortiz, {name: Sam Stone, href: "https://example.com/sam"}]' s/001-a/episode.md
check_exit "host as a full person" 0 "$PODKIT" check s

# --- across episodes: numbers and guids ----------------------------------------------
fresh
episode 002-b <<'EOF'
title: B
number: 1
date: 2026-01-02T00:00:00Z
audio: a.wav
EOF
fails "duplicate number" "podkit: s/002-b/episode.md:3: episode number 1 is also used by '001-a'"

fresh
sed -i '/^audio:/a season: 1' s/001-a/episode.md
episode 002-b <<'EOF'
title: B
number: 1
season: 2
date: 2026-01-02T00:00:00Z
audio: a.wav
EOF
check_exit "same number in another season" 0 "$PODKIT" check s
episode 003-c <<'EOF'
title: C
number: 1
season: 2
date: 2026-01-03T00:00:00Z
audio: a.wav
EOF
fails "duplicate number in a season" \
	"podkit: s/003-c/episode.md:3: episode number 1 of season 2 is also used by '002-b'"

fresh
sed -i '/^audio:/a guid: same-guid' s/001-a/episode.md
episode 002-b <<'EOF'
title: B
guid: same-guid
date: 2026-01-02T00:00:00Z
audio: a.wav
EOF
fails "duplicate guid" "podkit: s/002-b/episode.md:3: guid 'same-guid' is also used by '001-a'"

fresh
episode 001-b <<'EOF'
title: B
date: 2026-01-02T00:00:00Z
audio: a.wav
EOF
fails "duplicate folder number" "podkit: s/001-b/episode.md: folder number 001 is also used by '001-a'"

# --- every problem of every file in one run; good episodes still load ------------------
fresh
set_key s/show.yaml explicit maybe
episode 002-b <<'EOF'
title: B
date: tomorrow
audio: a.wav
EOF
episode 003-c <<'EOF'
title: C
date: 2026-01-03T00:00:00Z
audio: missing.wav
EOF
fails "all files in one run" \
	"podkit: s/show.yaml:9: 'explicit' is not true or false" \
	"podkit: s/002-b/episode.md:3: 'date' is not an ISO 8601 date" \
	"podkit: s/003-c/episode.md:4: 'audio' file 's/003-c/missing.wav' does not exist"
check_eq "all files in one run: three errors" "$(grep -c '^podkit: ' "$T/stderr")" 3

# --- transcripts ------------------------------------------------------------------------
fresh
sed -i '/^audio:/a transcript: ../../t.vtt' s/001-a/episode.md
fails "transcript leaves the folder" \
	"podkit: s/001-a/episode.md:6: 'transcript' leaves the folder ('../../t.vtt')"
fresh
sed -i '/^audio:/a transcript: t.srt' s/001-a/episode.md
fails "transcript missing" "podkit: s/001-a/episode.md:6: 'transcript' file 's/001-a/t.srt' does not exist"
printf '1\n00:00:00,000 --> 00:00:00,500\nHello.\n' >s/001-a/t.srt
check_exit "transcript present" 0 "$PODKIT" check s

# --- images ---------------------------------------------------------------------------
fresh
set_key s/show.yaml image "https://example.com/cover.gif?v=2"
check_exit "show image not jpg/png: exit 0" 0 "$PODKIT" check s
has "show image not jpg/png: warning" \
	"podkit: s/show.yaml:5: warning: 'image' is not a .jpg or .png file (Apple takes only JPEG and PNG)"
fresh
sed -i '/^audio:/a image: ftp://example.com/x.jpg' s/001-a/episode.md
fails "episode image URL" "podkit: s/001-a/episode.md:6: 'image' is not an http(s) URL"
fresh
sed -i '/^audio:/a image: art.png' s/001-a/episode.md
fails "episode image missing" "podkit: s/001-a/episode.md:6: 'image' file 's/001-a/art.png' does not exist"
cp "$T/art.png" s/001-a/art.png
check_exit "episode image present" 0 "$PODKIT" check s

# --- hostile input: stays fast and gives a message --------------------------------------
fresh
{ echo ---; echo "title: X"; echo "date: 2026-01-01T00:00:00Z"; echo "audio: a.wav"
  seq 1 5000 | sed 's/^/k/; s/$/: v/'; echo ---; } >s/001-a/episode.md
check_exit "5000 unknown keys: exit 0" 0 timeout 10 "$PODKIT" check s
check_eq "5000 unknown keys: all warned" "$(grep -c "warning: unknown key" "$T/stderr")" 5000
fresh
{ printf -- '---\ntitle: X\ndate: 2026-01-01T00:00:00Z\naudio: a.wav\nkeywords: '
  head -c 50000 /dev/zero | tr '\0' '['; head -c 50000 /dev/zero | tr '\0' ']'
  printf '\n---\n'; } >s/001-a/episode.md
fails "deep nesting" \
	"podkit: s/001-a/episode.md:5: lists or mappings nested more than 64 levels deep"
fresh
b=$(head -c 100 /dev/zero | tr '\0' '[')
sed -i "/^audio:/a summary: \"$b\"\\nkeywords: ['$b', \"$b\"]\\nlinks: [{title: \"$b\", url: \"https://example.com/\"}]" s/001-a/episode.md
check_exit "brackets in text are not nesting" 0 "$PODKIT" check s
fresh
sed -i '/^audio:/a x-list: &a [x, x, x, x, x, x, x, x]\nx-two: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nkeywords: [*b, *b, *b, *b, *b, *b, *b, *b]' s/001-a/episode.md
check_exit "aliases do not expand: exit 1" 1 timeout 10 "$PODKIT" check s
check_eq "aliases do not expand: one message per alias" \
	"$(grep -c "episode.md:7: 'keywords' is a list, not text" "$T/stderr")" 8
fresh
printf -- '---\ntitle: "a\\0b"\ndate: 2026-01-01T00:00:00Z\naudio: a.wav\n---\n' >s/001-a/episode.md
fails "NUL escape in a value" "podkit: s/001-a/episode.md:2: 'title' contains a NUL character"
fresh
printf -- '---\ntitle: a\0b\n---\n' >s/001-a/episode.md
fails "NUL byte in a file" "podkit: s/001-a/episode.md:2: contains a NUL byte (not a text file)"

# --- podkit check --json -------------------------------------------------------------
fresh
sed -i 's/^date:.*/date: 2026-01-05/' s/001-a/episode.md
echo "colour: blue" >>s/show.yaml
check_exit "check --json: exit 1" 1 "$PODKIT" check --json s
check_eq "check --json: nothing on stderr" "$(cat "$T/stderr")" ""
check_eq "check --json: parsed" "$(/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
d = j["diagnostics"]
print(j["ok"], j["episodes"], j["errors"], j["warnings"], len(d))
print(d[0]["file"], d[0]["line"], d[0]["severity"], d[0]["message"])
print(d[1]["file"], d[1]["line"], d[1]["severity"], d[1]["message"])
' "$T/stdout")" "False 0 1 1 2
s/001-a/episode.md 4 error 'date' has no time and time zone (like 2026-01-05T06:00:00+01:00)
s/show.yaml 13 warning unknown key 'colour'"
fresh
check_exit "check --json valid: exit 0" 0 "$PODKIT" check --json s
check_eq "check --json valid: ok" "$(/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(j["ok"], j["episodes"], j["scheduled"], j["diagnostics"])
' "$T/stdout")" "True 1 0 []"

# --- podkit check: usage ---------------------------------------------------------------
check_exit "check --help" 0 "$PODKIT" check --help
check_grep "check --help: usage" "^usage: podkit check" "$T/stdout"
check_exit "check: bad option" 2 "$PODKIT" check --frobnicate
has "check: bad option: hint" "podkit: try 'podkit help check'"
check_exit "check: two folders" 2 "$PODKIT" check a b
fresh
mkdir -p d && cp -r s d/episodes
(cd d && "$PODKIT" check) >"$T/stdout" 2>"$T/stderr"
check_eq "check: default folder is episodes" "$(cat "$T/stdout")" "episodes: 1 episode ok (0 scheduled)"

# --- podkit init ----------------------------------------------------------------------
check_exit "init: exit 0" 0 "$PODKIT" init newshow
check "init: show.yaml" test -f newshow/show.yaml
check "init: example episode" test -f newshow/001-welcome/episode.md
check_grep "init: optional fields listed" "^# publish:" newshow/show.yaml
check_exit "init: the scaffold checks clean without files" 0 "$PODKIT" check --no-files newshow
check_exit "init: missing cover and audio reported" 1 "$PODKIT" check newshow
has "init: missing cover" "podkit: newshow/show.yaml:11: 'image' file 'newshow/cover.jpg' does not exist"
cp newshow/show.yaml before.yaml
check_exit "init again: exit 1" 1 "$PODKIT" init newshow
has "init again: message" "podkit: newshow/show.yaml: already exists (not overwritten)"
check_diff "init again: show.yaml untouched" before.yaml newshow/show.yaml
check_exit "init without a folder: usage" 2 "$PODKIT" init

# --- podkit new -----------------------------------------------------------------------
check_exit "new: exit 0" 0 "$PODKIT" new -C newshow "Why We're Pulling \"Away\" — Ça va?"
check_eq "new: path printed" "$(cat "$T/stdout")" "newshow/002-why-were-pulling-away-ca-va/episode.md"
ep=newshow/002-why-were-pulling-away-ca-va/episode.md
check_grep "new: number" "^number: 2$" "$ep"
check_grep "new: date now in UTC" "^date: 2026-01-01T00:00:00Z " "$ep"
check_grep "new: a random guid" \
	"^guid: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} " "$ep"
"$PODKIT" new -q -C newshow "Third" >"$T/stdout"
check "new: next number" test -f newshow/003-third/episode.md
check_eq "new -q: silent" "$(cat "$T/stdout")" ""
g2=$(sed -n 's/^guid: \([^ ]*\).*/\1/p' "$ep")
g3=$(sed -n 's/^guid: \([^ ]*\).*/\1/p' newshow/003-third/episode.md)
check "new: guids differ" test "$g2" != "$g3"
cp "$T/art.jpg" newshow/cover.jpg
for d in newshow/0*/; do cp "$T/one.wav" "$d/episode.wav"; done
check_exit "new: episodes check clean" 0 "$PODKIT" check newshow
check_eq "new: three episodes" "$(cat "$T/stdout")" "newshow: 3 episodes ok (0 scheduled)"
mkdir -p newshow/041-later
"$PODKIT" new -q -C newshow "After a gap"
check "new: after the highest number" test -f newshow/042-after-a-gap/episode.md
# A long title is cut between words, never inside one, at most 60 bytes.
"$PODKIT" new -q -C newshow \
	"Why we keep pulling away after sex and what trust has to do with every part of it"
check "new: a long title is cut at a word" \
	test -f newshow/043-why-we-keep-pulling-away-after-sex-and-what-trust-has-to-do/episode.md
"$PODKIT" new -q -C newshow "$(printf 'x%.0s' $(seq 70)) tail"
check "new: one word longer than the cut is cut" \
	test -d "newshow/044-$(printf 'x%.0s' $(seq 60))"
check_exit "new: not a show" 1 "$PODKIT" new -C nowhere "X"
has "new: not a show: message" \
	"podkit: nowhere: not a show folder (no show.yaml; 'podkit init nowhere' creates one)"
check_exit "new: default folder episodes" 1 "$PODKIT" new "X"
has "new: default folder message" \
	"podkit: episodes: not a show folder (no show.yaml; 'podkit init episodes' creates one)"
check_exit "new: no title" 2 "$PODKIT" new -C newshow

# Inside a show folder (no episodes/ there, a show.yaml), the commands take
# that folder: `cd myshow && podkit check`.
fresh
check_exit "check inside the show folder" 0 bash -c 'cd s && exec "$0" check' "$PODKIT"
check_eq "it checked that folder" "$(cat "$T/stdout")" ".: 1 episode ok (0 scheduled)"
check_exit "new inside the show folder" 0 bash -c 'cd s && exec "$0" new -q "Second"' "$PODKIT"
check "it added the episode there" test -f s/002-second/episode.md
check_exit "notes inside the show folder" 0 bash -c 'cd s && exec "$0" notes 1 -f text' "$PODKIT"
check_grep "the episode's notes" '^Notes\.$' "$T/stdout"
mkdir -p elsewhere
check_exit "a folder that is no show still says so" 1 bash -c 'cd elsewhere && exec "$0" check' "$PODKIT"
has "and names episodes/" "podkit: episodes: no such show folder ('podkit init episodes' creates one)"
