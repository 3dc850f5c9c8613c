#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every option that run, list and report print in --help is documented in
# their man pages (man-options.sh checks every command the same way; this
# one also runs when the table of commands changes), and the hidden
# --inject is documented but not offered in --help.
. "$top_srcdir/tests/lib/tap.sh"

# documented CMD: every --option of "daxrace CMD --help" is in man/daxrace-CMD.1.
documented() {
	"$DAXRACE" "$1" --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u |
	while read -r opt; do
		esc=$(printf '%s' "$opt" | sed 's/-/\\-/g')
		grep -qF -- "$esc" "$top_srcdir/man/daxrace-$1.1" ||
			echo "$opt missing from man/daxrace-$1.1"
	done
}

tap_plan 5
for cmd in run list report; do
	tap_ok "daxrace-$cmd.1 documents every option of --help" \
		sh -c '"$1" "$2" --help >/dev/null || exit 1
		       missing=$3; [ -z "$missing" ] || { echo "$missing"; exit 1; }' \
		sh "$DAXRACE" "$cmd" "$(documented "$cmd")"
done
tap_ok "--inject is not in run --help" sh -c \
	'"$1" run --help >/dev/null && ! "$1" run --help | grep -q -- --inject' sh "$DAXRACE"
tap_ok "--inject is in daxrace-run.1" grep -qF -- '\-\-inject' "$top_srcdir/man/daxrace-run.1"
tap_done
