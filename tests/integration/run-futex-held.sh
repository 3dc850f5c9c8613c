#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The futex actor held (--stall uffd): a waiter asleep on the page the
# layout change covers, woken after it.  In page-cache mode every round is
# a confirmed hold (the waiter seen asleep, FUTEX_WAKE waking it), ORDER
# is NA (on DAX because the waiter keeps no page), unlink is SKIP (its
# key names the old inode); and when the wake cannot find the waiter
# (tests/lib/deny-syscall.so turns a shared FUTEX_WAKE into a no-op), the
# waiter sleeps on and LIVE fires, the oracle's constructed violation.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-futex-held
shim=$top_builddir/tests/lib/deny-syscall.so
[ -f "$shim" ] || tap_skip_all "tests/lib/deny-syscall.so is not built"
# The shim is preloaded into a sanitizer build: ASan must not insist on
# being first (see run-uring-skip.sh).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

tap_plan 6
muts=punch,truncate,collapse,zap,fork,unlink
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/held" --actor futex \
	--mutator "$muts" --rounds 200 --seed 3 >"$tmp/held.out" 2>"$tmp/held.err"
rc=$?
tap_ok "held: exit 0 (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/held.err"
tap_ok "held: every round a confirmed hold, ORDER NA, unlink SKIP" \
	result_check "$(ls -d "$tmp"/held/*/ | head -1)/result.json" '
assert len(d["scenarios"]) == 6, [s["name"] for s in d["scenarios"]]
for s in d["scenarios"]:
    if s["mutator"] == "unlink":
        assert s["status"] == "SKIP" and "old inode" in s["reason"], (s["name"], s["reason"])
        continue
    assert s["status"] == "PASS", (s["name"], s["status"], s["reason"])
    assert s["rounds"] == 200 and s["confirmed_holds"] == 200, \
        (s["name"], s["rounds"], s["confirmed_holds"], s["unconfirmed_reason"])
    # Page-cache mode says so first; on DAX the reason is the keyless wait.
    o = s["oracles"]["ORDER"]
    assert o["verdict"] == "NA", (s["name"], o)'
tap_ok "daxrace list names the held waiter as futex's evidence" sh -c \
	'"$1" list | grep -E "^actor +futex .*held: the waiter asleep in its futex call"' sh "$DAXRACE"

env DENY_SYSCALL=futex_wake LD_PRELOAD="$shim" "$DAXRACE" run --group smoke \
	--dir "$fsdir" --results "$tmp/lost" --actor futex --mutator punch --rounds 5 \
	--watchdog 1s --seed 3 >"$tmp/lost.out" 2>"$tmp/lost.err"
rc=$?
tap_ok "a wake that finds nobody: exit 1, a kernel bug (exit $rc)" \
	sh -c '[ "$1" -eq 1 ] || { cat "$2"; exit 1; }' sh "$rc" "$tmp/lost.err"
tap_ok "... LIVE fires on the waiter still asleep after its release, with its stack" \
	result_check "$(ls -d "$tmp"/lost/*/ | head -1)/result.json" '
s = d["scenarios"][0]
assert s["status"] == "FAIL", (s["status"], s["reason"])
v = [v for v in s["violations"] if v["oracle"] == "LIVE"]
assert v and "after its release" in v[0]["summary"] and "still blocked" in v[0]["summary"], v
assert "futex" in (v[0].get("evidence") or ""), v[0]
assert s["oracles"]["TAG"]["verdict"] != "FAIL", s["oracles"]["TAG"]'
tap_ok "... and the run ended without hanging on the waiter" sh -c \
	'! pgrep -f -- "--results $1/[l]ost"' sh "$tmp"
tap_done
