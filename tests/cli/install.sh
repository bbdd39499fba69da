#!/usr/bin/env bash
# install.sh: `make install` puts the binary, the library, the headers and
# the man page under DESTDIR/PREFIX, they work from there, and
# `make uninstall` takes them all away again.
. "$(dirname "$0")/../lib.sh"

R="$T/root"
mk() {
	make -C "$ROOT" --no-print-directory BUILD="$BUILD" DESTDIR="$R" \
		PREFIX=/usr "$@"
}

check "make install DESTDIR PREFIX=/usr" mk install
check_exit "the installed podkit runs" 0 "$R/usr/bin/podkit" --version
check_grep "and prints its version" '^podkit [0-9]+\.[0-9]+' "$T/stdout"
check "the library is installed" test -f "$R/usr/lib/libpodkit.a"

missing=""
for h in "$ROOT"/include/podkit/*.h; do
	cmp -s "$h" "$R/usr/include/podkit/$(basename "$h")" ||
		missing="$missing $(basename "$h")"
done
check_eq "every public header is installed unchanged" "$missing" ""

# The installed headers and library are usable on their own: a program
# that includes every header compiles against them and links.
{
	for h in "$R"/usr/include/podkit/*.h; do
		echo "#include <podkit/$(basename "$h")>"
	done
	cat <<'EOF'
#include <stdio.h>
int main(void)
{
	struct pk_error e;

	if (pk_error_set(&e, PK_EINVAL, "%s %d", "installed", 42) != PK_EINVAL)
		return 1;
	puts(e.msg);
	return 0;
}
EOF
} >"$T/use.c"
check "a program builds against the installed headers and library" \
	cc -std=c11 -Wall -Werror -I"$R/usr/include" -o "$T/use" "$T/use.c" \
	"$R/usr/lib/libpodkit.a" $EXTRA_CFLAGS
check_exit "and runs" 0 "$T/use"
check_grep "and uses the library" '^installed 42$' "$T/stdout"

check "the data files are installed" test -f "$R/usr/share/podkit/bots.txt"

man1="$R/usr/share/man/man1/podkit.1"
check "the man page is installed" test -f "$man1"
groff -man -Tutf8 -ww "$man1" 2>"$T/man.err" | sed 's/.\x08//g' >"$T/man.txt"
check_eq "the man page renders without warnings" "$(cat "$T/man.err")" ""
check_grep "the man page names the command" '^NAME' "$T/man.txt"
if command -v man >/dev/null 2>&1; then
	check "man -l renders it" sh -c "MANWIDTH=80 man -l '$man1' >/dev/null"
fi
# Every subcommand of the installed binary has its section in the page.
cmds=$("$R/usr/bin/podkit" help | awk '/^commands:/ { f = 1; next }
	f && /^  [a-z]/ { print $1 }')
nodoc=""
[ -n "$cmds" ] || nodoc="(podkit help listed no command)"
for c in $cmds; do
	n=$(grep -c "^\.SS \"podkit $c[ \"]" "$man1")
	[ "$n" = 1 ] || nodoc="$nodoc $c($n)"
done
check_eq "the man page has one section for every subcommand" "$nodoc" ""
dups=$(grep '^\.S[SH] ' "$man1" | sort | uniq -d)
check_eq "no section of the man page appears twice" "$dups" ""
# ... and every long option that `podkit help CMD` lists.
undoc=""
for c in $cmds; do
	awk -v c="$c" '/^\.S[HS] / { f = index($0, "\"podkit " c) == 5 }
		f' "$man1" >"$T/sect"
	for o in $("$R/usr/bin/podkit" help "$c" | grep -oE -- '--[a-z0-9][a-z0-9.-]*' |
		   grep -vx -- '--help' | sort -u); do
		grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$T/sect" ||
			undoc="$undoc $c:$o"
	done
done
check_eq "the man page describes every long option" "$undoc" ""

check "make uninstall" mk uninstall
left=$(cd "$R" && find . -type f | sort)
check_eq "uninstall removes every installed file" "$left" ""
check "uninstall removes the header folder" test ! -e "$R/usr/include/podkit"
