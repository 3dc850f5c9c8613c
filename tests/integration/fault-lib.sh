# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the fault-*.sh tests (sourced after run-lib.sh): a small
# private ext4 to fill up, and the checks every fault must pass: the
# documented exit status, a clear one-line error, the work directory
# removed, and results either complete or absent (never a partial
# result.json, never a temporary file left in the run directory).

# small_fs_setup NAME MIB: like run_fs_setup, on a MIB-sized ext4 with no
# reserved blocks (root could otherwise write past "full").  Skips the
# whole test when no loop mount can be had.
small_fs_setup() {
	tmp=$(mktemp -d "$top_builddir/$1.XXXXXX") || exit 1
	fsdir=$tmp/fs
	run_mounted=
	extra_mounts=
	mkdir -p "$fsdir" || exit 1
	trap fault_cleanup EXIT
	command -v mkfs.ext4 >/dev/null || tap_skip_all "mkfs.ext4 is needed"
	small_fs_mount "$tmp/fs.img" "$2" "$fsdir" ||
		tap_skip_all "cannot loop-mount a small ext4"
	run_mounted=1
}

# small_fs_mount IMAGE MIB DIR: one more private ext4, unmounted at exit.
small_fs_mount() {
	mkdir -p "$3" && truncate -s "${2}M" "$1" &&
	mkfs.ext4 -q -F -m 0 -b 4096 "$1" >/dev/null 2>&1 &&
	mount -o loop "$1" "$3" 2>/dev/null || return 1
	[ "$3" = "$fsdir" ] || extra_mounts="$extra_mounts $3"
}

fault_cleanup() {
	for _m in $extra_mounts; do umount "$_m" 2>/dev/null; done
	run_fs_cleanup
}

# fill_fs DIR BLOCKS: leaves about BLOCKS free 4 KiB blocks on DIR's fs.
fill_fs() {
	_avail=$(df -B4096 --output=avail "$1" | tail -1)
	[ "$_avail" -gt "$2" ] &&
	fallocate -l $(((_avail - $2) * 4096)) "$1/filler.$$.$_avail"
}

# no_workdir DIR: daxrace left no daxrace.* work directory in DIR.
no_workdir() {
	! ls -d "$1"/daxrace.* >/dev/null 2>&1 || { ls -la "$1"; return 1; }
}

# results_whole BASE [EXIT]: every run directory under BASE holds either no
# result.json or a complete one (valid against results/schema.json), and no
# temporary file.  With EXIT, result.json must be there and record it.
results_whole() {
	for _rd in "$1"/*/; do
		[ -d "$_rd" ] || continue
		if ls -a "$_rd" | grep -q '\.tmp\.'; then
			echo "temporary file left in $_rd:"; ls -la "$_rd"; return 1
		fi
		if [ ! -e "$_rd/result.json" ]; then
			[ -z "$2" ] && continue
			echo "no result.json in $_rd"; return 1
		fi
		python3 "$top_srcdir/tests/integration/validate-result.py" \
			"$top_srcdir/results/schema.json" "$_rd/result.json" ||
			return 1
		[ -z "$2" ] || python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["exit_status"] == int(sys.argv[2]), (d["exit_status"], sys.argv[2])
' "$_rd/result.json" "$2" || return 1
	done
}

# exit_is WANT GOT ERRFILE: prints the stderr when the status is wrong.
exit_is() {
	[ "$2" -eq "$1" ] || { echo "exit $2, wanted $1"; cat "$3"; return 1; }
}

# err_says FILE REGEX: stderr matches REGEX (grep -E).
err_says() {
	grep -Eq -- "$2" "$1" || { echo "stderr does not match /$2/:"; cat "$1"; return 1; }
}

# limit_sweep KIND VALUES -- ARGS...: runs "daxrace run ARGS" under
# "ulimit KIND V" for each V, results under $tmp/sweep-V.  Descriptors the
# harness passes down shift where each step runs out: sweep consecutive
# values so that every step is reached whatever the shift.  Writes one line
# per run to $tmp/sweep.txt: V, the exit status, the stderr file.
limit_sweep() {
	_kind=$1; shift
	_vals=
	while [ "$1" != -- ]; do _vals="$_vals $1"; shift; done
	shift
	: >"$tmp/sweep.txt"
	for _v in $_vals; do
		(ulimit "$_kind" "$_v"; exec "$DAXRACE" run --dir "$fsdir" \
			--results "$tmp/sweep-$_v" "$@") \
			>"$tmp/sweep-$_v.out" 2>"$tmp/sweep-$_v.err"
		echo "$_v $? $tmp/sweep-$_v.err" >>"$tmp/sweep.txt"
	done
}

# sweep_all TEST: TEST V RC ERRFILE must hold for every run of the sweep
# (the loader failing, 127, is no run of daxrace and is left out).
sweep_all() {
	_bad=0
	while read -r _v _rc _err; do
		[ "$_rc" -eq 127 ] && continue
		"$@" "$_v" "$_rc" "$_err" || { echo "^ at limit $_v (exit $_rc)"; _bad=1; }
	done <"$tmp/sweep.txt"
	return $_bad
}
