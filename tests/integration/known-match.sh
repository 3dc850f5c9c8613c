#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace run --match-known, the hook daxrace-vm asks for its own checks
# and tests ask about entries: entries with an evidence regex, asked with
# and without a violation text (the fifth field, which takes the rest of
# the argument, commas and all), answer as written.  The shipped
# vm/known-issues parses.
. "$top_srcdir/tests/lib/tap.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/known-match.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
tap_plan 3

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
tap_ok "every evidence query answered ($(wc -l <"$tmp/c3") queries, $(grep -vc -- -none- "$tmp/c3") known)" \
	sh -c '! grep ERROR "$1"' sh "$tmp/c3"
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

shipped_parses() {
	"$DAXRACE" run --known-issues "$top_srcdir/vm/known-issues" \
		--match-known 0.0,none,none,none
	[ $? -eq 1 ]
}
tap_ok "daxrace accepts the shipped vm/known-issues" shipped_parses
tap_done
