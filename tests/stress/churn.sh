#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A writer churning blocks beside daxrace (a file grown by 2 MiB every
# 0.1 s up to 256 MiB, then removed, as ../shared/checks/busy-fs does), on
# the same private ext4 and on the shared build filesystem: a default
# run on each may not report a kernel bug; TAG and LIVE must still fire
# beside the same writer, and SPACE must not pass a constructed leak (it
# fires, or says INCONCLUSIVE because the writer disturbed the fs).
. "$top_srcdir/tests/stress/lib.sh"
stress_setup stress-churn quiet
quiet=$fsdir
shared=$tmp/shared
mkdir -p "$shared" || exit 1

tap_plan 9
for fs in quiet shared; do
	eval d=\$$fs
	load_churn "$d"
	"$DAXRACE" run --dir "$d" --results "$tmp/$fs.1" --duration 1s \
		>"$tmp/$fs.1.out" 2>&1
	tap_ok "$fs fs, churning writer: no oracle fires" no_false_fail "$tmp/$fs.1"
	"$DAXRACE" run --dir "$d" --results "$tmp/$fs.tag" --actor dio-read \
		--mutator punch --duration 1s --inject foreign-tag \
		>"$tmp/$fs.tag.out" 2>&1
	tap_ok "$fs fs, churning writer: TAG fires on a foreign tag" \
		fires TAG "$tmp/$fs.tag"
	"$DAXRACE" run --dir "$d" --results "$tmp/$fs.live" --actor dio-write \
		--mutator zero --duration 2s --watchdog 0.5 --inject live-pipe \
		>"$tmp/$fs.live.out" 2>&1
	tap_ok "$fs fs, churning writer: LIVE fires on a call whose blocker is gone" \
		fires LIVE "$tmp/$fs.live"
	"$DAXRACE" run --dir "$d" --results "$tmp/$fs.space" --actor dio-read \
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
tap_done
