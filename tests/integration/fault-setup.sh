#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Faults while a run sets up: too few file descriptors, a filesystem with
# room for the partner but not for every job.  Each ends with a one-line
# error, the documented exit status (3: the environment could not be set
# up), no work directory left behind and a complete result.json.
. "$top_srcdir/tests/integration/run-lib.sh"
. "$top_srcdir/tests/integration/fault-lib.sh"
small_fs_setup fault-setup 32

tap_plan 6

# 8 jobs' loop partners take most of 32 descriptors: job 0 cannot create its
# victim, and jobs 1-7 were never set up (they used to crash the teardown).
(ulimit -n 32; exec "$DAXRACE" run --dir "$fsdir" --results "$tmp/res1" \
	--rounds 1 --jobs 8 >"$tmp/out" 2>"$tmp/err")
rc=$?
tap_ok "RLIMIT_NOFILE 32, 8 jobs: exit 3 with the reason" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	exit_is 3 "$1" "$2" && err_says "$2" "Too many open files"' sh "$rc" "$tmp/err"
tap_ok "RLIMIT_NOFILE 32: work directory removed" no_workdir "$fsdir"
tap_ok "RLIMIT_NOFILE 32: result.json complete" results_whole "$tmp/res1" 3

# Room for the partners and the first job's victim, not for the others.
fill_fs "$fsdir" 50
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res2" --rounds 1 --jobs 8 \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "nearly full fs, 8 jobs: exit 3 with the reason" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	exit_is 3 "$1" "$2" && err_says "$2" "No space left on device"' sh "$rc" "$tmp/err"
tap_ok "nearly full fs: work directory removed" no_workdir "$fsdir"
tap_ok "nearly full fs: result.json complete" results_whole "$tmp/res2" 3
tap_done
