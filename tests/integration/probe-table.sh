#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace probe without --json: an aligned table naming the probed
# directory, with a dax row that says no and why on a non-DAX directory.
. "$top_srcdir/tests/lib/tap.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-probe-table.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
real=$(cd "$work" && pwd -P)

tap_plan 6

tap_expect_exit 0 "probe --dir exits 0" "$DAXRACE" probe --dir "$work"
"$DAXRACE" probe --dir "$work" >"$work/out" 2>"$work/err"

tap_ok "the header names the columns" \
	grep -Eq '^SECTION +ITEM +VALUE +OK +REASON$' "$work/out"
tap_ok "the probed directory is shown as a canonical path" \
	grep -Eq "^dir +path +$real\$" "$work/out"
# Every row's ITEM starts in the column where the header's ITEM starts.
tap_ok "rows are aligned under the header" awk '
	NR == 1 { col = index($0, "ITEM"); next }
	substr($0, col - 2, 2) != "  " || substr($0, col, 1) == " " {
		print "misaligned: " $0; bad = 1 }
	END { exit bad }' "$work/out"
if findmnt -no OPTIONS,FSTYPE -T "$work" 2>/dev/null | grep -Eq 'dax|xfs'; then
	tap_skip "the dax row says no on a non-DAX directory" "$work may be DAX"
else
	tap_ok "the dax row says no on a non-DAX directory, with a reason" \
		grep -Eq '^ +dax +no +[^ ]' "$work/out"
fi
tap_ok "the verdict has a summary" grep -Eq '^ +summary +.*mode: ' "$work/out"
tap_done
