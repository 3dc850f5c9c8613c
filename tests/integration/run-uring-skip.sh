#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Where io_uring_setup fails (a kernel without io_uring, seccomp, or
# kernel.io_uring_disabled), every scenario of the io_uring actors is SKIP
# with the cause in its reason, never PASS, and the run exits 4 (nothing
# could run); the other actors of the same run still run.  The shim
# tests/lib/deny-syscall.so makes io_uring_setup fail with ENOSYS, or EPERM.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-uring-skip

shim=$top_builddir/tests/lib/deny-syscall.so
[ -f "$shim" ] || tap_skip_all "tests/lib/deny-syscall.so is not built"
# Under configure --enable-sanitizers ASan insists on being the first
# library loaded and aborts when the shim is preloaded before it; the shim
# intercepts nothing ASan does, so the order does not matter here.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

tap_plan 9
# The shim itself: without it the check below could pass by testing nothing.
tap_ok "the shim makes io_uring unusable (daxrace probe says so)" sh -c '
	LD_PRELOAD=$1 "$2" probe --json 2>/dev/null | python3 -c "
import json, sys
u = json.load(sys.stdin)[\"io_uring\"]
assert u[\"usable\"] is False, u
assert \"Function not implemented\" in u[\"usable_reason\"], u"' sh "$shim" "$DAXRACE"

tap_expect_exit 4 "ENOSYS: exit 4, nothing could run" \
	env LD_PRELOAD="$shim" "$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/nosys" \
	--actor uring-read,uring-write,uring-send-zc --mutator punch --rounds 20
tap_ok "ENOSYS: every scenario SKIP naming the cause" result_check \
	"$(ls -d "$tmp"/nosys/*/ | head -1)/result.json" '
assert len(d["scenarios"]) == 3, d["scenarios"]
for s in d["scenarios"]:
    assert s["status"] == "SKIP", (s["name"], s["status"])
    assert "io_uring_queue_init" in s["reason"] and \
        "Function not implemented" in s["reason"], s["reason"]
    assert s["rounds"] == 0, s["rounds"]
    for o, v in s["oracles"].items():
        assert v["verdict"] != "PASS", (s["name"], o, v)'

tap_expect_exit 4 "EPERM: exit 4" \
	env DENY_ERRNO=EPERM LD_PRELOAD="$shim" "$DAXRACE" run --group smoke --dir "$fsdir" \
	--results "$tmp/perm" --actor uring-write --mutator punch --rounds 20
tap_ok "EPERM: SKIP naming the refusal and where it may come from" result_check \
	"$(ls -d "$tmp"/perm/*/ | head -1)/result.json" '
s = d["scenarios"][0]
assert s["status"] == "SKIP", s
assert "Operation not permitted" in s["reason"] and \
    ("io_uring_disabled" in s["reason"] or "seccomp" in s["reason"]), s["reason"]'

# The other actors of the same run are not held back.
tap_expect_exit 0 "dio-read beside a skipped uring-read: exit 0" \
	env LD_PRELOAD="$shim" "$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/mixed" \
	--actor dio-read,uring-read --mutator punch --rounds 20
tap_ok "dio-read PASS, uring-read SKIP" result_check \
	"$(ls -d "$tmp"/mixed/*/ | head -1)/result.json" '
st = {s["actor"]: s["status"] for s in d["scenarios"]}
assert st == {"dio-read": "PASS", "uring-read": "SKIP"}, st'
# A ring, but no probe of its opcodes: uring-send-zc cannot tell whether
# the kernel has IORING_OP_SEND_ZC, and says so rather than guess.
tap_expect_exit 4 "io_uring_register refused: uring-send-zc exits 4" \
	env DENY_SYSCALL=io_uring_register LD_PRELOAD="$shim" "$DAXRACE" run --group smoke \
	--dir "$fsdir" --results "$tmp/noprobe" --actor uring-send-zc --mutator punch --rounds 20
tap_ok "io_uring_register refused: SKIP naming the probe, no verdict" result_check \
	"$(ls -d "$tmp"/noprobe/*/ | head -1)/result.json" '
s = d["scenarios"][0]
assert s["status"] == "SKIP" and s["rounds"] == 0, s
assert "IORING_REGISTER_PROBE" in s["reason"], s["reason"]'
tap_done
