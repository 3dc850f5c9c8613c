#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# One libFuzzer target as a TAP test (make check runs it as the target's
# source, tests/fuzz/NAME.c; see tests/fuzz/local.mk):
#   1. every input in tests/fuzz/corpus/NAME/ runs clean: the seeds, and
#      each crash found so far, kept there as its regression test;
#   2. DAXRACE_FUZZ_TIME seconds (default 15) of fuzzing from them find no
#      crash, leak, timeout or sanitizer report;
#   3. the target can fail: with DR_FUZZ_PLANT=1 it aborts once the code
#      under test accepts an input naming "planted" (tests/fuzz/fuzz.h);
#      step 1 run so over the corpus and tests/fuzz/planted/NAME must fail.
# A failure leaves the input that crashed in tests/fuzz/NAME-crash-* (build
# tree); its hex dump and the sanitizer report are in the test's log.
# Fix the bug, then add the input to tests/fuzz/corpus/NAME/.
. "$top_srcdir/tests/lib/tap.sh"

name=$(basename "$1" .c)
bin=$top_builddir/tests/fuzz/$name.fuzzer
seeds=$top_srcdir/tests/fuzz/corpus/$name
time=${DAXRACE_FUZZ_TIME:-15}
work=$top_builddir/tests/fuzz/work/$name

[ -z "$DAXRACE_FUZZ_SKIP" ] || tap_skip_all "$DAXRACE_FUZZ_SKIP"
tap_plan 3
rm -rf "$work" && mkdir -p "$work/corpus" "$work/planted" || exit 1
rm -f "$top_builddir/tests/fuzz/$name"-crash-*

# A report from the target fails it whatever libFuzzer's exit status says;
# leaks count (libFuzzer checks every input that allocated more than it
# freed).  -close_fd_mask=3: the parsers' error lines would drown the log;
# libFuzzer keeps the reports on a copy of stderr.
opts="-timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 -detect_leaks=1"

# fuzz LOG DIR ARGS...: runs the target; 0 when it reported nothing.
fuzz() {
	_log=$1 _dir=$2; shift 2
	"$bin" $opts -artifact_prefix="$_dir/" "$@" >"$_log" 2>&1
	_rc=$?
	if [ "$_rc" -eq 0 ] && ! grep -q -e '^==[0-9]*==ERROR' -e 'runtime error:' \
		-e '^SUMMARY: ' "$_log"; then
		return 0
	fi
	return 1
}

# report LOG DIR: the evidence of a failure, as TAP diagnostics.
report() {
	tap_diag "$(grep -m1 -E '^INFO: Seed: ' "$1")"
	grep -E -A25 -e '^==[0-9]*==' -e 'runtime error:' -e 'deadly signal' \
		-e 'Test unit written' "$1" | head -60 | sed 's/^/# /'
	for a in "$2"/crash-* "$2"/leak-* "$2"/timeout-* "$2"/oom-*; do
		[ -f "$a" ] || continue
		keep=$top_builddir/tests/fuzz/$name-$(basename "$a")
		cp "$a" "$keep"
		tap_diag "input kept as $keep:"
		od -A d -c "$a" | head -20 | sed 's/^/#   /'
	done
}

n=$(ls "$seeds" | wc -l)
if [ "$n" -eq 0 ]; then
	echo "not ok 1 - $name: no seeds in $seeds"
elif fuzz "$work/replay.log" "$work" "$seeds"/*; then
	echo "ok 1 - $name: all $n inputs of corpus/$name run clean"
else
	echo "not ok 1 - $name: an input of corpus/$name fails"
	report "$work/replay.log" "$work"
fi

start=$(date +%s)
if fuzz "$work/fuzz.log" "$work" -max_total_time="$time" -print_final_stats=1 \
	"$work/corpus" "$seeds"; then
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
	echo "ok 2 - $name: ${time}s of fuzzing ($execs inputs) found nothing"
else
	echo "not ok 2 - $name: fuzzing found a failing input after $(( $(date +%s) - start ))s"
	report "$work/fuzz.log" "$work"
fi

# The plant (tests/fuzz/fuzz.h): the same check as step 1, over the same
# inputs plus one that names "planted", must see the crash.
planted=$top_srcdir/tests/fuzz/planted/$name
if [ ! -f "$planted" ]; then
	echo "not ok 3 - $name: can fail: no planted input $planted"
elif DR_FUZZ_PLANT=1 fuzz "$work/planted.log" "$work/planted" "$seeds"/* "$planted"; then
	echo "not ok 3 - $name: can fail: the planted crash went unnoticed"
	tail -20 "$work/planted.log" | sed 's/^/# /'
elif grep -q 'deadly signal' "$work/planted.log"; then
	echo "ok 3 - $name: can fail: the planted crash is reported"
else
	echo "not ok 3 - $name: can fail: failed, but not on the planted crash"
	report "$work/planted.log" "$work/planted"
fi
tap_done
