#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Faults while the race runs: the filesystem under test fills up, the
# partner starts failing every I/O (its backing fs shut down; a
# device-mapper error table where dm exists), the partner's loop device is
# detached.  Each ends with the cause named, the documented exit status
# (3: the environment failed), no work directory or loop device left and
# results complete.
. "$top_srcdir/tests/integration/run-lib.sh"
. "$top_srcdir/tests/integration/fault-lib.sh"
small_fs_setup fault-midrun 32

tap_plan 13

# grab_blocks PATH SECONDS: takes every block that frees up, for SECONDS,
# then gives them back (a filler beside the run).
grab_blocks() {
	python3 - "$1" "$2" <<'PY'
import errno, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
off, end = 0, time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        os.posix_fallocate(fd, off, 4096)
        off += 4096
    except OSError as e:
        if e.errno != errno.ENOSPC:
            raise
os.close(fd)
os.unlink(sys.argv[1])
PY
}

# midrun NAME SECONDS ACTION ARGS...: a run of SECONDS with ARGS, ACTION
# run 0.7 s in.  A fault that ends the run gets a long one: under load the
# ACTION itself may take seconds to start, and the run must not end first.
midrun() {
	_n=$1 _d=$2 _a=$3; shift 3
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/res-$_n" --duration "$_d" \
		"$@" >"$tmp/$_n.out" 2>"$tmp/$_n.err" &
	_pid=$!
	sleep 0.7
	eval "$_a"
	wait $_pid
	echo $? >"$tmp/$_n.rc"
}

# ended_env NAME REGEX: exit 3, REGEX on stderr, the result line says so.
ended_env() {
	exit_is 3 "$(cat "$tmp/$1.rc")" "$tmp/$1.err" && err_says "$tmp/$1.err" "$2" &&
	grep -q "^result ERROR (exit 3)" "$tmp/$1.out" || { cat "$tmp/$1.out"; return 1; }
}
clean() { # NAME: no work directory or loop device of daxrace's left, result.json whole
	no_workdir "$fsdir" && results_whole "$tmp/res-$1" 3 &&
	! losetup -a | grep "$fsdir/daxrace\."
}

# 1. The filesystem under test fills up mid-round: the victim's refill
# after a punch finds no block.
midrun enospc 30 'grab_blocks "$fsdir/grab" 1.2' --actor dio-write --mutator punch
tap_ok "ENOSPC mid-round: exit 3 naming 'No space left on device'" \
	ended_env enospc "refilling victim.*: No space left on device"
tap_ok "ENOSPC mid-round: cleaned up, results whole" clean enospc

# 2. EIO from the partner: a loop device over a file on an ext4 that is
# then shut down (EXT4_IOC_SHUTDOWN: every read and write of it fails with
# EIO, so the loop device's bios fail).  Held rounds and free-running.
# eio_case NAME ARGS...
eio_case() {
	_n=$1; shift
	if small_fs_mount "$tmp/$_n.img" 16 "$tmp/$_n" && truncate -s 4M "$tmp/$_n/p" &&
	   _lp=$(losetup -f --show "$tmp/$_n/p"); then
		midrun $_n 30 "python3 -c '
import fcntl, os, struct
fd = os.open(\"$tmp/$_n\", os.O_RDONLY)
fcntl.ioctl(fd, 0x8004587d, struct.pack(\"I\", 2))  # EXT4_IOC_SHUTDOWN, NOLOGFLUSH
'" --actor dio-read --mutator punch --partner "$_lp" "$@"
		tap_ok "partner EIO (backing fs shut down) $*: exit 3 naming the I/O error" \
			ended_env $_n "dio-read on the partner failed [0-9]+ times in a row: Input/output error"
		losetup -d "$_lp"
		tap_ok "partner EIO $*: cleaned up, results whole" clean $_n
	else
		tap_skip "partner EIO (backing fs shut down) $*" "no loop device over a private ext4"
		tap_skip "partner EIO $*: cleaned up" "no loop device over a private ext4"
	fi
}
eio_case eio --stall uffd
eio_case eio-free --stall none

# 3. EIO from a device-mapper partner whose table is swapped for "error".
dm=drfault$$
if ! command -v dmsetup >/dev/null; then
	why="dmsetup is not installed"
elif ! dmsetup targets 2>/dev/null | grep -q '^error'; then
	why="device-mapper is not available in this kernel"
else
	why=
fi
if [ -z "$why" ] && truncate -s 4M "$tmp/dm.img" &&
   ld=$(losetup -f --show "$tmp/dm.img") &&
   sz=$(blockdev --getsz "$ld") && dmsetup create $dm --table "0 $sz linear $ld 0"; then
	midrun dm 30 "dmsetup suspend $dm && dmsetup load $dm --table '0 $sz error' &&
		dmsetup resume $dm" --actor dio-write --mutator punch \
		--partner /dev/mapper/$dm
	tap_ok "partner EIO (dm error table): exit 3 naming the I/O error" \
		ended_env dm "on the partner failed [0-9]+ times in a row: Input/output error"
	dmsetup remove $dm
	losetup -d "$ld"
	tap_ok "partner EIO (dm): cleaned up, results whole" clean dm
else
	tap_skip "partner EIO (dm error table)" "${why:-cannot make a dm device}"
	tap_skip "partner EIO (dm): cleaned up" "${why:-cannot make a dm device}"
fi

# 4. The partner's loop device is detached mid-run.  A loop device still
# open is only marked to clear on its last close (loop_clr_fd in
# drivers/block/loop.c sets LO_FLAGS_AUTOCLEAR): the run goes on, and the
# device is gone once daxrace closes it.  Both the user's --partner and
# daxrace's own loop partners.
truncate -s 4M "$tmp/zeros"
if lu=$(losetup -f --show "$tmp/zeros"); then
	midrun detach 3 "losetup -d $lu" --actor dio-read --mutator punch --partner "$lu"
	tap_ok "user partner detached: the run ends normally (exit $(cat "$tmp/detach.rc"))" \
		sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' sh \
		"$(cat "$tmp/detach.rc")" "$tmp/detach.err"
	# By its backing file, not its number: a test running beside this one
	# may get the freed number for a device of its own.
	tap_ok "user partner detached: gone after the run, results whole" sh -c '
		[ -z "$(losetup -j "$1/zeros")" ] && . "$top_srcdir/tests/integration/fault-lib.sh" &&
		tmp=$1 && results_whole "$1/res-detach" 0' sh "$tmp"
else
	tap_skip "user partner detached" "no loop device"
	tap_skip "user partner detached: gone after the run" "no loop device"
fi
midrun detach2 3 'for d in $(losetup -a | grep "$fsdir/daxrace\." | cut -d: -f1); do
	losetup -d "$d"; done' --actor dio-write --mutator truncate --jobs 2
tap_ok "own loop partners detached: the run ends normally (exit $(cat "$tmp/detach2.rc"))" \
	sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' sh "$(cat "$tmp/detach2.rc")" \
	"$tmp/detach2.err"
tap_ok "own loop partners detached: no loop device or work directory left" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"; no_workdir "$1" &&
	[ "$(losetup -a | grep -c "$1/")" -eq 0 ]' sh "$fsdir"
tap_ok "results whole after every fault" sh -c '
	. "$top_srcdir/tests/integration/fault-lib.sh"
	for d in "$1"/res-*/; do results_whole "$d" || exit 1; done' sh "$tmp"
tap_done
