#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# uring-fixed registers the victim's pages as an io_uring fixed buffer (a
# FOLL_LONGTERM pin) and reads the partner into them.  On tmpfs, where the
# kernel allows that pin over a file mapping, it races the layout changes
# and a plain write held, PASSes with every round a confirmed hold, and
# free-running too; TAG still judges its rounds (a foreign tag fails
# them).  On ext4 (6.5+: writable_file_mapping_allowed() in mm/gup.c) it
# is SKIP naming the refusal, never PASS; where io_uring_setup is refused
# (tests/lib/deny-syscall.so) SKIP naming that.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-uring-fixed
"$DAXRACE" list | grep -q '^actor  *uring-fixed ' ||
	tap_skip_all "no uring-fixed actor in daxrace list (built without liburing?)"
mkdir -p "$tmp/tmpfs" && mount -t tmpfs -o size=64m tmpfs "$tmp/tmpfs" ||
	tap_skip_all "cannot mount a tmpfs"
trap 'umount "$tmp/tmpfs" 2>/dev/null; run_fs_cleanup' EXIT

tap_plan 8
"$DAXRACE" run --group smoke --dir "$tmp/tmpfs" --results "$tmp/held" \
	--actor uring-fixed --mutator punch,truncate,madv-remove,write,fork \
	--stall uffd --rounds 200 --pages 8 --seed 7 >"$tmp/held.out" 2>"$tmp/held.err"
rc=$?
tap_ok "tmpfs, held: exit 0 (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/held.err"
tap_ok "tmpfs, held: every scenario PASS, every round a confirmed hold" result_check \
	"$(ls -d "$tmp"/held/*/ | head -1)/result.json" '
assert len(d["scenarios"]) == 5, [s["name"] for s in d["scenarios"]]
for s in d["scenarios"]:
    assert s["status"] == "PASS", (s["name"], s["status"], s["reason"])
    assert s["rounds"] == 200 and s["confirmed_holds"] == 200, \
        (s["name"], s["rounds"], s["confirmed_holds"], s["reason"])
    assert s["oracles"]["TAG"]["verdict"] == "PASS", s["oracles"]["TAG"]'

"$DAXRACE" run --group smoke-free --dir "$tmp/tmpfs" --results "$tmp/free" \
	--actor uring-fixed --mutator punch+zap+remap+fork --duration 0.5 --seed 7 \
	>"$tmp/free.out" 2>"$tmp/free.err"
rc=$?
tap_ok "tmpfs, free-running: exit 0, PASS with rounds (exit $rc)" result_check \
	"$(ls -d "$tmp"/free/*/ | head -1)/result.json" "
assert $rc == 0, $rc
assert len(d['scenarios']) == 1, d['scenarios']
for s in d['scenarios']:
    assert s['status'] == 'PASS' and s['rounds'] > 0, (s['name'], s['status'], s['reason'])"

tap_expect_exit 1 "tmpfs: a foreign tag in the victim fails uring-fixed's run" \
	"$DAXRACE" run --group smoke --dir "$tmp/tmpfs" --results "$tmp/inj" \
	--actor uring-fixed --mutator punch --rounds 5 --inject foreign-tag
tap_ok "... and it is TAG that fails it, on a FOREIGN tag" result_check \
	"$(ls -d "$tmp"/inj/*/ | head -1)/result.json" '
s = d["scenarios"][0]
assert s["status"] == "FAIL", s["status"]
v = [v for v in s["violations"] if v["oracle"] == "TAG"]
assert v and "FOREIGN" in v[0]["summary"], s["violations"]'

# The refusal on ext4 is the kernel's from 6.5 on; before, the pin is
# allowed and the actor runs.
kver=$(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/')
set -- $kver
if [ "$1" -gt 6 ] || { [ "$1" -eq 6 ] && [ "$2" -ge 5 ]; }; then
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/ext4" \
		--actor uring-fixed --mutator punch --rounds 5 >"$tmp/ext4.out" 2>&1
	rc=$?
	tap_ok "ext4: exit 4, SKIP naming the kernel's refusal, no oracle PASS (exit $rc)" \
		result_check "$(ls -d "$tmp"/ext4/*/ | head -1)/result.json" "
assert $rc == 4, $rc
s = d['scenarios'][0]
assert s['status'] == 'SKIP' and 'writable_file_mapping_allowed' in s['reason'], s
for o, v in s['oracles'].items():
    assert v['verdict'] != 'PASS', (o, v)"
else
	tap_skip "ext4: SKIP naming the kernel's refusal" "kernel $(uname -r) before 6.5 allows the pin"
fi

shim=$top_builddir/tests/lib/deny-syscall.so
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS
env DENY_SYSCALL=io_uring_setup DENY_ERRNO=ENOSYS LD_PRELOAD="$shim" \
	"$DAXRACE" run --group smoke --dir "$tmp/tmpfs" --results "$tmp/deny" \
	--actor uring-fixed --mutator punch --rounds 5 >"$tmp/deny.out" 2>&1
rc=$?
tap_ok "io_uring_setup refused: exit 4, SKIP naming it (exit $rc)" result_check \
	"$(ls -d "$tmp"/deny/*/ | head -1)/result.json" "
assert $rc == 4, $rc
s = d['scenarios'][0]
assert s['status'] == 'SKIP' and 'io_uring_queue_init' in s['reason'], s"
tap_ok "no probe file of uring-fixed's is left in either directory" sh -c \
	'! ls -a "$1" "$2" | grep -q uring-fixed-probe' sh "$tmp/tmpfs" "$fsdir"
tap_done
