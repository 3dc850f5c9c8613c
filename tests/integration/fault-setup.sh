#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Faults while a run sets up or saves: too few file descriptors, too
# little address space, a filesystem with room for the partner but not for
# every job, a results filesystem that fills up during the run.  Each ends
# with a one-line error naming the cause, the documented exit status (3:
# the environment could not be set up), no work directory left behind and
# results complete or absent.
. "$top_srcdir/tests/integration/run-lib.sh"
. "$top_srcdir/tests/integration/fault-lib.sh"
small_fs_setup fault-setup 32

tap_plan 16
one="--actor dio-read --mutator punch" # one scenario: each step once

# 8 jobs' loop partners take most of 32 descriptors: job 0 cannot create its
# victim, and jobs 1-7 were never set up (they used to crash the teardown).
(ulimit -n 32; exec "$DAXRACE" run --dir "$fsdir" --results "$tmp/res1" \
	--rounds 1 --jobs 8) >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "RLIMIT_NOFILE 32, 8 jobs: exit 3 with the reason" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	exit_is 3 "$1" "$2" && err_says "$2" "Too many open files"' sh "$rc" "$tmp/err"
tap_ok "RLIMIT_NOFILE 32: work directory removed" no_workdir "$fsdir"
tap_ok "RLIMIT_NOFILE 32: result.json complete" results_whole "$tmp/res1" 3

# Every descriptor limit from "nothing opens" to "enough": each setup step
# (results, userfaultfd, partner, victims, eventfd) runs out in turn.
loops_before=$(losetup -a | grep -c "$fsdir/")
limit_sweep -n $(seq 4 24) -- --rounds 1 --jobs 1 $one
mv "$tmp/sweep.txt" "$tmp/sweep1.txt"
limit_sweep -n $(seq 6 2 36) -- --rounds 1 --jobs 3 $one
cat "$tmp/sweep1.txt" >>"$tmp/sweep.txt"
fd_status() { # 0 (enough) or 3 with the cause named; never a crash or a skip
	[ "$2" -eq 0 ] && return 0
	exit_is 3 "$2" "$3" && err_says "$3" "Too many open files"
}
tap_ok "RLIMIT_NOFILE sweep: exit 0, or 3 saying 'Too many open files'" \
	sweep_all fd_status
fd_no_root() { ! grep -q "need root" "$3" || { cat "$3"; return 1; }; }
tap_ok "RLIMIT_NOFILE sweep: never 'need root' (we are root)" sweep_all fd_no_root
tap_ok "RLIMIT_NOFILE sweep: userfaultfd failure said as such, exit 3" sh -c '
	grep -l "userfaultfd" $(cut -d" " -f3 "$1") >"$1.uffd" || exit 1
	while read -r f; do grep -q "userfaultfd: Too many open files" "$f" ||
		{ cat "$f"; exit 1; }; done <"$1.uffd"
	grep " 3 $(head -1 "$1.uffd")\$" "$1" >/dev/null' sh "$tmp/sweep.txt"
tap_ok "RLIMIT_NOFILE sweep: partner failure exits 3, not 2" sh -c '
	grep "partner" $(cut -d" " -f3 "$1") >/dev/null || exit 1
	! grep -q " 2 " "$1" || { cat "$1"; exit 1; }' sh "$tmp/sweep.txt"
tap_ok "RLIMIT_NOFILE sweep: no work directory, partner.dat or loop device left" \
	sh -c '. "$top_srcdir/tests/integration/fault-lib.sh"; no_workdir "$1" &&
	[ "$(losetup -a | grep -c "$1/")" -eq "$2" ]' sh "$fsdir" "$loops_before"
tap_ok "RLIMIT_NOFILE sweep: results complete or absent" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	for d in "$1"/sweep-*/; do results_whole "$d" || exit 1; done' sh "$tmp"

# Address space: too little for the watchdog, the job threads, their
# workers.  Never a skip (4), never a silent exit.  Not under ASan
# (configure --enable-sanitizers): it reserves terabytes of shadow address
# space at start, so no limit this small lets daxrace even reach main().
if [ -n "${DAXRACE_SANITIZERS:-}" ]; then
	why="built with -fsanitize=$DAXRACE_SANITIZERS: ASan cannot start under a small RLIMIT_AS"
	tap_skip "RLIMIT_AS sweep: exit 3 with a message" "$why"
	tap_skip "RLIMIT_AS sweep: no work directory left, results whole" "$why"
else
	limit_sweep -v 12000 14000 16000 20000 24000 28000 32000 -- --rounds 1 $one
	as_status() { exit_is 3 "$2" "$3" && [ -s "$3" ] || { echo "empty stderr"; return 1; }; }
	tap_ok "RLIMIT_AS sweep: exit 3 with a message" sweep_all as_status
	tap_ok "RLIMIT_AS sweep: no work directory left, results whole" sh -c '
		. "$top_srcdir/tests/integration/fault-lib.sh"; no_workdir "$1" || exit 1
		for d in "$2"/sweep-*/; do results_whole "$d" || exit 1; done' \
		sh "$fsdir" "$tmp"
fi

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
rm -f "$fsdir"/filler.*

# The results filesystem fills up while the run goes (the run itself on
# another private fs, quiet): saving fails, and says which file and why.
small_fs_mount "$tmp/other.img" 128 "$tmp/other" || mkdir -p "$tmp/other"
"$DAXRACE" run --dir "$tmp/other" --results "$fsdir/res" --duration 4 \
	--actor dio-read --mutator punch >"$tmp/out" 2>"$tmp/err" &
pid=$!
# Fill only once the run directory exists (made before the first round).
n=0
while ! ls -d "$fsdir"/res/*/ >/dev/null 2>&1 && [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
fill_fs "$fsdir" 0
dd if=/dev/zero of="$fsdir/filler.rest" bs=4k 2>/dev/null
wait "$pid"
rc=$?
tap_ok "results fs full: exit 3 naming result.json and ENOSPC" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	exit_is 3 "$1" "$2" &&
	err_says "$2" "result\.json: No space left on device"' sh "$rc" "$tmp/err"
tap_ok "results fs full: no partial result.json, no temporary file" \
	results_whole "$fsdir/res"
tap_done
