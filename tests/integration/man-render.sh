#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every man page renders without a groff warning: once as the issue asks
# (groff -ww -t -man -z) and once at the 80-column width man(1) uses in a
# terminal, where over-wide tables warn.
. "$top_srcdir/tests/lib/tap.sh"

command -v groff >/dev/null 2>&1 || tap_skip_all "groff is not installed"

set -- "$top_srcdir"/man/*.[157]
[ -e "$1" ] || tap_skip_all "no man pages found"
tap_plan $(($# * 2))

# quiet CMD...: ok only if CMD succeeds and prints nothing at all.
quiet() {
	out=$("$@" 2>&1) && [ -z "$out" ] || { printf '%s\n' "$out"; return 1; }
}

for page; do
	name=${page##*/}
	tap_ok "$name: groff -ww -t -man -z is silent" \
		quiet groff -ww -t -man -z "$page"
	tap_ok "$name: silent at 80 columns too" \
		quiet groff -ww -t -man -z -Tutf8 -rLL=78n "$page"
done
tap_done
