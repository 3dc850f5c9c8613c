#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace-vm's option checking (no qemu needed): bad options exit 2 with a
# one-line error; its --match-known hook, answered by daxrace's matcher
# from daxrace-vm's known-issues file, picks entries by kernel range, fs,
# scenario and oracle.
. "$top_srcdir/tests/lib/tap.sh"
DAXRACE_VM=${DAXRACE_VM:-$top_builddir/daxrace-vm}
[ -x "$DAXRACE_VM" ] || tap_skip_all "no daxrace-vm at $DAXRACE_VM"
tap_plan 19

one_line_exit2() { # ARGS...: exit 2 and exactly one line on stderr
	_e=$("$DAXRACE_VM" "$@" 2>&1 >/dev/null)
	_rc=$?
	if [ "$_rc" -ne 2 ] || [ "$(printf '%s\n' "$_e" | wc -l)" -ne 1 ]; then
		echo "exit $_rc: $_e"
		return 1
	fi
}
tap_ok "unknown option" one_line_exit2 --bogus
tap_ok "--fs ext5" one_line_exit2 --fs ext5
tap_ok "--dax never" one_line_exit2 --dax never
tap_ok "--namespace-mode raw" one_line_exit2 --namespace-mode raw
tap_ok "--mem lots" one_line_exit2 --mem lots
tap_ok "--pmem-size 3M" one_line_exit2 --pmem-size 3M
tap_ok "--cpus 0" one_line_exit2 --cpus 0
tap_ok "--numa x" one_line_exit2 --numa x
tap_ok "--timeout without a value" one_line_exit2 --timeout
tap_ok "--kernel with --kernel-package" one_line_exit2 --kernel /x --kernel-package 6.1
tap_ok "--modules without --kernel" one_line_exit2 --modules none
tap_ok "--boot efi" one_line_exit2 --boot efi
tap_ok "--partner nvme" one_line_exit2 --partner nvme
tap_ok "--append with a newline" one_line_exit2 --append "$(printf 'a\nb')"

ki=$(mktemp "${TMPDIR:-/tmp}/ki.XXXXXX")
trap 'rm -f "$ki"' EXIT
cat >"$ki" <<'KI'
[old-order]
kernel = 6.1..6.15
fs = ext4,xfs
scenario = dio-read.*
oracle = ORDER
fix = none
explanation = test entry
  a continuation line = not a key
[any-ns]
kernel = 6.18..
fs = *
scenario = -
oracle = NAMESPACE
fix = none
explanation = test entry
KI
match() { DAXRACE_KNOWN_ISSUES=$ki "$DAXRACE_VM" --match-known "$1"; }
is_known() { _id=$(match "$2") && [ "$_id" = "$1" ]; }
not_known() { # exit 1, "none matches": not an error
	for _q in "$@"; do
		_rc=0
		match "$_q" || _rc=$?
		[ "$_rc" -eq 1 ] || { echo "exit $_rc: $_q"; return 1; }
	done
}
tap_ok "known: release inside the range, fs and glob match" \
	is_known old-order 6.1.0-56-amd64,ext4,dio-read.punch.uffd,ORDER
tap_ok "not known: release at the range's open end" \
	not_known 6.15.0,xfs,dio-read.punch.uffd,ORDER
tap_ok "not known: other fs, other scenario, other oracle" \
	not_known 6.1.0-56-amd64,xfs-reflink,dio-read.punch.uffd,ORDER \
	6.1.0-56-amd64,ext4,dio-write.punch.uffd,ORDER \
	6.1.0-56-amd64,ext4,dio-read.punch.uffd,TAG
tap_ok "known: open-ended range, fs *" \
	is_known any-ns 7.3.4+deb13-amd64,xfs,-,NAMESPACE
shipped_parses() {
	"$DAXRACE_VM" --match-known 0.0,none,none,none
	[ $? -eq 1 ]
}
tap_ok "the shipped known-issues file parses" shipped_parses
tap_done
