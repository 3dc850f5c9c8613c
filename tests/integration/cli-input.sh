#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile input files: whatever --workload, --known-issues or daxrace
# report is given, daxrace answers with one line naming the file (and the
# line), exits 2, reads no more than a bounded regular file, and never
# writes a control byte from the input to stderr.
. "$top_srcdir/tests/lib/tap.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-input.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# bad DESCRIPTION EXPECTED-TEXT ARGS...: exit 2, one line, holding the text.
# timeout: an unbounded read must fail the test, not hang it.
bad() {
	_d=$1 _w=$2; shift 2
	tap_ok "$_d" sh -c '
		want=$1; shift
		err=$(timeout 20 "$@" 2>&1 >/dev/null)
		rc=$?
		[ "$rc" -eq 2 ] || { echo "exit $rc: $err"; exit 1; }
		[ "$(printf "%s\n" "$err" | grep -c .)" -eq 1 ] || { echo "$err"; exit 1; }
		printf "%s\n" "$err" | grep -qF -- "$want" || { echo "$err"; exit 1; }' \
		sh "$_w" "$@"
}

run() { echo "$DAXRACE" run --dir "$tmp" --results "$tmp/res"; }

tap_plan 19

bad "--workload /dev/zero: refused unread" \
	"--workload: cannot read '/dev/zero': is not a regular file" $(run) --workload /dev/zero
bad "--known-issues /dev/zero: refused unread" \
	"--known-issues: cannot read '/dev/zero': is not a regular file" $(run) --known-issues /dev/zero
bad "--known-issues DIR: is a directory" \
	"--known-issues: cannot read '$tmp': is a directory" $(run) --known-issues "$tmp"
mkfifo "$tmp/fifo"
bad "--workload FIFO: refused without blocking" \
	"cannot read '$tmp/fifo': is not a regular file" $(run) --workload "$tmp/fifo"
bad "report on a FIFO: refused without blocking" \
	"'$tmp/fifo': is not a regular file" "$DAXRACE" report "$tmp/fifo"
mkdir "$tmp/run" && ln -s /dev/zero "$tmp/run/result.json"
bad "report on a result.json linked to /dev/zero: refused unread" \
	"'$tmp/run/result.json': is not a regular file" "$DAXRACE" report "$tmp/run"
# A sparse file past the cap: refused by its size, not read.
truncate -s 5M "$tmp/huge.ini"
bad "a workload over the 4 MiB cap: refused by size" \
	"cannot read '$tmp/huge.ini': is larger than 4 MiB" $(run) --workload "$tmp/huge.ini"
truncate -s 65M "$tmp/huge.json"
bad "a result.json over the 64 MiB cap: refused by size" \
	"'$tmp/huge.json': is larger than 64 MiB" "$DAXRACE" report "$tmp/huge.json"

# Framing: each parses up to the bad --jobs on line 2, which proves the
# lines were split where they should be.
printf '\357\273\277[g]\njobs = 0\n' >"$tmp/bom.ini"
bad "a UTF-8 BOM is skipped" "$tmp/bom.ini:2: --jobs: '0'" $(run) --workload "$tmp/bom.ini"
printf '[g]\rjobs = 0\r' >"$tmp/cr.ini"
bad "CR-only line ends are line ends" "$tmp/cr.ini:2: --jobs: '0'" $(run) --workload "$tmp/cr.ini"
printf '[g]\r\njobs = 0\r\n' >"$tmp/crlf.ini"
bad "CRLF line ends are line ends" "$tmp/crlf.ini:2: --jobs: '0'" $(run) --workload "$tmp/crlf.ini"
awk 'BEGIN { printf "[g]\njobs = "; for (i = 0; i < 5000; i++) printf "1"; print "" }' \
	>"$tmp/long.ini"
bad "a line over 4094 bytes is an error naming it, not cut" \
	"$tmp/long.ini:2: line longer than 4094 bytes" $(run) --workload "$tmp/long.ini"
printf '[g]\njobs: 2\n' >"$tmp/colon.ini"
bad "':' is not a separator" "$tmp/colon.ini:2: expected KEY = VALUE" \
	$(run) --workload "$tmp/colon.ini"
printf '[g]\njobs = 2 ; a comment?\n' >"$tmp/inline.ini"
bad "no comment after a value: ';' is part of it" \
	"$tmp/inline.ini:2: --jobs: '2 ; a comment?'" $(run) --workload "$tmp/inline.ini"
printf '[g]\nstall = \033[31mnone\n' >"$tmp/esc.ini"
tap_ok "control bytes in a workload are named, not echoed" sh -c '
	err=$("$1" run --workload "$2" --dir "$3" 2>&1 >/dev/null)
	printf "%s" "$err" | grep -q "$(printf "\033")" && { echo "raw ESC: $err"; exit 1; }
	printf "%s\n" "$err" | grep -qF "esc.ini:2: control character 0x1b" || { echo "$err"; exit 1; }' \
	sh "$DAXRACE" "$tmp/esc.ini" "$tmp"
tap_ok "control bytes in an option value are escaped" sh -c '
	err=$("$1" run --dir "$2" --format "$(printf "x\033[2Jy")" 2>&1 >/dev/null)
	printf "%s" "$err" | grep -q "$(printf "\033")" && { echo "raw ESC: $err"; exit 1; }
	printf "%s\n" "$err" | grep -qF "x\\x1b[2Jy" || { echo "$err"; exit 1; }' \
	sh "$DAXRACE" "$tmp"
# 100,000 sections, the last a duplicate: linear, so well under the bound
# (it took 110 s when each section was compared with every earlier one).
awk 'BEGIN { for (i = 0; i < 100000; i++) print "[s" i "]"; print "[s5]" }' >"$tmp/many.ini"
tap_ok "100,000 sections parse in linear time" sh -c '
	start=$(date +%s)
	err=$(timeout 20 "$1" run --workload "$2" --dir "$3" 2>&1 >/dev/null)
	[ $(( $(date +%s) - start )) -le 5 ] || { echo "too slow"; exit 1; }
	printf "%s\n" "$err" | grep -qF "many.ini:100001: section [s5] already defined at line 6" ||
		{ echo "$err"; exit 1; }' \
	sh "$DAXRACE" "$tmp/many.ini" "$tmp"
name=$(awk 'BEGIN { for (i = 0; i < 60; i++) printf "n"; print "" }')
printf '[%s]\n[%s]\n' "$name" "$name" >"$tmp/longname.ini"
bad "a section name is taken whole (inih keeps 49 bytes of it)" \
	"longname.ini:2: section [$name] already defined at line 1" \
	$(run) --workload "$tmp/longname.ini"
# A long explanation over 1.3 million continuation lines: joined in a
# growing buffer, not copied whole once per line.
awk 'BEGIN { print "[a]\nkernel = ..\nfs = *\nscenario = *\noracle = TAG\nfix = x"
	print "explanation = x"; for (i = 0; i < 1300000; i++) print " y" }' >"$tmp/cont.known"
tap_ok "1.3 million continuation lines parse in linear time" sh -c '
	start=$(date +%s)
	out=$(timeout 20 "$1" run --known-issues "$2" --match-known 6.1,ext4,a.b.c,TAG) &&
		[ "$out" = a ] || { echo "exit $?: $out"; exit 1; }
	[ $(( $(date +%s) - start )) -le 5 ] || { echo "too slow"; exit 1; }' \
	sh "$DAXRACE" "$tmp/cont.known"
