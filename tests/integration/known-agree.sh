#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace (C, src/report/known.c) and daxrace-vm (awk, known_issue()) read
# the same known-issues file and must pick the same entry for every
# failure.  Both test hooks answer a cross product of releases, fs words,
# scenarios and oracles over one constructed file; every answer must be
# the same.  The shipped vm/known-issues too: daxrace accepts it, and the
# two agree on it.
. "$top_srcdir/tests/lib/tap.sh"
DAXRACE_VM=${DAXRACE_VM:-$top_builddir/daxrace-vm}
[ -x "$DAXRACE_VM" ] || tap_skip_all "no daxrace-vm at $DAXRACE_VM"
command -v bash >/dev/null || tap_skip_all "daxrace-vm needs bash"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/known-agree.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
tap_plan 5

cat >"$tmp/ki" <<'KI'
# Entries overlap on purpose: the first match in file order wins.
[old-order]
kernel = 6.1 .. 6.12
fs = ext4,xfs
scenario = dio-read.*
oracle = ORDER
fix = none
explanation = test entry
  continued = on an indented line
[debian-old]
kernel = ..6.1.0-56
fs = ext4
scenario = *.punch.*
oracle = TAG
fix = none
explanation = closed below a Debian release string
[mid-reflink]
kernel = 6.12..7.3
fs = xfs-reflink
scenario = dio-[rw]*.punch.?ffd
oracle = TAG
fix = none
explanation = brackets and ?
[new-live]
kernel = 7.3..
fs = *
scenario = *.uffd
oracle = LIVE
fix = none
explanation = open above
[numeric]
kernel = 6.9..6.10
fs = xfs,ext4
scenario = *
oracle = TAG
fix = none
explanation = 6.9 <= r < 6.10, so not 6.12
[ns]
kernel = ..
fs = *
scenario = -
oracle = NAMESPACE
fix = none
explanation = outside a scenario
[catch-order]
kernel = 6.15..
fs = ext4,xfs,xfs-reflink
scenario = *
oracle = ORDER
fix = none
explanation = after old-order
KI

releases='6.0.99 6.1 6.1.0-55-amd64 6.1.0-56 6.1.0-56-amd64 6.1.0-57-cloud-amd64
6.9 6.9.12 6.10 6.11.99 6.12 6.12.38+deb13-amd64 6.15-rc1 6.18.44-fc-v595
7.2.9 7.3 7.3.0-1-amd64 10.0'
fss='ext4 xfs xfs-reflink tmpfs'
scens='dio-read.punch.uffd dio-write.punch.uffd dio-read.zero.none
splice.punch.uffd - xdio-read.punch.uffd'
oracles='ORDER TAG LIVE NAMESPACE'

answer() { # OUT CMD...: one line per query: "QUERY ID" or "QUERY -none-"
	_out=$1; shift
	for r in $releases; do for f in $fss; do for s in $scens; do for o in $oracles; do
		q=$r,$f,$s,$o
		id=$("$@" --match-known "$q" 2>"$tmp/err"); rc=$?
		case $rc in
		0) echo "$q $id" ;;
		1) echo "$q -none-" ;;
		*) echo "$q ERROR exit $rc: $(cat "$tmp/err")" ;;
		esac
	done; done; done; done >"$_out"
}
answer "$tmp/c" "$DAXRACE" run --known-issues "$tmp/ki"
DAXRACE_KNOWN_ISSUES=$tmp/ki answer "$tmp/awk" "$DAXRACE_VM"

tap_ok "every query answered by daxrace" sh -c '! grep ERROR "$1"' sh "$tmp/c"
tap_ok "every query answered by daxrace-vm" sh -c '! grep ERROR "$1"' sh "$tmp/awk"
tap_ok "daxrace and daxrace-vm pick the same entry ($(wc -l <"$tmp/c") queries, $(grep -vc -- -none- "$tmp/c") known)" \
	sh -c 'grep -q -- -none- "$1" && grep -vq -- -none- "$1" &&
	       diff "$1" "$2" | head -40 && cmp -s "$1" "$2"' sh "$tmp/c" "$tmp/awk"

# The shipped file: its ranges around Debian 6.1's upstream versions.
releases='6.1 6.1.74 6.1.75 6.1.192 6.1.0-56-amd64 6.2 6.12.117 7.3.4'
fss='ext4 xfs xfs-reflink'
scens='dio-read.punch.uffd dio-write.zero.none splice.punch.uffd -'
oracles='ORDER TAG LIVE SPACE KLOG GUPFAIL NAMESPACE'
answer "$tmp/c2" "$DAXRACE" run --known-issues "$top_srcdir/vm/known-issues"
DAXRACE_KNOWN_ISSUES=$top_srcdir/vm/known-issues answer "$tmp/awk2" "$DAXRACE_VM"
tap_ok "the same on the shipped vm/known-issues ($(grep -vc -- -none- "$tmp/c2") known)" \
	sh -c '! grep ERROR "$1" && diff "$1" "$2" | head -40 && cmp -s "$1" "$2"' \
	sh "$tmp/c2" "$tmp/awk2"

shipped_parses() {
	"$DAXRACE" run --known-issues "$top_srcdir/vm/known-issues" \
		--match-known 0.0,none,none,none
	[ $? -eq 1 ]
}
tap_ok "daxrace accepts the shipped vm/known-issues" shipped_parses
tap_done
