#!/usr/bin/env bash
# notes.sh: podkit notes on the fixture show tests/fixtures/notes-show,
# compared with the golden files in tests/golden/.
. "$(dirname "$0")/../lib.sh"

SHOW="$ROOT/tests/fixtures/notes-show"
GOLD="$ROOT/tests/golden"

check_exit "notes as HTML (the default)" 0 "$PODKIT" notes -C "$SHOW" 1
check_diff "HTML matches the golden file" "$GOLD/notes-001.html" "$T/stdout"
check_no_grep "raw HTML is not passed through" '<script|<b>' "$T/stdout"
check_grep "the chapter list has timestamps and links" \
	'^<li>1:30 <a href="https://example.com/intimacy">' "$T/stdout"
check_grep "the footer comes last" '^<a href="https://example.com/help">' \
	"$T/stdout"

check_exit "notes as text" 0 "$PODKIT" notes -C "$SHOW" 001 --format text
check_diff "text matches the golden file" "$GOLD/notes-001.txt" "$T/stdout"
check_exit "notes as Markdown" 0 "$PODKIT" notes -C "$SHOW" 001-first-light \
	--format=markdown
check_diff "Markdown matches the golden file" "$GOLD/notes-001.md" "$T/stdout"

# A folder path names the show too.
check_exit "an episode by its folder" 0 "$PODKIT" notes "$SHOW/002-the-long-one/" -f html
check_diff "long notes as HTML are whole" "$GOLD/notes-002.html" "$T/stdout"

# Text is cut to 4000 bytes on a word, with a warning naming the file.
check_exit "long notes as text" 0 "$PODKIT" notes -C "$SHOW" 2 -f text
check_diff "cut text matches the golden file" "$GOLD/notes-002.txt" "$T/stdout"
bytes=$(head -c -1 "$T/stdout" | wc -c)
check "the cut text is at most 4000 bytes ($bytes)" test "$bytes" -le 4000
check_grep "it ends on a whole word and an ellipsis" ' because…$' "$T/stdout"
check_grep "the cut is warned about with file and line" \
	"^podkit: $SHOW/002-the-long-one/episode.md:10: warning: notes are 6444 bytes as plain text; the description is cut to 4000\$" \
	"$T/stderr"

check_exit "an unknown episode" 1 "$PODKIT" notes -C "$SHOW" 9
check_grep "it is named" "^podkit: '9' is not an episode of '$SHOW'\$" "$T/stderr"
check_exit "an unknown format is a usage error" 2 "$PODKIT" notes -C "$SHOW" 1 -f pdf
check_grep "the format is named" "'pdf' is not a notes format" "$T/stderr"
check_exit "no episode is a usage error" 2 "$PODKIT" notes -C "$SHOW"
check_exit "--help" 0 "$PODKIT" notes --help
check_grep "--help lists the formats" 'format=FORMAT' "$T/stdout"

# Nesting as deep as the notes like (block quotes, lists, emphasis, images
# in images) renders without recursion to that depth: 40,000 '>' crashed
# the text renderer. Run under a 1 MB stack so a shallower recursion
# shows too; the text keeps every word.
DEEP=$T/deep
cp -r "$SHOW" "$DEEP"
E=$DEEP/001-first-light/episode.md
awk 'NR == 1 || !done { print } /^---$/ && NR > 1 { done = 1 }' \
	"$SHOW/001-first-light/episode.md" >"$E.head"
deep() {
	{ cat "$E.head"; python3 -c "$1"; } >"$E"
}
for kind in quote list emphasis image link-in-quote; do
	case $kind in
	quote) deep "print('>' * 40000 + ' bottom')" ;;
	list) deep "print(''.join('  ' * 0 + '- ' for _ in range(20000)) + 'bottom')" ;;
	emphasis) deep "print('*' * 30000 + 'bottom' + '*' * 30000)" ;;
	image) deep "print('![' * 20000 + 'bottom' + '](x.png)' * 20000)" ;;
	link-in-quote) deep "print('> ' * 5000 + '[' + '*' * 5000 + 'bottom' + '*' * 5000 + '](https://example.com/)')" ;;
	esac
	for f in text html; do
		check_exit "$kind nested deep, as $f" 0 \
			bash -c 'ulimit -s 1024; exec "$@"' sh \
			"$PODKIT" notes -C "$DEEP" 1 -f "$f"
		check_grep "$kind nested deep, as $f: the text is there" \
			bottom "$T/stdout"
	done
done
