#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The actors that move data between the victim's pages and memory of their
# own (pvm-read, pvm-write: process_vm through a child; vmsplice: a pipe;
# zerocopy, uring-send-zc: a loopback TCP connection) in page-cache mode: held against the
# layout changes and a plain write, each PASSes with confirmed holds;
# free-running too.  TAG judges the actor's own copy of the victim's pages
# (a foreign tag put there fails it).  Where process_vm_readv or
# SO_ZEROCOPY is refused (tests/lib/deny-syscall.so) every scenario of that
# actor is SKIP with the cause, never PASS; a buffer too big for one skb
# gives no confirmed hold, never a verdict.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-copy-actors

"$DAXRACE" list | grep -q '^actor  *pvm-read ' ||
	tap_skip_all "no pvm-read actor in daxrace list"

for a in vmsplice zerocopy uring-send-zc; do
	"$DAXRACE" list | grep -q "^actor  *$a " || tap_skip_all "no $a actor in daxrace list"
done

tap_plan 12
muts=punch,truncate,collapse,write,fork,unlink
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/held" \
	--actor pvm-read,pvm-write,vmsplice,zerocopy,uring-send-zc --mutator "$muts" --stall uffd --rounds 200 \
	--pages 8 --seed 7 >"$tmp/held.out" 2>"$tmp/held.err"
rc=$?
tap_ok "held: exit 0 (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/held.err"
# unlink's final iput cannot come while a pvm child maps the victim too.
tap_ok "held: every scenario PASS, every round a confirmed hold (pvm x unlink: SKIP, the child keeps the inode)" result_check \
	"$(ls -d "$tmp"/held/*/ | head -1)/result.json" '
assert len(d["scenarios"]) == 30, [s["name"] for s in d["scenarios"]]
for s in d["scenarios"]:
    if s["mutator"] == "unlink" and s["actor"].startswith("pvm-"):
        assert s["status"] == "SKIP" and "keeps its inode" in s["reason"], (s["name"], s["status"], s["reason"])
        continue
    assert s["status"] == "PASS", (s["name"], s["status"], s["reason"])
    assert s["rounds"] == 200 and s["confirmed_holds"] == 200, \
        (s["name"], s["rounds"], s["confirmed_holds"], s["reason"])'
# The bracket keeps pgrep from matching this check's own command line.
tap_ok "no child of the actors outlives the run" sh -c '
	! pgrep -f -- "--results $1/[h]eld"' sh "$tmp"

"$DAXRACE" run --group smoke-free --dir "$fsdir" --results "$tmp/free" \
	--actor pvm-read,pvm-write,vmsplice,zerocopy,uring-send-zc --duration 0.5 --seed 7 \
	>"$tmp/free.out" 2>"$tmp/free.err"
rc=$?
tap_ok "free-running: exit 0, every scenario PASS with rounds (exit $rc)" result_check \
	"$(ls -d "$tmp"/free/*/ | head -1)/result.json" "
assert $rc == 0, $rc
for s in d['scenarios']:
    assert s['status'] == 'PASS' and s['rounds'] > 0, (s['name'], s['status'], s['reason'])"

tap_expect_exit 1 "copy-foreign: a foreign tag in pvm-read's, vmsplice's or a zero-copy send's copy fails the run" \
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/inj" \
	--actor pvm-read,vmsplice,zerocopy,uring-send-zc --mutator punch --rounds 5 --inject copy-foreign
tap_ok "copy-foreign: TAG FAILs naming the actor's copy, FOREIGN" result_check \
	"$(ls -d "$tmp"/inj/*/ | head -1)/result.json" '
assert len(d["scenarios"]) == 4, d["scenarios"]
for s in d["scenarios"]:
    assert s["status"] == "FAIL", s["status"]
    v = [v for v in s["violations"] if v["oracle"] == "TAG"]
    assert v and s["actor"] + "\x27s copy" in v[0]["summary"] and \
        "FOREIGN" in v[0]["summary"], v'

shim=$top_builddir/tests/lib/deny-syscall.so
# ASan must load first and aborts when the shim comes before it; the shim
# intercepts nothing ASan does (run-uring-skip.sh).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS
for e in ENOSYS EPERM; do
	tap_expect_exit 4 "process_vm_readv refused with $e: exit 4, nothing could run" \
		env DENY_SYSCALL=process_vm_readv DENY_ERRNO=$e LD_PRELOAD="$shim" \
		"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/deny-$e" \
		--actor pvm-read,pvm-write --mutator punch --rounds 5
done
tap_ok "refused: every scenario SKIP naming the cause, no oracle PASS" result_check \
	"$(ls -d "$tmp"/deny-ENOSYS/*/ | head -1)/result.json" '
assert len(d["scenarios"]) == 2, d["scenarios"]
for s in d["scenarios"]:
    assert s["status"] == "SKIP", (s["name"], s["status"])
    assert "CONFIG_CROSS_MEMORY_ATTACH" in s["reason"], s["reason"]
    for o, v in s["oracles"].items():
        assert v["verdict"] != "PASS", (s["name"], o, v)'

# 17 pages are more than one skb's frags: the first skb goes out before the
# stall, so no round may count as a hold (nor be judged by TAG).
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/big" \
	--actor zerocopy,uring-send-zc --mutator punch,write --stall uffd --rounds 20 --pages 16 \
	>"$tmp/big.out" 2>&1
rc=$?
tap_ok "zero-copy sends, a buffer beyond one skb: exit 4, SKIP naming the skb, no verdict (exit $rc)" \
	result_check "$(ls -d "$tmp"/big/*/ | head -1)/result.json" "
assert $rc == 4, $rc
assert len(d['scenarios']) == 4, d['scenarios']
for s in d['scenarios']:
    assert s['status'] == 'SKIP' and s['rounds'] == 20 and s['confirmed_holds'] == 0, s
    assert 'more than one skb' in s['reason'], s['reason']
    for o, v in s['oracles'].items():
        assert v['verdict'] != 'PASS', (s['name'], o, v)"

tap_expect_exit 4 "setsockopt(SO_ZEROCOPY) refused with ENOPROTOOPT: exit 4, nothing could run" \
	env DENY_SYSCALL=setsockopt DENY_ERRNO=ENOPROTOOPT LD_PRELOAD="$shim" \
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/deny-zc" \
	--actor zerocopy --mutator punch,truncate --rounds 5
tap_ok "SO_ZEROCOPY refused: every scenario SKIP naming MSG_ZEROCOPY, no oracle PASS" result_check \
	"$(ls -d "$tmp"/deny-zc/*/ | head -1)/result.json" '
assert len(d["scenarios"]) == 2, d["scenarios"]
for s in d["scenarios"]:
    assert s["status"] == "SKIP" and s["rounds"] == 0, (s["name"], s["status"])
    assert "SO_ZEROCOPY" in s["reason"] and "4.14" in s["reason"], s["reason"]
    for o, v in s["oracles"].items():
        assert v["verdict"] != "PASS", (s["name"], o, v)'
tap_done
