#!/usr/bin/env bash
# help_man.sh: the subcommand reference agrees with the code: every command
# `podkit help` lists has its section in man/podkit.1, and every long option
# in a command's getopt_long table (tools/cmd_NAME.c) appears in both
# `podkit NAME --help` and that command's man section (--help itself is
# described once, for every command, at the top of the man page's COMMANDS).
. "$(dirname "$0")/../lib.sh"
man=$ROOT/man/podkit.1

# The man page with its escapes undone: \- is -, \fB..\fP are fonts.
sed -E 's/\\-/-/g; s/\\f[BIRP]//g' "$man" > "$T/man"

$PODKIT help > "$T/help" 2>&1
sed -n '/^commands:/,/^$/p' "$T/help" | awk 'NF && !/:$/ { print $1 }' \
	> "$T/commands"
check "podkit help lists the commands" test -s "$T/commands"
sed -nE 's/^\.SS "podkit ([a-z]+)( .*)?"$/\1/p' "$T/man" > "$T/man_commands"
check_diff "man/podkit.1 has a section for each command, in the same order" \
	"$T/commands" "$T/man_commands"

for cmd in $(cat "$T/commands"); do
	src=$ROOT/tools/cmd_$cmd.c
	if [ ! -f "$src" ]; then
		not_ok "$cmd: tools/cmd_$cmd.c exists"
		continue
	fi
	# The long options of the command's getopt_long table.
	sed -n '/struct option/,/{ *NULL/p' "$src" |
		sed -nE 's/^[[:space:]]*\{ *"([^"]+)".*/\1/p' > "$T/opts"
	$PODKIT "$cmd" --help > "$T/h" 2>&1
	# The command's man section: from its .SS to the next .SS or .SH.
	awk -v c="$cmd" '/^\.S[SH]/ { on = ($0 ~ "^\\.SS \"podkit " c "( |\")") }
		on' "$T/man" > "$T/m"
	miss_h="" miss_m=""
	while read -r o; do
		grep -qE -- "--$o([^a-z0-9-]|$)" "$T/h" || miss_h="$miss_h --$o"
		[ "$o" = help ] && continue
		grep -qE -- "--$o([^a-z0-9-]|$)" "$T/m" || miss_m="$miss_m --$o"
	done < "$T/opts"
	check_eq "$cmd: every long option is in 'podkit $cmd --help'" \
		"$miss_h" ""
	check_eq "$cmd: every long option is in the man page's $cmd section" \
		"$miss_m" ""
done
