# SPDX-License-Identifier: GPL-2.0-or-later
# Load for the oracle tests under stress (tests/stress, and the short
# tests/integration/load-*.sh): what other programs do to a machine that
# daxrace shares.  Every generator is a background process of this test,
# recorded in $load_pids and ended by pid only (load_stop, also at exit).
#   load_cpu          one busy loop per online CPU
#   load_churn DIR    a writer growing a file by 2 MiB every 0.1 s up to
#                     256 MiB, then removing it, over and over (as
#                     ../shared/checks/busy-fs does)
#   load_trickle DIR  a writer appending 4 KiB with O_SYNC every 0.1 s (a
#                     build's log files): under the noise SPACE's idle
#                     brackets allow, yet its blocks go missing
#   load_kmsg         user-space lines in /dev/kmsg that read like kernel
#                     failures (KLOG must judge the kernel's records only)
#   load_daxrace DIR ARGS...  a second daxrace run on the same filesystem
. "$top_srcdir/tests/integration/run-lib.sh"

load_pids=
# A whole group beside the load, this long a scenario.  What a load does
# to the oracles is decided per scenario (SPACE's idle brackets at its
# removal and end, LIVE's deadlines, KLOG's window), so every scenario of
# the group still runs beside it, each for hundreds of rounds on the
# host; longer only repeats the same rounds at twice the cost of the
# whole stress suite.
group_duration=0.3s
ncpu=$(nproc 2>/dev/null || echo 1)

load_stop() {
	for p in $load_pids; do
		kill "$p" 2>/dev/null
	done
	for p in $load_pids; do
		wait "$p" 2>/dev/null
	done
	load_pids=
}

stress_cleanup() {
	load_stop
	run_fs_cleanup
}

# stress_setup NAME quiet|shared: $tmp (scratch) and $fsdir, the fs under
# test: a private loop-mounted ext4 nothing else writes to, or a directory
# on the build tree's filesystem, which the build and other tests share.
stress_setup() {
	run_fs_setup "$1"
	trap stress_cleanup EXIT
	case $2 in
	quiet)
		[ -n "$run_mounted" ] ||
			tap_skip_all "could not mount a private ext4 (mkfs.ext4, loop devices)"
		;;
	shared)
		fsdir=$tmp/shared
		mkdir -p "$fsdir" || exit 1
		;;
	esac
}

load_cpu() {
	for _i in $(seq "$ncpu"); do
		sh -c 'while :; do :; done' &
		load_pids="$load_pids $!"
	done
}

load_churn() {
	mkdir -p "$1/churn" || exit 1
	(
		trap 'rm -f "$1/churn/f"; exit 0' TERM
		while :; do
			for _k in $(seq 128); do
				dd if=/dev/zero of="$1/churn/f" bs=1M count=2 \
					oflag=append conv=notrunc status=none
				sleep 0.1
			done
			rm -f "$1/churn/f"
		done
	) &
	load_pids="$load_pids $!"
}

load_trickle() {
	mkdir -p "$1/trickle" || exit 1
	(
		trap 'rm -f "$1/trickle/f"; exit 0' TERM
		while :; do
			dd if=/dev/zero of="$1/trickle/f" bs=4k count=1 \
				oflag=append,sync conv=notrunc status=none
			sleep 0.1
		done
	) &
	load_pids="$load_pids $!"
}

# Facility LOG_USER (<12> = 1 << 3 | LOG_WARNING): the kernel forces that
# facility on anything user space writes (devkmsg_write() in
# kernel/printk/printk.c), which is how KLOG tells such lines apart.  Under
# two lines a second, devkmsg's default rate limit (10 per 5 s).
load_kmsg() {
	[ -w /dev/kmsg ] || return 0
	(
		while :; do
			printf '<12>WARNING: CPU: 0 PID: 1 at fs/dax.c:398 dax_disassociate_entry+0x5c/0x70 [daxrace load test]\n'
			sleep 0.6
			printf '<12>BUG: Bad page state in process daxrace [daxrace load test]\n'
			sleep 0.6
		done >/dev/kmsg 2>/dev/null
	) &
	load_pids="$load_pids $!"
}

# load_daxrace DIR ARGS...: a second run, its output and status in $tmp/other.*
load_daxrace() {
	_d=$1; shift
	( "$DAXRACE" run --group smoke --dir "$_d" --results "$tmp/other.res" "$@" \
		>"$tmp/other.out" 2>&1; echo $? >"$tmp/other.rc" ) &
	load_pids="$load_pids $!"
}

