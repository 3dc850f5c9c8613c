#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The io_uring actors (uring-read, uring-write) in page-cache mode: against
# punch, truncate, collapse and zero, at --depth 1 (one request, as dio-*)
# and 8 (the buffer split into eight, the last drained), each PASSes with
# confirmed holds and result.json records the depth; free-running too.
# Collapse at depth 8 is the case a missing IOSQE_IO_DRAIN gets wrong: a
# leading request still in flight while the blocks shift makes TAG fire.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-uring

"$DAXRACE" list | grep -q '^actor  *uring-read ' ||
	tap_skip_all "no uring-read actor in daxrace list"

# uring_run NAME DEPTH ARGS...: one run into $tmp/NAME, its exit in $rc.
uring_run() {
	_n=$1 _depth=$2; shift 2
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/$_n" \
		--actor uring-read,uring-write --mutator punch,truncate,collapse,zero \
		--depth "$_depth" --seed 7 "$@" >"$tmp/$_n.out" 2>"$tmp/$_n.err"
	rc=$?
}

# all_pass DIR DEPTH HELD: eight scenarios, each PASS (with confirmed holds
# when HELD is 1), and config.depth says DEPTH.
all_pass() {
	result_check "$(ls -d "$1"/*/ | head -1)/result.json" '
names = sorted(s["name"] for s in d["scenarios"])
assert len(names) == 8, names
for s in d["scenarios"]:
    assert s["status"] == "PASS", (s["name"], s["status"], s["reason"])
    assert s["rounds"] > 0, s["name"]
    if '"$3"':
        assert s["confirmed_holds"] > 0, (s["name"], s["reason"])
cfg = d["groups"][0]["config"]
assert cfg["depth"] == '"$2"', cfg'
}

uring_run d1 1 --stall uffd --rounds 200 --pages 8
# A host that cannot create rings says so (run-uring-skip.sh holds that
# to SKIP with the reason): nothing here could run.
if [ "$rc" -eq 4 ] && grep -q "io_uring" "$tmp/d1.err" "$tmp/d1.out"; then
	tap_skip_all "io_uring unavailable: $(grep -m1 io_uring "$tmp/d1.err")"
fi
tap_plan 7
tap_ok "depth 1: exit 0 (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/d1.err"
tap_ok "depth 1: every scenario PASS with confirmed holds, depth 1 recorded" \
	all_pass "$tmp/d1" 1 1
uring_run d8 8 --stall uffd --rounds 200 --pages 12
tap_ok "depth 8: exit 0 (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/d8.err"
tap_ok "depth 8: every scenario PASS with confirmed holds, depth 8 recorded" \
	all_pass "$tmp/d8" 8 1
tap_ok "result.json with --depth matches the schema" python3 \
	"$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/schema.json" "$(ls -d "$tmp"/d8/*/ | head -1)/result.json"
uring_run free 8 --stall none --duration 1 --probe-every 0.3 --pages 12
tap_ok "free-running at depth 8: exit 0 (exit $rc)" sh -c \
	'[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' sh "$rc" "$tmp/free.err"
tap_ok "free-running: every scenario PASS" all_pass "$tmp/free" 8 0
tap_done
