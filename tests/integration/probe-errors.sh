#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace probe's argument errors: each exits with the documented status
# and one line on stderr that names the offending path or option.
. "$top_srcdir/tests/lib/tap.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-probe-err.XXXXXX") || exit 1
ro="$work/readonly"
cleanup() {
	chattr -i "$ro" 2>/dev/null
	chmod 755 "$ro" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
: >"$work/file"

tap_plan 16

# expect CODE DESCRIPTION PATTERN ARGS...: exit CODE and PATTERN on stderr.
expect() {
	_code=$1 _desc=$2 _pat=$3
	shift 3
	tap_expect_exit "$_code" "$_desc: exit $_code" "$DAXRACE" probe "$@"
	if printf '%s\n' "$TAP_LAST_OUTPUT" | grep -q -- "$_pat"; then
		tap_ok "$_desc: message names it" true
	else
		tap_ok "$_desc: message names it" sh -c \
			'printf "wanted: %s\ngot: %s\n" "$1" "$2"; false' sh "$_pat" "$TAP_LAST_OUTPUT"
	fi
}

expect 3 "missing --dir" \
	"^daxrace probe: --dir $work/nope: No such file or directory\$" \
	--dir "$work/nope"
expect 2 "--dir is a file" "^daxrace probe: --dir $work/file: Not a directory\$" \
	--dir "$work/file"
expect 2 "unknown option" "^daxrace probe: unknown option '--frobnicate'\$" \
	--frobnicate
expect 2 "stray operand" "^daxrace probe: unexpected argument 'extra'\$" extra
expect 3 "missing --partner" "^daxrace probe: --partner $work/nope: No such file or directory\$" \
	--dir "$work" --partner "$work/nope"
expect 2 "--partner is a directory" "^daxrace probe: --partner $work: is a directory" \
	--dir "$work" --partner "$work"

# Unwritable: root ignores the mode bits, so make it immutable instead.
mkdir "$ro"
if [ "$(id -u)" -eq 0 ]; then
	chattr +i "$ro" 2>/dev/null
else
	chmod 555 "$ro"
fi
if touch "$ro/x" 2>/dev/null; then
	rm -f "$ro/x"
	tap_skip "unwritable --dir: exit 3" "cannot make a directory unwritable here"
	tap_skip "unwritable --dir: message names it" "cannot make a directory unwritable here"
else
	expect 3 "unwritable --dir" "^daxrace probe: --dir $ro: cannot create a file there: " \
		--dir "$ro"
fi

tap_expect_exit 99 "--exit-codes=automake maps an environment error to 99" \
	"$DAXRACE" probe --exit-codes=automake --dir "$work/nope"

if grep -q '^#define HAVE_JSONC 1' "$top_builddir/config.h"; then
	tap_expect_exit 0 "--json works when built with json-c" \
		"$DAXRACE" probe --dir "$work" --json
else
	tap_expect_exit 3 "--json exits 3 when built without json-c" \
		"$DAXRACE" probe --dir "$work" --json
fi
tap_done
