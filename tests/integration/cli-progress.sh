#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The progress line: drawn with \r on a terminal at most four times a
# second, and nothing of it when stdout is a pipe; it fits the terminal's
# width with whole fields only, and shows scenario N/M and the time left.
. "$top_srcdir/tests/lib/tap.sh"

command -v script >/dev/null || tap_skip_all "script(1) (util-linux) is needed for a pty"
tmp=$(mktemp -d "$top_builddir/cli-progress.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

args="--group smoke --dir $tmp --results $tmp/res --actor dio-read --mutator punch --duration 2s --seed 9"

tap_plan 7
# script(1) gives the run a pty as stdout and copies what it prints.
script -qec "$DAXRACE run $args" /dev/null >"$tmp/tty.out" 2>&1
draws=$(tr '\r' '\n' <"$tmp/tty.out" | grep -c ' rounds [0-9]* *holds ')
tap_ok "on a terminal the line is drawn ($draws times)" test "$draws" -ge 2
# 2 s at four a second, plus slack for set-up and the final erase.
tap_ok "at most four draws a second" test "$draws" -le 12
tap_ok "the report follows on a clean line" sh -c \
	'tr "\r" "\n" <"$1" | grep -q "^SCENARIO "' sh "$tmp/tty.out"

# fields COLS FILE: every drawn line fits in COLS - 1 and is made of whole
# fields (a cut "violati" would be read as nothing).
fields() {
	tr '\r' '\n' <"$2" | grep ' left' | sed 's/ *$//' | python3 -c '
import re, sys
cols = int(sys.argv[1])
field = re.compile(r"\[\d+/\d+\]|[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9.-]+|"
                   r"(\d+[smh](\d\d[sm])?|\?) left|rounds \d+|holds \d+|\d+ rounds/s|"
                   r"violations \d+|\d+[smh](\d\d[sm])? elapsed")
n = 0
for line in sys.stdin:
    line = line.rstrip("\n")
    n += 1
    assert len(line) <= cols - 1, (len(line), line)
    for f in line.split("  "):
        assert field.fullmatch(f), ("not a whole field", f, line)
    assert re.match(r"\[[12]/2\]  ", line), ("no scenario N/M first", line)
    assert re.search(r" \d+s left", line), ("no time left", line)
    assert "violations " in line, ("no violation count", line)
assert n >= 2, n
' "$1"
}
two="--group smoke --dir $tmp --results $tmp/res --actor dio-read,dio-write --mutator punch --duration 1s --seed 9"
for cols in 80 50; do
	script -qec "stty cols $cols; $DAXRACE run $two" /dev/null >"$tmp/tty.$cols" 2>&1
	tap_ok "$cols columns: whole fields, scenario N/M, time left, violations" \
		fields "$cols" "$tmp/tty.$cols"
done
tap_ok "the second scenario counts 2/2 with less time left than the first" sh -c '
	tr "\r" "\n" <"$1" | grep -q "^\[2/2\]  dio-write" &&
	tr "\r" "\n" <"$1" | grep "^\[2/2\]" | grep -q " [01]s left"' sh "$tmp/tty.80"

"$DAXRACE" run $args >"$tmp/pipe.out" 2>&1
tap_ok "nothing of it through a pipe" sh -c \
	'! grep -q "$(printf "\r")" "$1" && ! grep -q " rounds/s " "$1"' sh "$tmp/pipe.out"
tap_done
