#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A CPU hog on every core and --jobs at four times the cores, on a private
# ext4 (uffd holds) and on the shared build filesystem (free-running), and kernel-failure-like lines in /dev/kmsg: no oracle may
# fire, and TAG, LIVE and SPACE must still fire on their injected violations
# (SPACE on the shared fs: fire, or say INCONCLUSIVE when others wrote)
# under the same load, as must the unit tests that make each oracle fire
# on constructed input.
. "$top_srcdir/tests/stress/lib.sh"
stress_setup stress-cpu-jobs quiet
quiet=$fsdir
shared=$tmp/shared
mkdir -p "$shared" || exit 1
jobs=$((4 * ncpu))

tap_plan 9
load_cpu
load_kmsg
for fs in quiet shared; do
	eval d=\$$fs
	# uffd holds on the quiet fs, free-running on the shared one: each
	# stall under the load once keeps the test short.
	stall=uffd
	[ "$fs" = shared ] && stall=none
	"$DAXRACE" run --group smoke --dir "$d" --results "$tmp/$fs.$stall" \
		--duration "$group_duration" \
		--stall "$stall" --jobs "$jobs" >"$tmp/$fs.$stall.out" 2>&1
	tap_ok "$fs fs, stall $stall, CPU hog, --jobs $jobs: no oracle fires" \
		no_false_fail "$tmp/$fs.$stall"
	tag_live_fire "$d" "$tmp/$fs" "$fs fs, same load" 0.5
	"$DAXRACE" run --group smoke --dir "$d" --results "$tmp/$fs.space" --actor dio-read \
		--mutator punch --duration 1s --jobs "$jobs" --inject space-leak \
		>"$tmp/$fs.space.out" 2>&1
	if [ "$fs" = quiet ]; then
		tap_ok "quiet fs, same load: SPACE fires on a removed file held open" \
			fires SPACE "$tmp/$fs.space"
	else
		tap_ok "shared fs, same load: SPACE never passes a removed file held open" \
			leak_seen "$tmp/$fs.space"
	fi
done
tap_ok "same load: ORDER, GUPFAIL, TAG, LIVE, KLOG and SPACE fire on constructed input" \
	unit_fires
load_stop
tap_done
