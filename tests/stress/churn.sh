#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A writer churning blocks beside daxrace (a file grown by 2 MiB every
# 0.1 s up to 256 MiB, then removed, as ../shared/checks/busy-fs does), on
# the same private ext4 and on the shared build filesystem: a default
# run on each may not report a kernel bug; TAG and LIVE must still fire
# beside the same writer, and SPACE must not pass a constructed leak (it
# fires, or says INCONCLUSIVE because the writer disturbed the fs).  Then
# a writer that allocates a few blocks at a time, as a build's logs do
# (the false SPACE FAIL CI once had): eight runs beside it, none a bug.
. "$top_srcdir/tests/stress/lib.sh"
stress_setup stress-churn quiet
quiet=$fsdir
shared=$tmp/shared
mkdir -p "$shared" || exit 1

jobs=1
tap_plan 10
for fs in quiet shared; do
	eval d=\$$fs
	load_churn "$d"
	"$DAXRACE" run --group smoke --dir "$d" --results "$tmp/$fs.1" \
		--duration "$group_duration" \
		>"$tmp/$fs.1.out" 2>&1
	tap_ok "$fs fs, churning writer: no oracle fires" no_false_fail "$tmp/$fs.1"
	tag_live_fire "$d" "$tmp/$fs" "$fs fs, churning writer" 0.5
	"$DAXRACE" run --group smoke --dir "$d" --results "$tmp/$fs.space" --actor dio-read \
		--mutator punch --duration 1s --inject space-leak \
		>"$tmp/$fs.space.out" 2>&1
	tap_ok "$fs fs, churning writer: SPACE never passes a removed file held open" \
		leak_seen "$tmp/$fs.space"
	if [ "$fs" = shared ]; then
		tap_ok "beside the writer: every oracle fires on constructed input" \
			unit_fires
	fi
	load_stop
done

load_trickle "$shared"
bugs=0
for i in 1 2 3 4 5 6 7 8; do
	"$DAXRACE" run --group smoke --dir "$shared" --results "$tmp/trickle.$i" --rounds 20 \
		--actor dio-read,dio-write --mutator punch >"$tmp/trickle.$i.out" 2>&1
	rc=$?
	[ "$rc" -ne 1 ] || { bugs=$((bugs + 1)); cat "$tmp/trickle.$i.out"; }
done
load_stop
tap_ok "a writer allocating a few blocks at a time: none of 8 runs reports a bug ($bugs did)" \
	test "$bugs" -eq 0
tap_done
