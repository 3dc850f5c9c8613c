#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace (C, src/report/known.c) and daxrace-vm (awk, known_issue()) read
# the same known-issues file and must pick the same entry for every
# failure.  Both test hooks answer a cross product of releases, fs words,
# scenarios and oracles over one constructed file; every answer must be
# the same.  Then entries with an evidence regex, asked with and without a
# violation text (the hook's fifth field, which takes the rest of the line
# as "IFS=, read" does).  The shipped vm/known-issues too: daxrace accepts
# it, and the two agree on it.
. "$top_srcdir/tests/lib/tap.sh"
DAXRACE_VM=${DAXRACE_VM:-$top_builddir/daxrace-vm}
[ -x "$DAXRACE_VM" ] || tap_skip_all "no daxrace-vm at $DAXRACE_VM"
command -v bash >/dev/null || tap_skip_all "daxrace-vm needs bash"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/known-agree.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
tap_plan 8

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

# The violation texts asked with each query, one a line: "-" asks with
# four fields, "(empty)" with an empty fifth.
texts=-
answer() { # OUT CMD...: one line per query: "QUERY ID" or "QUERY -none-"
	_out=$1; shift
	for r in $releases; do for f in $fss; do for s in $scens; do for o in $oracles; do
		printf '%s\n' "$texts" | while IFS= read -r t; do
			case $t in
			-) q=$r,$f,$s,$o ;;
			'(empty)') q=$r,$f,$s,$o, ;;
			*) q=$r,$f,$s,$o,$t ;;
			esac
			id=$("$@" --match-known "$q" 2>"$tmp/err"); rc=$?
			case $rc in
			0) echo "$q $id" ;;
			1) echo "$q -none-" ;;
			*) echo "$q ERROR exit $rc: $(cat "$tmp/err")" ;;
			esac
		done
	done; done; done; done >"$_out"
}
answer "$tmp/c" "$DAXRACE" run --known-issues "$tmp/ki"
DAXRACE_KNOWN_ISSUES=$tmp/ki answer "$tmp/awk" "$DAXRACE_VM"

tap_ok "every query answered by daxrace" sh -c '! grep ERROR "$1"' sh "$tmp/c"
tap_ok "every query answered by daxrace-vm" sh -c '! grep ERROR "$1"' sh "$tmp/awk"
tap_ok "daxrace and daxrace-vm pick the same entry ($(wc -l <"$tmp/c") queries, $(grep -vc -- -none- "$tmp/c") known)" \
	sh -c 'grep -q -- -none- "$1" && grep -vq -- -none- "$1" &&
	       diff "$1" "$2" | head -40 && cmp -s "$1" "$2"' sh "$tmp/c" "$tmp/awk"

# Evidence: the regex must find the text; without one the entry is out.
# Anchors, brackets, ranges, alternatives and every quotable character.
cat >"$tmp/ki-ev" <<'KI'
[ev-klog]
kernel = 6.17..7.0
fs = *
scenario = dio-*
oracle = KLOG
fix = none
explanation = the count pins it to the one warning
evidence = ^kernel logged 2 failure line\(s\): .*block/bio\.c:1258 bio_iov_iter_get_pages\+
[ev-live]
kernel = ..
fs = ext4,xfs
scenario = *.none
oracle = LIVE
fix = none
explanation = wait function or wording
evidence = (ext4|xfs)_wait_dax_page\+|^[a-z]+ completed only once
[ev-tag]
kernel = ..
fs = *
scenario = *
oracle = TAG
fix = none
explanation = brackets, ranges, ? * and $
evidence = tag [0-9a-f]+ (in|at) x?y*z$
[ev-quoted]
kernel = ..
fs = *
scenario = *
oracle = TAG
fix = none
explanation = each quotable character, literally
evidence = \(\[\]\)\{\}\*\.\\\|\^\$[-.a]
[plain-live]
kernel = 7.3..
fs = *
scenario = *
oracle = LIVE
fix = none
explanation = after ev-live: takes what it leaves, text or not
KI
releases='6.16 6.18.15 7.0 7.3.4'
fss='ext4 xfs-reflink'
scens='dio-write.punch.none dio-read.zero.uffd'
oracles='KLOG LIVE TAG'
texts='-
(empty)
kernel logged 2 failure line(s): [ 1.0] WARNING: CPU: 1 PID: 9 at block/bio.c:1258 bio_iov_iter_get_pages+0x187/0x500
kernel logged 4 failure line(s): [ 1.0] WARNING: CPU: 1 PID: 9 at block/bio.c:1258 bio_iov_iter_get_pages+0x187/0x500
WARNING: CPU: 1 PID: 9 at block/bio.c:1259 bio_iov_iter_get_pages+0x187/0x500
[<0>] ext4_wait_dax_page+0x1f/0x30 [ext4]
[<0>] ext4_wait_dax_page 0x1f/0x30 [ext4]
punch completed only once daxrace unmapped its own mapping, of the range
retry of punch blocked again with no pin held: leaked page reference
tag 0a1f at xz
tag 0a1f at xz,
tag 0a1f at xz,,
a,b,tag 09 in z
tag 0A1F at xz
([]){}*.\|^$-
x ([]){}*.\|^$a
([]){}*.\|^$b
([]){}*.|^$-'
answer "$tmp/c3" "$DAXRACE" run --known-issues "$tmp/ki-ev"
DAXRACE_KNOWN_ISSUES=$tmp/ki-ev answer "$tmp/awk3" "$DAXRACE_VM"
tap_ok "every evidence query answered by both" \
	sh -c '! grep ERROR "$1" "$2"' sh "$tmp/c3" "$tmp/awk3"
