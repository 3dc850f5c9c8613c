#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SIGINT, SIGTERM and SIGHUP at random moments of a run, a second SIGINT
# while the run is already stopping, and a task stuck in the kernel
# (--inject stuck-actor): every run ends in time with a clear report, no
# work directory or loop device left (but the one a stuck task holds,
# which is said), results complete or absent, and the documented status.
# DAXRACE_SIGNAL_TRIALS (default 2) trials per signal; make check-stress
# runs 20.
. "$top_srcdir/tests/integration/run-lib.sh"
. "$top_srcdir/tests/integration/fault-lib.sh"
run_fs_setup fault-signals
command -v shuf >/dev/null || tap_skip_all "shuf is needed for random moments"

trials=${DAXRACE_SIGNAL_TRIALS:-2}
tap_plan $((3 * 4 + 13))
loops_before=$(losetup -a | grep -c "$fsdir/")
run="--duration 0.3 --actor dio-read,dio-write --mutator punch,truncate"

# trial SIG N: N runs, each sent SIG at a random moment from 0 to 1.6 s
# (setup, a round, between scenarios, teardown, writing results).  Writes
# one line per run to $tmp/SIG.txt: rc, results dir, stderr file.
trial() {
	: >"$tmp/$1.txt"
	_i=0
	while [ $_i -lt "$2" ]; do
		_i=$((_i + 1))
		_r=$tmp/res-$1-$_i
		"$DAXRACE" run --group smoke --dir "$fsdir" --results "$_r" $run \
			>"$_r.out" 2>"$_r.err" &
		_pid=$!
		sleep "$(shuf -i 0-1600 -n 1 | sed 's/.*/scale=3; &\/1000/' | bc)"
		kill -"$1" $_pid 2>/dev/null
		wait $_pid
		echo "$? $_r $_r.err" >>"$tmp/$1.txt"
	done
}

# Exit: killed by the signal only before anything was created (no results
# directory yet); otherwise the status of what ran, recorded in a
# complete result.json that says whether the run was interrupted.
# An interrupted run exits 5 (INTERRUPTED); a signal that came after the
# last scenario leaves a complete run: 0, or 4 when nothing could run.
judge() { # SIG: every run of trial SIG
	_bad=0
	while read -r _rc _r _err; do
		if [ "$_rc" -gt 128 ]; then
			[ ! -e "$_r" ] || { echo "killed ($_rc) after creating $_r"; _bad=1; }
			continue
		fi
		case $_rc in 0|4|5) ;; *) echo "exit $_rc:"; cat "$_err"; _bad=1; continue ;; esac
		results_whole "$_r" "$_rc" || _bad=1
		python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["interrupted"] == (int(sys.argv[2]) == 5) else 1)' "$_r"/*/result.json "$_rc" ||
			{ echo "exit $_rc, but interrupted is not $([ "$_rc" = 5 ] && echo true || echo false)"; _bad=1; }
		grep -q "^result .*(exit $_rc)" "$_r.out" ||
			{ echo "no result line for exit $_rc:"; cat "$_r.out"; _bad=1; }
	done <"$tmp/$1.txt"
	return $_bad
}

interrupted_said() { # SIG: an interrupted run says so in result.json and the report
	_bad=0
	while read -r _rc _r _err; do
		[ "$_rc" -gt 128 ] && continue
		python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["interrupted"] else 3)' "$_r"/*/result.json
		case $? in
		0) grep -q "interrupted" "$_r.out" ||
			{ echo "report does not say interrupted:"; cat "$_r.out"; _bad=1; }
		   grep -q "$1: stopping" "$_err" ||
			{ echo "stderr does not say $1: stopping:"; cat "$_err"; _bad=1; } ;;
		3) ;; # the signal came after the last scenario: a complete run
		*) _bad=1 ;;
		esac
	done <"$tmp/$1.txt"
	return $_bad
}

for sig in INT TERM HUP; do
	trial $sig "$trials"
	tap_ok "SIG$sig x$trials: documented exit status, result.json whole" judge $sig
	tap_ok "SIG$sig: an interrupted run says so" interrupted_said $sig
	tap_ok "SIG$sig: no work directory left" no_workdir "$fsdir"
	tap_ok "SIG$sig: no loop device left" sh -c \
		'[ "$(losetup -a | grep -c "$1/")" -eq "$2" ]' sh "$fsdir" "$loops_before"
done

# A task stuck in the kernel for good: the run ends a watchdog deadline
# after it, not at --duration, and writes its results.
t0=$(date +%s.%N)
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/stuck" --duration 30 \
	--watchdog 1 --actor dio-read --mutator punch --inject stuck-actor \
	>"$tmp/stuck.out" 2>"$tmp/stuck.err"
rc=$?
t=$(echo "$(date +%s.%N) - $t0" | bc)
tap_ok "stuck task: results within the watchdog plus a few seconds (${t}s)" \
	sh -c '[ "$(echo "$1 < 6" | bc)" -eq 1 ]' sh "$t"
tap_ok "stuck task: LIVE fires, exit 1, result.json whole" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	exit_is 1 "$1" "$2" && results_whole "$3" 1' sh "$rc" "$tmp/stuck.err" \
	"$tmp/stuck"
