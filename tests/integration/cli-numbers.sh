#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Numbers and option names mean what they read as: plain decimal only
# (no octal "010", no "0x10", no "1e1"), exact option names only (no
# "--dur" for --duration), no empty list items, and a flag given a value
# says so.  Each bad one is one line naming the option and exit 2; each
# good one is shown accepted by the error of a later --jobs 0.
. "$top_srcdir/tests/lib/tap.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-numbers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# bad DESCRIPTION EXPECTED-TEXT ARGS...
bad() {
	_d=$1 _w=$2; shift 2
	tap_ok "$_d" sh -c '
		want=$1; shift
		err=$("$@" 2>&1 >/dev/null)
		rc=$?
		[ "$rc" -eq 2 ] || { echo "exit $rc: $err"; exit 1; }
		printf "%s\n" "$err" | grep -v "^Try " | grep -c . | grep -qx 1 || { echo "$err"; exit 1; }
		printf "%s\n" "$err" | grep -qF -- "$want" || { echo "$err"; exit 1; }' \
		sh "$_w" "$@"
}
# good DESCRIPTION ARGS...: parsed; the --jobs 0 after them is what stops.
good() {
	_d=$1; shift
	bad "$_d" "daxrace run: --jobs: '0'" "$DAXRACE" run --dir "$tmp" "$@" --jobs 0
}

tap_plan 20
bad "--seed 010 is not octal 8" "--seed: '010' is not a decimal integer from 0 to" \
	"$DAXRACE" run --dir "$tmp" --seed 010
bad "--seed 0x10 is not hex 16" "--seed: '0x10' is not a decimal integer" \
	"$DAXRACE" run --dir "$tmp" --seed 0x10
bad "--seed -1 refused" "--seed: '-1'" "$DAXRACE" run --dir "$tmp" --seed -1
good "--seed 10 and --seed 0 accepted" --seed 10 --seed 0
printf '[g]\njobs = 010\n' >"$tmp/w.ini"
bad "jobs = 010 in a workload is not 8" "$tmp/w.ini:2: --jobs: '010' is not a decimal integer" \
	"$DAXRACE" run --dir "$tmp" --workload "$tmp/w.ini"
bad "--duration 0x10 refused" "--duration: '0x10' is not a duration" \
	"$DAXRACE" run --dir "$tmp" --duration 0x10
bad "--duration 1e1 refused" "--duration: '1e1' is not a duration" \
	"$DAXRACE" run --dir "$tmp" --duration 1e1
bad "--duration 1. refused" "--duration: '1.'" "$DAXRACE" run --dir "$tmp" --duration 1.
bad "--duration .5s refused" "--duration: '.5s'" "$DAXRACE" run --dir "$tmp" --duration .5s
good "--duration 0.5s, 10ms, 2m, 1h and 3 accepted" --duration 0.5s --duration 10ms \
	--duration 2m --duration 1h --duration 3
bad "--dur=1s is not --duration" "unknown option '--dur' (did you mean --duration?)" \
	"$DAXRACE" run --dir "$tmp" --dur=1s
bad "--dur 1s is not --duration" "unknown option '--dur'" \
	"$DAXRACE" run --dir "$tmp" --dur 1s
bad "--bogus names itself" "unknown option '--bogus'" "$DAXRACE" run --dir "$tmp" --bogus
bad "-Z names itself" "unknown option '-Z'" "$DAXRACE" run --dir "$tmp" -Z
bad "--strict=yes: the flag takes no value" "option --strict takes no value" \
	"$DAXRACE" run --dir "$tmp" --strict=yes
bad "--actor dio-read, has an empty item" "--actor: empty name in list" \
	"$DAXRACE" run --dir "$tmp" --actor dio-read,
bad "--actor ,dio-read has an empty item" "--actor: empty name in list" \
	"$DAXRACE" run --dir "$tmp" --actor ,dio-read
bad "--mutator punch,,zero has an empty item" "--mutator: empty name in list" \
	"$DAXRACE" run --dir "$tmp" --mutator punch,,zero
bad "--match-known with one field is a usage error" \
	"--match-known: 'a' is not REL,FS,SCENARIO,ORACLE[,TEXT]" \
	"$DAXRACE" run --known-issues none --match-known a
tap_expect_exit 1 "--match-known with four fields and no match exits 1" \
	"$DAXRACE" run --known-issues none --match-known 6.1,ext4,a.b.c,TAG