tap_ok "daxrace and daxrace-vm agree with evidence ($(wc -l <"$tmp/c3") queries, $(grep -vc -- -none- "$tmp/c3") known)" \
	sh -c 'diff "$1" "$2" | head -40 && cmp -s "$1" "$2"' sh "$tmp/c3" "$tmp/awk3"
# What the entries must say, not only agree on (both matchers did).
evidence_expected() {
	grep -qx '6.18.15,ext4,dio-write.punch.none,KLOG,kernel logged 2 failure line(s): .* ev-klog' "$1" &&
	grep -qx '6.18.15,ext4,dio-write.punch.none,KLOG,kernel logged 4 failure line(s): .* -none-' "$1" &&
	grep -qx '6.18.15,ext4,dio-write.punch.none,KLOG -none-' "$1" &&
	grep -qx '6.18.15,ext4,dio-write.punch.none,KLOG, -none-' "$1" &&
	grep -qx '7.0,ext4,dio-write.punch.none,LIVE,\[<0>\] ext4_wait_dax_page+0x1f/0x30 \[ext4\] ev-live' "$1" &&
	grep -qx '7.0,ext4,dio-write.punch.none,LIVE,\[<0>\] ext4_wait_dax_page 0x1f.* -none-' "$1" &&
	grep -qx '7.0,xfs-reflink,dio-write.punch.none,LIVE,punch completed.* -none-' "$1" &&
	grep -qx '7.3.4,ext4,dio-write.punch.none,LIVE,retry of .* plain-live' "$1" &&
	grep -qx '7.3.4,ext4,dio-write.punch.none,LIVE plain-live' "$1" &&
	grep -qx '7.0,ext4,dio-read.zero.uffd,TAG,tag 0a1f at xz, ev-tag' "$1" &&
	grep -qx '7.0,ext4,dio-read.zero.uffd,TAG,tag 0a1f at xz,, -none-' "$1" &&
	grep -qx '7.0,ext4,dio-read.zero.uffd,TAG,a,b,tag 09 in z ev-tag' "$1" &&
	grep -qx '7.0,ext4,dio-read.zero.uffd,TAG,tag 0A1F at xz -none-' "$1" &&
	grep -qx '7.0,ext4,dio-read.zero.uffd,TAG,x (.*a ev-quoted' "$1" &&
	grep -qx '7.0,ext4,dio-read.zero.uffd,TAG,(.*b -none-' "$1" &&
	grep -qx '7.0,ext4,dio-read.zero.uffd,TAG,(\[\]){}\*\.|^\$- -none-' "$1"
}
tap_ok "evidence narrows entries as written (text, no text, trailing commas, quoting)" \
	evidence_expected "$tmp/c3"

# The shipped file: its ranges around Debian 6.1's upstream versions.
releases='6.1 6.1.74 6.1.75 6.1.192 6.1.0-56-amd64 6.2 6.12.117 7.3.4'
fss='ext4 xfs xfs-reflink'
scens='dio-read.punch.uffd dio-write.zero.none splice.punch.uffd -'
oracles='ORDER TAG LIVE SPACE KLOG GUPFAIL NAMESPACE'
texts='-
kernel logged 2 failure line(s): [   12.495075] WARNING: CPU: 1 PID: 195 at block/bio.c:1258 bio_iov_iter_get_pages+0x187/0x500
punch completed only once daxrace unmapped its own mapping of the range: a page faulted back in during the layout-break wait kept it asleep'
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
