#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A whole workload is checked before anything runs: a bad inject, partner,
# cpu-node or mem-node in a later group is one line "FILE:LINE: --KEY ..."
# and exit 2, with no results directory and no group run before it (they
# used to run in full first, then exit 2 without FILE:LINE).
. "$top_srcdir/tests/lib/tap.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-wlcheck.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# late DESCRIPTION EXPECTED-TEXT KEY-LINE: [first] is fine and would run;
# [second]'s line 6 is bad.
late() {
	printf '[global]\nrounds = 1\n[first]\nactor = dio-read\n[second]\n%s\n' "$3" >"$tmp/w.ini"
	rm -rf "$tmp/res"
	tap_ok "$1" sh -c '
		err=$(timeout 20 "$1" run --workload "$2" --dir "$3" --results "$3/res" 2>&1 >/dev/null)
		rc=$?
		[ "$rc" -eq 2 ] || { echo "exit $rc: $err"; exit 1; }
		[ "$(printf "%s\n" "$err" | grep -c .)" -eq 1 ] || { echo "$err"; exit 1; }
		printf "%s\n" "$err" | grep -qF -- "$4" || { echo "$err"; exit 1; }
		[ ! -e "$3/res" ] || { echo "a results directory was written"; exit 1; }' \
		sh "$DAXRACE" "$tmp/w.ini" "$tmp" "$2"
}

tap_plan 5
late "inject in a later group: FILE:LINE before anything runs" \
	"$tmp/w.ini:6: --inject bogus: unknown" "inject = bogus"
late "partner that does not exist: FILE:LINE" \
	"$tmp/w.ini:6: --partner $tmp/none: No such file or directory" "partner = $tmp/none"
late "partner that is a directory: FILE:LINE" \
	"$tmp/w.ini:6: --partner $tmp is neither a block device nor a regular file" "partner = $tmp"
late "cpu-node the machine lacks: FILE:LINE" "$tmp/w.ini:6: --cpu-node" "cpu-node = 1023"
late "mem-node the machine lacks: FILE:LINE" "$tmp/w.ini:6: --mem-node" "mem-node = 1023"
