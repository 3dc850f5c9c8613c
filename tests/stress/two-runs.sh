#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Two daxrace runs on one filesystem at once, as issue 7 found them: run A
# (the smoke group, $group_duration a scenario: lib.sh), and 0.3 s later
# run B with --jobs 16 --pages 64 for 10 s (one scenario, beside A's
# first dozen; 3 s beside A's one-scenario injection runs).
# Neither may report a kernel bug, on a private ext4 or on the shared
# build filesystem; and A must still see its own injected TAG violation
# while B runs beside it, and not pass its own constructed SPACE leak (B
# staying clean both times).
. "$top_srcdir/tests/stress/lib.sh"
stress_setup stress-two-runs quiet
quiet=$fsdir
shared=$tmp/shared
mkdir -p "$shared" || exit 1

# pair FS NAME ARGS...: A with ARGS, B beside it; waits for both.
pair() {
	_fs=$1 _n=$2; shift 2
	rm -rf "$tmp/other.res"
	"$DAXRACE" run --group smoke --dir "$_fs" --results "$tmp/$_n.a" "$@" \
		>"$tmp/$_n.a.out" 2>&1 &
	_a=$!
	sleep 0.3
	load_daxrace "$_fs" --actor dio-read --mutator punch --jobs 16 --pages 64 \
		--duration "$b_duration"
	wait "$_a"
	# B ends by itself: interrupting it would judge a cut-short run.
	wait
	load_pids=
	rm -rf "$tmp/$_n.b"
	mv "$tmp/other.res" "$tmp/$_n.b"
}

tap_plan 12
for fs in quiet shared; do
	eval d=\$$fs
	# As issue 7 found it: B for 10 s beside all of A.
	b_duration=10s
	pair "$d" "$fs" --duration "$group_duration"
	# A's one injected scenario needs B for about as long as A.
	b_duration=3s
	tap_ok "$fs fs: run A beside run B: no oracle fires in A" no_false_fail "$tmp/$fs.a"
	tap_ok "$fs fs: run B beside run A: no oracle fires in B" no_false_fail "$tmp/$fs.b"
	pair "$d" "$fs.tag" --actor dio-read --mutator punch --duration 1s \
		--inject foreign-tag
	tap_ok "$fs fs: A's injected foreign tag fires TAG in A" fires TAG "$tmp/$fs.tag.a"
	tap_ok "$fs fs: and B beside it stays clean" no_false_fail "$tmp/$fs.tag.b"
	pair "$d" "$fs.space" --actor dio-read --mutator punch --duration 1s \
		--inject space-leak
	tap_ok "$fs fs: A's removed file held open: SPACE never passes it" \
		leak_seen "$tmp/$fs.space.a"
	tap_ok "$fs fs: and B beside it stays clean" no_false_fail "$tmp/$fs.space.b"
done
tap_done
