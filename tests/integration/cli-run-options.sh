#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every bad value of a daxrace run option is one line on stderr naming the
# option, and exit 2, before anything runs; an unwritable --results is
# exit 3, also before anything runs.
. "$top_srcdir/tests/lib/tap.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-run-options.XXXXXX") || exit 1
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT

# bad OPTION DESCRIPTION ARGS...: exit 2, exactly one stderr line, naming --OPTION.
bad() {
	_opt=$1; _desc=$2; shift 2
	tap_ok "$_desc" sh -c '
		err=$("$@" 2>&1 >/dev/null); rc=$?
		[ "$rc" -eq 2 ] || { echo "exit $rc"; echo "$err"; exit 1; }
		[ "$(printf "%s\n" "$err" | grep -c .)" -eq 1 ] ||
			{ echo "not one line:"; echo "$err"; exit 1; }
		printf "%s\n" "$err" | grep -q -- "--$0" || { echo "$err"; exit 1; }' \
		"$_opt" "$DAXRACE" run --dir "$tmp" --results "$tmp/res" "$@"
}

tap_plan 23
bad jobs "--jobs 0" --jobs 0
bad jobs "--jobs 257" --jobs 257
bad jobs "--jobs not a number" --jobs many
bad pages "--pages 0" --pages 0
bad pages "--pages 256" --pages 256
bad depth "--depth 0" --depth 0
bad depth "--depth 65" --depth 65
bad depth "--depth not a number" --depth deep
bad stall "--stall unknown" --stall hold
bad format "--format unknown" --format xml
bad actor "--actor unknown" --actor dio-bogus
bad mutator "--mutator unknown" --mutator shred
bad duration "--duration negative" --duration -1
bad duration "--duration with a bad suffix" --duration 5y
bad watchdog "--watchdog too short" --watchdog 1ms
bad seed "--seed beyond 2^53" --seed 9007199254740992
bad cpu-node "--cpu-node out of range" --cpu-node 5000
bad duration "--rounds and --duration together" --rounds 10 --duration 1s
bad rounds "--duration and --rounds together" --duration 1s --rounds 10
bad workload "--workload file missing" --workload "$tmp/nonexistent.ini"
tap_expect_exit 2 "--dir missing" "$DAXRACE" run --rounds 1 --results "$tmp/res"
tap_expect_exit 3 "--results under a file" \
	"$DAXRACE" run --dir "$tmp" --rounds 1 --results /dev/null/results
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
	tap_expect_exit 3 "--results in a read-only directory" \
		"$DAXRACE" run --dir "$tmp" --rounds 1 --results "$tmp/ro/results"
else
	ln -s "$tmp" "$tmp/link"
	tap_expect_exit 3 "--results that is a symbolic link" \
		"$DAXRACE" run --dir "$tmp" --rounds 1 --results "$tmp/link"
fi
tap_done
