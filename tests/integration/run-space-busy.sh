#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPACE judges what daxrace itself freed and says when it cannot: on a
# quiet private ext4 (and xfs, when mkfs.xfs is there) a constructed leak
# (--inject space-leak: a removed file held open) fires and a plain run
# passes; beside a writer churning the same filesystem SPACE does not fire
# (on ext4 it is INCONCLUSIVE with its reason), and beside a second daxrace
# run with 16 jobs of 64 pages neither run exits 1.  The verdict shows in the
# human report, result.tap and result.json, and "daxrace report" reads it.
. "$top_srcdir/tests/integration/run-lib.sh"

run_fs_setup run-space-busy
[ -n "$run_mounted" ] || tap_skip_all "needs a loop-mounted ext4 (mkfs.ext4, mount -o loop)"

# run TAG DIR ARGS...: one short scenario; its output in $tmp/out.TAG,
# exit status in $tmp/rc.TAG, result.json in $tmp/res.TAG/*/.
run() {
	tag=$1 dir=$2; shift 2
	"$DAXRACE" run --dir "$dir" --results "$tmp/res.$tag" --seed 11 --actor dio-read \
		--mutator punch --duration 0.5s "$@" >"$tmp/out.$tag" 2>&1
	echo $? >"$tmp/rc.$tag"
}
space() { # space TAG PYTHON-CONDITION-ON-v(verdict)-r(reason)-d
	result_check "$(ls -d "$tmp"/res.$1/*/ | head -1)/result.json" "
v = d['scenarios'][0]['oracles']['SPACE']['verdict']
r = d['scenarios'][0]['oracles']['SPACE']['reason']
assert $2, (v, r, d['exit_status'])
"
}
churn_start() { # a writer rewriting and dropping a file beside daxrace, without pause
	( while :; do
		dd if=/dev/zero of="$1/churn" bs=64k count=256 status=none
		rm -f "$1/churn"
	  done ) &
	churn=$!
}
churn_stop() { kill $churn 2>/dev/null; wait $churn 2>/dev/null; rm -f "$1/churn"; }
# A writer that allocates a few blocks now and then (a log appended with
# O_SYNC every 0.6 s): under the noise an idle bracket allows, so the fs
# looks idle, yet its blocks are missing from the free count at the end.
trickle_start() {
	( while :; do
		dd if=/dev/zero of="$1/trickle" bs=4k count=1 oflag=append,sync \
			conv=notrunc status=none
		sleep 0.6
	  done ) &
	trickle=$!
}
trickle_stop() { kill $trickle 2>/dev/null; wait $trickle 2>/dev/null; rm -f "$1/trickle"; }

tap_plan 14

run quiet "$fsdir"
tap_ok "quiet ext4: SPACE passes, saying what came back" \
	space quiet '"came back" in r and v == "PASS" and d["exit_status"] == 0'
run leak "$fsdir" --inject space-leak
tap_ok "quiet ext4, a removed file held open: SPACE fires, exit 1" \
	space leak 'v == "FAIL" and d["exit_status"] == 1'

churn_start "$fsdir"
run busy "$fsdir"
churn_stop "$fsdir"
tap_ok "beside a churning writer: SPACE does not fire, it is INCONCLUSIVE; exit 0" \
	space busy 'v == "INCONCLUSIVE" and "disturbed" in r and d["exit_status"] == 0'
# Blocks are missing (the constructed leak), but a writer allocating below
# the brackets' noise could have taken them: never FAIL on what statfs
# cannot attribute.
trickle_start "$fsdir"
run trickle "$fsdir" --inject space-leak
trickle_stop "$fsdir"
tap_ok "missing blocks beside a writer allocating under the noise: INCONCLUSIVE, exit 0" \
	space trickle 'v == "INCONCLUSIVE" and "another writer allocated" in r and d["exit_status"] == 0'
d=$(ls -d "$tmp"/res.busy/*/ | head -1)
tap_ok "INCONCLUSIVE validates against results/schema.json" \
	python3 "$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/schema.json" "$d/result.json"
tap_ok "the human report shows the verdict and why" sh -c \
	'grep -q " INCONCLUSIVE " "$1" && grep -q "^SPACE INCONCLUSIVE: fs disturbed: " "$1"' \
	sh "$tmp/out.busy"
tap_ok "result.tap: ok, SKIP inconclusive: SPACE: the reason" \
	grep -qE "^ok 1 - [^#]*dio-read.punch.uffd # SKIP inconclusive: SPACE: fs disturbed" \
	"$d/result.tap"
tap_ok "daxrace report reads it back" sh -c \
	'"$1" report "$2" | grep -q "^SPACE INCONCLUSIVE: "' sh "$DAXRACE" "$d"
tap_ok "daxrace report refuses a verdict it does not know" sh -c '
	sed "s/\"INCONCLUSIVE\"/\"MAYBE\"/" "$2/result.json" >"$3/bad.json"
	"$1" report "$3/bad.json" >/dev/null 2>"$3/bad.err"; rc=$?
	[ $rc -eq 2 ] && grep -q "MAYBE" "$3/bad.err"' sh "$DAXRACE" "$d" "$tmp"

# Two runs at once: A short, B 0.3 s later with 16 jobs of 64 pages.
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res.a" --seed 12 --actor dio-read \
	--mutator punch,zero,truncate --duration 1s >"$tmp/out.a" 2>&1 &
a=$!
sleep 0.3
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res.b" --seed 13 --actor dio-read \
	--mutator punch --jobs 16 --pages 64 --duration 6s >"$tmp/out.b" 2>&1 &
b=$!
wait $a; rc_a=$?
wait $b; rc_b=$?
tap_ok "two runs at once: A does not report a kernel bug (exit $rc_a)" test "$rc_a" -ne 1
tap_ok "two runs at once: B does not either (exit $rc_b)" test "$rc_b" -ne 1

if command -v mkfs.xfs >/dev/null && truncate -s 512M "$tmp/xfs.img" &&
   mkfs.xfs -q -f "$tmp/xfs.img" >/dev/null 2>&1 && mkdir -p "$tmp/xfs" &&
   mount -o loop "$tmp/xfs.img" "$tmp/xfs"; then
	run xquiet "$tmp/xfs"
	tap_ok "quiet xfs: SPACE passes" space xquiet 'v == "PASS" and d["exit_status"] == 0'
	run xleak "$tmp/xfs" --inject space-leak
	tap_ok "quiet xfs, a removed file held open: SPACE fires" \
		space xleak 'v == "FAIL" and d["exit_status"] == 1'
	# An appending writer on xfs reserves speculative preallocation in
	# large steps, so its free count may hold still for a bracket: then
	# SPACE judges, and must pass.
	churn_start "$tmp/xfs"
	run xbusy "$tmp/xfs"
	churn_stop "$tmp/xfs"
	tap_ok "xfs beside a churning writer: SPACE does not fire" \
		space xbusy 'v in ("PASS", "INCONCLUSIVE") and d["exit_status"] == 0'
	umount "$tmp/xfs"
else
	tap_skip "quiet xfs: SPACE passes" "no mkfs.xfs or loop mount"
	tap_skip "quiet xfs, a removed file held open: SPACE fires" "no mkfs.xfs or loop mount"
	tap_skip "xfs beside a churning writer: SPACE does not fire" "no mkfs.xfs or loop mount"
fi
tap_done
