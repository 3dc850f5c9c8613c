#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every long option a command lists in --help is documented in its man
# page daxrace-COMMAND.1, and daxrace-vm's in daxrace-vm.1: the option rows
# and the page must not drift apart.
. "$top_srcdir/tests/lib/tap.sh"

cmds=$("$DAXRACE" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' | grep -vx help)
[ -n "$cmds" ] || tap_skip_all "daxrace --help lists no commands"
set -- $cmds
tap_plan $(($# + 1))

# documented PAGE COMMAND...: prints every option of COMMAND --help that
# PAGE lacks.
documented() {
	page="$top_srcdir/man/$1"
	shift
	[ -f "$page" ] || { echo "no man page $page"; return 1; }
	opts=$("$@" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
	[ -n "$opts" ] || { echo "'$* --help' lists no options"; return 1; }
	# troff spells "-" as "\-" in option names.
	text=$(sed 's/\\-/-/g' "$page")
	bad=0
	for o in $opts; do
		printf '%s\n' "$text" | grep -Eq -- "(^|[^a-z-])$o([^a-z-]|\$)" ||
			{ echo "not in $page: $o"; bad=1; }
	done
	return $bad
}

for cmd; do
	# A command compiled out (configure --without-json-c) says why and
	# exits 4; it has no options to compare.
	if ! why=$("$DAXRACE" "$cmd" --help 2>&1 >/dev/null); then
		tap_skip "every option of 'daxrace $cmd --help' is in daxrace-$cmd.1" \
			"$(printf '%s' "$why" | head -1)"
		continue
	fi
	tap_ok "every option of 'daxrace $cmd --help' is in daxrace-$cmd.1" \
		documented "daxrace-$cmd.1" "$DAXRACE" "$cmd"
done
tap_ok "every option of 'daxrace-vm --help' is in daxrace-vm.1" \
	documented daxrace-vm.1 "${DAXRACE_VM:-$top_builddir/daxrace-vm}"
tap_done
