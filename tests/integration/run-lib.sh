# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the run-*.sh tests: a private filesystem for the run, so that
# SPACE compares free blocks on a filesystem nothing else writes to (the
# build tree's filesystem is busy with compilers and other tests).  Root
# with mkfs.ext4 gets a fresh ext4 on a loop-mounted image; anyone else a
# directory under the build tree (SPACE may then be noisy).
. "$top_srcdir/tests/lib/tap.sh"

"$DAXRACE" run --help >/dev/null 2>&1 ||
	tap_skip_all "daxrace run is not built in yet"
command -v python3 >/dev/null || tap_skip_all "python3 is needed to check JSON"
[ "$(id -u)" = 0 ] ||
	tap_skip_all "needs root: loop partner and kernel-mode userfaultfd"

run_fs_cleanup() {
	[ -n "$run_mounted" ] && umount "$fsdir" 2>/dev/null
	rm -rf "$tmp"
}

# run_fs_setup NAME: sets $tmp (scratch, removed at exit) and $fsdir.
run_fs_setup() {
	tmp=$(mktemp -d "$top_builddir/$1.XXXXXX") || exit 1
	fsdir=$tmp/fs
	run_mounted=
	mkdir -p "$fsdir" || exit 1
	trap run_fs_cleanup EXIT
	if command -v mkfs.ext4 >/dev/null &&
	   truncate -s 512M "$tmp/fs.img" &&
	   mkfs.ext4 -q -F -b 4096 "$tmp/fs.img" >/dev/null 2>&1 &&
	   mount -o loop "$tmp/fs.img" "$fsdir" 2>/dev/null; then
		run_mounted=1
	fi
}

# result_check FILE PYTHON: runs PYTHON with d = the parsed result.json.
result_check() {
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
$2" "$1"
}

# run_dir: the one run directory under $tmp/res.
run_dir() {
	ls -d "$tmp"/res/*/ 2>/dev/null | head -1
}

# run_fs_make TYPE: a fresh loop-mounted TYPE (ext4, xfs) at $tmp/TYPE,
# unmounted at exit, its path in $fsmade; fails without mkfs.TYPE or loop.
# Not in a subshell: it sets the exit trap.
run_fs_make() {
	command -v "mkfs.$1" >/dev/null || return 1
	mkdir -p "$tmp/$1" && truncate -s 512M "$tmp/$1.img" || return 1
	case $1 in
	ext4) mkfs.ext4 -q -F -b 4096 "$tmp/$1.img" >/dev/null 2>&1 ;;
	xfs) mkfs.xfs -q -f "$tmp/$1.img" >/dev/null 2>&1 ;;
	*) return 1 ;;
	esac || return 1
	mount -o loop "$tmp/$1.img" "$tmp/$1" 2>/dev/null || return 1
	run_made="$run_made $tmp/$1"
	trap 'for m in $run_made; do umount "$m" 2>/dev/null; done; run_fs_cleanup' EXIT
	fsmade=$tmp/$1
}
