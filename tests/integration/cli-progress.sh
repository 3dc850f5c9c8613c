#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The progress line: drawn with \r on a terminal at most four times a
# second, and nothing of it when stdout is a pipe.
. "$top_srcdir/tests/lib/tap.sh"

command -v script >/dev/null || tap_skip_all "script(1) (util-linux) is needed for a pty"
tmp=$(mktemp -d "$top_builddir/cli-progress.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

args="--dir $tmp --results $tmp/res --actor dio-read --mutator punch --duration 2s --seed 9"

tap_plan 4
# script(1) gives the run a pty as stdout and copies what it prints.
script -qec "$DAXRACE run $args" /dev/null >"$tmp/tty.out" 2>&1
draws=$(tr '\r' '\n' <"$tmp/tty.out" | grep -c ' rounds [0-9]* *holds ')
tap_ok "on a terminal the line is drawn ($draws times)" test "$draws" -ge 2
# 2 s at four a second, plus slack for set-up and the final erase.
tap_ok "at most four draws a second" test "$draws" -le 12
tap_ok "the report follows on a clean line" sh -c \
	'tr "\r" "\n" <"$1" | grep -q "^SCENARIO "' sh "$tmp/tty.out"

"$DAXRACE" run $args >"$tmp/pipe.out" 2>&1
tap_ok "nothing of it through a pipe" sh -c \
	'! grep -q "$(printf "\r")" "$1" && ! grep -q " rounds/s " "$1"' sh "$tmp/pipe.out"
tap_done
