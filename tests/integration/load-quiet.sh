#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The oracles under load, on a private ext4 nothing else writes to: a CPU
# hog on every core, --jobs at four times the cores and user-space lines
# in /dev/kmsg that read like kernel failures.  A clean run must not fire
# any oracle, also with the shortest LIVE deadline (a starved thread is not
# a blocked one); TAG and LIVE must still fire on their injected violations,
# and the unit tests that make each oracle fire and not fire (ORDER,
# GUPFAIL, KLOG on constructed inputs) must still pass, all under the same
# load.  The longer mixes (a churning writer, two runs on one filesystem,
# the shared filesystem, SPACE's unit test) are in tests/stress.
. "$top_srcdir/tests/stress/lib.sh"
stress_setup load-quiet quiet

jobs=$((4 * ncpu))
tap_plan 6
load_cpu
load_kmsg

"$DAXRACE" run --dir "$fsdir" --results "$tmp/clean" --duration 1s \
	--jobs "$jobs" >"$tmp/clean.out" 2>&1
tap_ok "CPU hog, --jobs $jobs, kmsg noise: no oracle fires" no_false_fail "$tmp/clean"
if [ -w /dev/kmsg ]; then
	tap_ok "the failure-like user lines were in the run's kernel log" sh -c \
		'grep -q "WARNING: .*\[daxrace load test\]" "$1"/*/dmesg.txt' sh "$tmp/clean"
else
	tap_skip "the failure-like user lines were in the run's kernel log" \
		"/dev/kmsg is not writable"
fi

# The shortest deadline: a thread runnable but not yet run, or an actor
# whose bio is still in the partner, is not a blocked call.
"$DAXRACE" run --dir "$fsdir" --results "$tmp/short" --duration 1s \
	--jobs "$jobs" --watchdog 0.1 >"$tmp/short.out" 2>&1
tap_ok "same load, a 0.1 s LIVE deadline: no oracle fires" no_false_fail "$tmp/short"

tag_live_fire "$fsdir" "$tmp/load" "under the same load" 0.1

# SPACE's firing test is left to check-stress: it samples statfs of
# /dev/shm, which other programs of a busy machine (and of make -j) write.
tap_ok "under the same load ORDER, GUPFAIL, TAG, LIVE and KLOG fire on constructed input" \
	unit_fires oracle_test watchdog_test klog_test
load_stop
tap_done
