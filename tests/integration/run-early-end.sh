#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Never PASS what did not run: every way a run or a scenario ends early
# (no directory, no partner, --require-dax off DAX, no userfaultfd, ENOSPC
# at setup and mid-round, SIGINT) leaves a result.json that validates
# against results/schema.json (which rejects a PASS without a reason) and in
# which no oracle of a scenario that did not PASS or FAIL reads PASS.
. "$top_srcdir/tests/integration/run-lib.sh"

run_fs_setup run-early-end
[ -n "$run_mounted" ] || tap_skip_all "needs a loop-mounted ext4 (mkfs.ext4, mount -o loop)"

# no_pass RESDIR [WANT_EXIT]: the one run directory under RESDIR validates,
# and no scenario that was not judged claims an oracle PASS.
no_pass() {
	d=$(ls -d "$1"/*/ 2>/dev/null | head -1)
	[ -n "$d" ] || { echo "no run directory under $1"; return 1; }
	python3 "$top_srcdir/tests/integration/validate-result.py" \
		"$top_srcdir/results/schema.json" "$d/result.json" || return 1
	result_check "$d/result.json" '
bad = []
assert d["scenarios"], "no scenario recorded"
for s in d["scenarios"]:
    for name, o in s["oracles"].items():
        if o["verdict"] == "PASS" and (s["status"] not in ("PASS", "FAIL") or not o["reason"]):
            bad.append("%s: %s %s (%r)" % (s["id"], s["status"], name, o["reason"]))
        if o["verdict"] in ("SKIP", "NA") and not o["reason"]:
            bad.append("%s: %s %s without a reason" % (s["id"], name, o["verdict"]))
assert not bad, bad
if len(sys.argv) > 2:
    assert d["exit_status"] == int(sys.argv[2]), (d["exit_status"], sys.argv[2])
' "$2"
}

# run NAME ...: the first argument is the tag, the rest go to daxrace.
run() {
	tag=$1; shift
	"$DAXRACE" run --results "$tmp/res.$tag" --seed 7 --actor dio-read \
		--mutator punch,zero --format json "$@" >"$tmp/out.$tag" 2>"$tmp/err.$tag"
	echo $? >"$tmp/rc.$tag"
}

# small_fs N: a fresh 32 MiB ext4 at $tmp/small, full but for N 4 KiB
# blocks (-m 0: root has no reserve to spill into).
small_fs() {
	umount "$tmp/small" 2>/dev/null
	mkdir -p "$tmp/small" &&
	truncate -s 32M "$tmp/small.img" &&
	mkfs.ext4 -q -F -m 0 -b 4096 "$tmp/small.img" >/dev/null 2>&1 &&
	mount -o loop "$tmp/small.img" "$tmp/small" || return 1
	head -c $(($1 * 4096)) /dev/zero >"$tmp/small/gap"
	dd if=/dev/zero of="$tmp/small/fill" bs=64k status=none 2>/dev/null
	sync && rm -f "$tmp/small/gap" && sync
}

tap_plan 8

run nodir --dir "$tmp/nonexistent"
tap_ok "no such --dir: exit 3, every oracle SKIP with the reason" no_pass "$tmp/res.nodir" 3

run nopartner --dir "$fsdir" --partner "$tmp/nonexistent-partner"
tap_ok "--partner missing: no oracle PASS (exit $(cat "$tmp/rc.nopartner"))" \
	no_pass "$tmp/res.nopartner"

run requiredax --dir "$fsdir" --require-dax
tap_ok "--require-dax off DAX: exit 4, no oracle PASS" no_pass "$tmp/res.requiredax" 4

# Without root, CAP_SYS_PTRACE, the sysctl or /dev/userfaultfd access there
# is no kernel-mode userfaultfd.
if [ "$(cat /proc/sys/vm/unprivileged_userfaultfd 2>/dev/null)" = 0 ] &&
   command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	mkdir -p "$fsdir/nobody" "$tmp/res.nouffd" &&
	chmod 0777 "$fsdir/nobody" "$tmp/res.nouffd" "$tmp"
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
		"$DAXRACE" run --results "$tmp/res.nouffd" --dir "$fsdir/nobody" \
		--actor dio-read --mutator punch --format json >/dev/null 2>"$tmp/err.nouffd"
	tap_ok "no userfaultfd (nobody): exit 4, no oracle PASS" no_pass "$tmp/res.nouffd" 4
else
	tap_skip "no userfaultfd: no oracle PASS" \
		"needs vm.unprivileged_userfaultfd=0, setpriv and a user nobody"
fi

truncate -s 1M "$tmp/partner.dat"
# One free block: the work directory fits, the victim does not.
if small_fs 1; then
	run setup --dir "$tmp/small" --partner "$tmp/partner.dat" --partner-destroy \
		--duration 1s
	tap_ok "ENOSPC at setup: no oracle PASS (exit $(cat "$tmp/rc.setup"))" \
		no_pass "$tmp/res.setup"
else
	tap_skip "ENOSPC at setup: no oracle PASS" "cannot make a small ext4"
fi

# A few free blocks: the victim fits, but a punched window that the
# bystander took meanwhile cannot be refilled.  Whichever way it ends,
# nothing it did not judge may read PASS.
if small_fs 4; then
	run midround --dir "$tmp/small" --partner "$tmp/partner.dat" --partner-destroy \
		--duration 1s
	tap_ok "ENOSPC mid-run: no oracle PASS (exit $(cat "$tmp/rc.midround"))" \
		no_pass "$tmp/res.midround"
else
	tap_skip "ENOSPC mid-run: no oracle PASS" "cannot make a small ext4"
fi
umount "$tmp/small" 2>/dev/null

# SIGINT in the first of two scenarios: the second never starts.
"$DAXRACE" run --results "$tmp/res.sigint" --dir "$fsdir" --seed 7 --actor dio-read \
	--mutator punch,zero --duration 5s --format json >"$tmp/out.sigint" 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
tap_ok "SIGINT: no oracle PASS where nothing was judged" no_pass "$tmp/res.sigint"
d=$(ls -d "$tmp"/res.sigint/*/ 2>/dev/null | head -1)
tap_ok "SIGINT: the scenario never started is SKIP 'not run: interrupted', and each oracle" \
	result_check "$d/result.json" '
assert d["interrupted"], d["interrupted"]
s = d["scenarios"][1]
assert s["status"] == "SKIP" and s["reason"] == "not run: interrupted", s["reason"]
for n, o in s["oracles"].items():
    assert o["verdict"] == "SKIP" and o["reason"] == "not run: interrupted", (n, o)
'
tap_done