# no_false_fail RESULT_DIR: no oracle FAILed and the run did not exit 1.
no_false_fail() {
	_j=$(ls "$1"/*/result.json 2>/dev/null | head -1)
	[ -n "$_j" ] || { echo "no result.json under $1"; return 1; }
	python3 - "$_j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
for s in d["scenarios"]:
    for o, v in s["oracles"].items():
        if v["verdict"] == "FAIL":
            bad.append("%s %s FAIL: %s" % (s["id"], o, v.get("reason", "")))
    for v in s["violations"]:
        bad.append("%s violation %s: %s" % (s["id"], v["oracle"], v["summary"]))
if d["exit_status"] == 1:
    bad.append("exit status 1 (kernel bug detected)")
if not any(s["status"] == "PASS" for s in d["scenarios"]):
    bad.append("no scenario ran to a PASS: %s" %
               [(s["id"], s["status"], s["reason"]) for s in d["scenarios"]])
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

# fires ORACLE RESULT_DIR: ORACLE FAILed with a violation, exit status 1,
# and no other oracle FAILed.
fires() {
	_j=$(ls "$2"/*/result.json 2>/dev/null | head -1)
	[ -n "$_j" ] || { echo "no result.json under $2"; return 1; }
	python3 - "$1" "$_j" <<'PY'
import json, sys
want, f = sys.argv[1], sys.argv[2]
d = json.load(open(f))
bad = []
if d["exit_status"] != 1:
    bad.append("exit status %s, not 1" % d["exit_status"])
hit = False
for s in d["scenarios"]:
    for o, v in s["oracles"].items():
        if v["verdict"] == "FAIL" and o != want:
            bad.append("%s: %s FAILed too: %s" % (s["id"], o, v.get("reason", "")))
    if s["oracles"][want]["verdict"] == "FAIL" and \
       any(v["oracle"] == want for v in s["violations"]):
        hit = True
if not hit:
    bad.append("%s did not fire: %s" % (want, [(s["id"], s["oracles"][want])
                                              for s in d["scenarios"]]))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

# tag_live_fire DIR PREFIX LABEL WATCHDOG: under whatever load is running,
# TAG fires on a foreign tag and LIVE on a call whose blocker is gone (the
# live-pipe injection, at deadline WATCHDOG); two TAP points named LABEL.
tag_live_fire() {
	"$DAXRACE" run --group smoke --dir "$1" --results "$2.tag" --actor dio-read \
		--mutator punch --duration 1s --jobs "$jobs" --inject foreign-tag \
		>"$2.tag.out" 2>&1
	tap_ok "$3: TAG fires on a foreign tag" fires TAG "$2.tag"
	"$DAXRACE" run --group smoke --dir "$1" --results "$2.live" --actor dio-write \
		--mutator zero --duration 2s --jobs "$jobs" --watchdog "$4" \
		--inject live-pipe >"$2.live.out" 2>&1
	tap_ok "$3: LIVE fires on a call whose blocker is gone" fires LIVE "$2.live"
}

# unit_fires [TEST...]: the unit tests that make every oracle fire and not
# fire on constructed input (ORDER, GUPFAIL, TAG, LIVE in oracle_test and
# watchdog_test, KLOG in klog_test, SPACE in space_test; all of them by
# default) pass under the load running now.
unit_fires() {
	for _t in ${*:-oracle_test klog_test space_test watchdog_test}; do
		"$top_builddir/tests/unit/$_t" >"$tmp/$_t.tap" 2>&1 ||
			{ grep "^not ok" "$tmp/$_t.tap"; return 1; }
		! grep -q "^not ok" "$tmp/$_t.tap" || { grep "^not ok" "$tmp/$_t.tap"; return 1; }
	done
}

# leak_seen RESULT_DIR: a run with --inject space-leak never reads PASS for
# SPACE: it FAILs (exit 1), or, on a filesystem others disturbed, it is
# INCONCLUSIVE with its reason; no other oracle FAILs.
leak_seen() {
	_j=$(ls "$1"/*/result.json 2>/dev/null | head -1)
	[ -n "$_j" ] || { echo "no result.json under $1"; return 1; }
	python3 - "$_j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad, fail = [], False
for s in d["scenarios"]:
    v = s["oracles"]["SPACE"]
    if v["verdict"] not in ("FAIL", "INCONCLUSIVE"):
        bad.append("%s: SPACE %s on a constructed leak: %s" % (s["id"], v["verdict"], v.get("reason")))
    if v["verdict"] == "INCONCLUSIVE" and not v.get("reason"):
        bad.append("%s: SPACE INCONCLUSIVE without a reason" % s["id"])
    fail = fail or v["verdict"] == "FAIL"
    for o, w in s["oracles"].items():
        if o != "SPACE" and w["verdict"] == "FAIL":
            bad.append("%s: %s FAILed too: %s" % (s["id"], o, w.get("reason")))
if d["exit_status"] != (1 if fail else 0):
    bad.append("exit status %s with SPACE %s" % (d["exit_status"], "FAIL" if fail else "INCONCLUSIVE"))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}