tap_ok "stuck task: the work directory it holds is left, and said so" sh -c '
	d=$(ls -d "$1"/daxrace.* 2>/dev/null) && [ -n "$d" ] &&
	grep -q "work directory $d left behind: a thread stuck" "$2"' sh \
	"$fsdir" "$tmp/stuck.err"
rm -rf "$fsdir"/daxrace.*

# A layout change stuck for good in page-cache mode, where the job thread
# makes the change itself: the scenario gives up on the thread
# one watchdog deadline and 4 s after it was told to stop, records LIVE, runs
# nothing more, and the results are written.
t0=$(date +%s.%N)
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/stuckm" --duration 1 \
	--watchdog 1 --actor dio-read --mutator punch,zero \
	--inject stuck-mutator >"$tmp/stuckm.out" 2>"$tmp/stuckm.err"
rc=$?
t=$(echo "$(date +%s.%N) - $t0" | bc)
tap_ok "stuck job thread: the run ends (${t}s, bound 1 + 1 + 4 s)" \
	sh -c '[ "$(echo "$1 < 9" | bc)" -eq 1 ]' sh "$t"
tap_ok "stuck job thread: LIVE fires, exit 1, the rest not run, result.json whole" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	exit_is 1 "$1" "$2" && results_whole "$3" 1 &&
	grep -q "still in the kernel .* after the scenario was stopped" "$4" &&
	grep -q "not run: a job thread of an earlier scenario is stuck" "$4"' \
	sh "$rc" "$tmp/stuckm.err" "$tmp/stuckm" "$tmp/stuckm.out"
rm -rf "$fsdir"/daxrace.*
# The same with the built-in workload's two groups: the second group runs
# nothing beside the stuck thread, and says why.
"$DAXRACE" run --dir "$fsdir" --results "$tmp/stuckg" --duration 1 \
	--watchdog 1 --actor dio-read --mutator punch \
	--inject stuck-mutator >"$tmp/stuckg.out" 2>"$tmp/stuckg.err"
rc=$?
tap_ok "stuck job thread: a later group is not run, and says why" sh -c '
	[ "$1" -eq 1 ] &&
	grep -q "^SKIP smoke-free/dio-read.punch.none: not run: a job thread of an earlier group is stuck in the kernel" "$2"' \
	sh "$rc" "$tmp/stuckg.out"
rm -rf "$fsdir"/daxrace.*
# stuck_sigterm TAG WATCHDOG LIMIT: SIGTERM to a run whose job thread is
# stuck for good ends it within LIMIT seconds (the deadline plus 5 s, and
# some slack for a loaded machine), exit 1, results whole.  At a longer
# deadline the bound stays the deadline plus a few seconds, not a multiple
# of it (three deadlines and 2 s before: 32 s at --watchdog 10).
stuck_sigterm() {
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/$1" --duration 60 \
		--watchdog "$2" --actor dio-read --mutator punch \
		--inject stuck-mutator >"$tmp/$1.out" 2>"$tmp/$1.err" &
	pid=$!
	sleep 0.5
	t0=$(date +%s.%N)
	kill -TERM $pid
	wait $pid
	rc=$?
	t=$(echo "$(date +%s.%N) - $t0" | bc)
	tap_ok "SIGTERM to a stuck job thread, --watchdog $2: the run ends (${t}s after it, bound $2 + 5 s)" \
		sh -c '[ "$(echo "$1 < $2" | bc)" -eq 1 ]' sh "$t" "$3"
	tap_ok "SIGTERM to a stuck job thread, --watchdog $2: exit 1, result.json whole" sh -c '
		. "$top_srcdir/tests/integration/fault-lib.sh"
		exit_is 1 "$1" "$2" && results_whole "$3" 1' sh "$rc" "$tmp/$1.err" \
		"$tmp/$1"
	rm -rf "$fsdir"/daxrace.*
}
stuck_sigterm stuckm1 1 9
stuck_sigterm stuckm10 10 17

# A second SIGINT while the first is being handled: here the run is slow to
# stop because a task is stuck; it still ends in bounded time, whole.
t0=$(date +%s.%N)
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/twice" --duration 30 \
	--watchdog 2 --actor dio-read --mutator punch,truncate \
	--inject stuck-actor >"$tmp/twice.out" 2>"$tmp/twice.err" &
pid=$!
sleep 0.5
kill -INT $pid
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
t=$(echo "$(date +%s.%N) - $t0" | bc)
tap_ok "second SIGINT: ends within the watchdog plus a few seconds (${t}s)" \
	sh -c '[ "$(echo "$1 < 7" | bc)" -eq 1 ]' sh "$t"
tap_ok "second SIGINT: exit 1 (the stuck task's LIVE), result.json whole" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	exit_is 1 "$1" "$2" && results_whole "$3" 1' sh "$rc" "$tmp/twice.err" \
	"$tmp/twice"
tap_ok "second SIGINT: said once as stopping, once as already stopping" sh -c '
	grep -q "SIGINT: stopping" "$1" && grep -q "already stopping" "$1" ||
	{ cat "$1"; exit 1; }' sh "$tmp/twice.err"
rm -rf "$fsdir"/daxrace.*
tap_done
