#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace report --bundle DIR RESULT on two constructed failures: a LIVE
# one on 6.1 that matches the known issue bio-release-no-devmap-wake (its
# reproducer copied, its fix quoted, the kernel config recorded, a
# dmesg.txt beside it) and a new KLOG warning from a file without
# kernel.config or dmesg.txt.  Every file of each bundle is checked for
# what it must hold, the tarball for listing exactly those files, and
# the refusals: a non-empty DIR, a RESULT that is not a result, one
# without a failure, one directory of several runs.  The bundle's
# directory has a blank and a quote in its name: tar gets it as one
# argument, never through a shell.
. "$top_srcdir/tests/lib/tap.sh"
command -v python3 >/dev/null || tap_skip_all "python3 is needed to build the fixtures"
command -v tar >/dev/null || tap_skip_all "tar is needed to make the tarball"
"$DAXRACE" report --help 2>/dev/null | grep -q -- --bundle ||
	tap_skip_all "daxrace report --bundle is not built in"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/report-bundle.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

PYTHONPATH=$top_srcdir/tests/integration python3 - "$tmp" "$top_srcdir" <<'PY' || exit 1
import copy, json, os, re, sys
from result_fixture import guest, scenario as plain
top, src = sys.argv[1], sys.argv[2]
hist = {"unit": "ns", "count": 0, "min_ns": None, "max_ns": None, "mean_ns": None,
        "p50_ns": None, "p90_ns": None, "p99_ns": None, "buckets": []}
def scenario(name, status, reason, **kw):
    kw.setdefault("latency", {"hold_to_mutator_return": hist,
                              "release_to_mutator_return": hist})
    return plain(name, status, reason, **kw)

# The known-issue entry as daxrace run records a match: vm/known-issues' own.
ki = open(os.path.join(src, "vm", "known-issues")).read()
sec = ki.split("[bio-release-no-devmap-wake]\n")[1].split("\n[")[0]
entry = {}
for line in sec.split("\n"):
    if line.startswith((" ", "\t")):
        entry[key] += " " + line.strip()
    elif "=" in line:
        key, val = (x.strip() for x in line.split("=", 1))
        entry[key] = val

live_ev = ("thread 4242\n== /proc/self/task/4242/stack ==\n"
           "[<0>] ext4_break_layouts+0x11d/0x1c0 [ext4]\n"
           "[<0>] ext4_punch_hole+0x13f/0x4b0 [ext4]\n"
           "[<0>] ext4_fallocate+0x1a2/0x11e0 [ext4]\n"
           "[<0>] vfs_fallocate+0x13c/0x3b0\n"
           "[<0>] __x64_sys_fallocate+0x44/0x70\n"
           "[<0>] do_syscall_64+0x55/0xb0\n"
           "[<0>] entry_SYSCALL_64_after_hwframe+0x6e/0xd8\n\n"
           "== /proc/self/task/4242/wchan ==\nWCHAN_MARK\n"
           "== /proc/self/task/4242/stat ==\n4242 (daxrace) S 1 ...\n")
live_sum = ("punch after the pins were released (tid 4242) still blocked 30.0 s later: "
            "leaked reference suspected")
live = scenario("dio-read.punch.uffd", "FAIL", "LIVE fired: 1 violation", known=True,
                known_issue="bio-release-no-devmap-wake")
live["oracles"]["LIVE"] = {"verdict": "FAIL", "reason": "1 stuck call"}
live["violations"] = [{"oracle": "LIVE", "round": 17, "at_s": 1.5, "known": True,
                       "known_issue": "bio-release-no-devmap-wake",
                       "summary": live_sum, "evidence": live_ev}]
live["reproduce"] = ("daxrace-vm --kernel-package 6.1 --fs ext4 -- --actor dio-read "
                     "--mutator punch --stall uffd --jobs 1 --pages 4 --seed 5 "
                     "--rounds 100 --watchdog 30s")
also = scenario("dio-write.punch.uffd", "FAIL", "LIVE fired", known=True,
                known_issue="bio-release-no-devmap-wake")
root = guest([scenario("dio-read.truncate.uffd", "PASS", "50 confirmed holds"), live, also],
             {"scenarios": 3, "pass": 1, "fail": 2, "known": 2, "skip": 0, "error": 0,
              "violations": 1, "rounds": 300, "confirmed_holds": 150},
             exit_status=0, explanation=entry["explanation"], duration_s=2.0)
root["known_issues"]["matched"] = {"bio-release-no-devmap-wake": {
    "kernel_min": "6.1.75", "kernel_below": "6.2", "fs": ["*"], "scenario": "dio-*",
    "oracle": "LIVE", "fix": entry["fix"], "reproducer": entry["reproducer"],
    "explanation": entry["explanation"], "introduced": entry["introduced"],
    "evidence": entry["evidence"]}}
root["namespace"] = ("ndbus0 (ACPI.NFIT) region0 namespace0.0 fsdax size 1022.00 MiB "
                     "align 2.00 MiB map dev node 0 /dev/pmem0")
root["groups"][0]["environment"] = {
    "fs": "ext4", "mount_options": "rw,relatime,dax=always", "dax": True,
    "dax_reason": "STATX_ATTR_DAX", "partner": "/dev/vda",
    "namespace": root["namespace"], "numa": "1 node", "work_dir": "/mnt/dax/daxrace/w1"}
root["kernel"]["config"] = {"CONFIG_FS_DAX": "y", "CONFIG_ZONE_DEVICE": "y",
                            "CONFIG_USERFAULTFD": "y", "CONFIG_FS_DAX_PMD": "y",
                            "CONFIG_TRANSPARENT_HUGEPAGE": "y", "CONFIG_IO_URING": "n",
                            "CONFIG_HZ": "250", "CONFIG_DEV_DAX": "m"}
root["kernel"]["config_source"] = "/share/kernel.config"
d = os.path.join(top, "vm", "ext4", "results", "20261201-000000-s5")
os.makedirs(d)
json.dump(root, open(os.path.join(d, "result.json"), "w"), indent=1)
open(os.path.join(d, "dmesg.txt"), "w").write(
    "[   10.000001] <6> EXT4-fs (pmem0): mounted filesystem with ordered data mode\n"
    "[   11.500000] <4> DMESG_MARK daxrace: scenario dio-read.punch.uffd\n")

# A new KLOG warning, from a file written before kernel.config was.
warn = ("[  12.345678] <4> WARNING: CPU: 1 PID: 345 at fs/dax.c:452 "
        "dax_disassociate_entry.constprop.0+0x7b/0x90\n")
klog_ev = (warn + "--- kernel log from there ---\n" + warn +
           "[  12.345679] <4> RIP: 0010:dax_disassociate_entry.constprop.0+0x7b/0x90\n"
           "[  12.345680] <4> Call Trace:\n[  12.345680] <4>  <TASK>\n"
           "[  12.345681] <4>  ? __warn+0x7d/0x130\n"
           "[  12.345682] <4>  __dax_invalidate_entry+0xa4/0x130\n"
           "[  12.345683] <4>  dax_invalidate_mapping_entry_sync+0x13/0x20\n"
           "[  12.345684] <4>  invalidate_inode_pages2_range+0x2a0/0x4b0\n"
           "[  12.345685] <4>  dax_iomap_rw+0x6c/0xb0\n"
           "[  12.345686] <4>  ext4_file_write_iter+0x3b5/0x7e0\n"
           "[  12.345687] <4>  </TASK>\n")
klog = scenario("dio-write.punch.none", "FAIL", "KLOG fired")
klog["oracles"]["KLOG"] = {"verdict": "FAIL", "reason": "1 failure line"}
klog["violations"] = [{"oracle": "KLOG", "round": None, "at_s": 3.0, "known": False,
                       "known_issue": None, "evidence": klog_ev,
                       "summary": "kernel logged 1 failure line(s): " + warn.strip()}]
klog["stall"] = "none"
r2 = guest([klog], {"scenarios": 1, "pass": 0, "fail": 1, "known": 0, "skip": 0,
                    "error": 0, "violations": 1, "rounds": 100, "confirmed_holds": 0},
           exit_status=1, explanation="x", duration_s=2.0)
r2["kernel"] = {"release": "7.3.4-amd64", "version": "#1 SMP Debian 7.3.4-1"}
r2["known_issues"]["matched"] = {}
r2["fs"] = "xfs"
r2["groups"][0]["environment"]["fs"] = "xfs"
r2["mount_options"] = "rw,dax=always"
r2["namespace"] = ""
del r2["vm"]
os.makedirs(os.path.join(top, "klog"))
json.dump(r2, open(os.path.join(top, "klog", "result.json"), "w"), indent=1)

# No failure; and a directory of two runs.
p = copy.deepcopy(r2)
p["scenarios"] = [scenario("dio-read.punch.uffd", "PASS", "50 confirmed holds")]
os.makedirs(os.path.join(top, "pass"))
json.dump(p, open(os.path.join(top, "pass", "result.json"), "w"), indent=1)
for n in ("a", "b"):
    os.makedirs(os.path.join(top, "two", n))
    json.dump(r2, open(os.path.join(top, "two", n, "result.json"), "w"))
open(os.path.join(top, "bad.json"), "w").write("{ not json")
PY

run=$tmp/vm/ext4/results/20261201-000000-s5
out=$tmp/"it's a bundle"
tap_plan 22

tap_expect_exit 0 "a LIVE failure (a run directory of a guest) is bundled" \
	"$DAXRACE" report --bundle "$out" "$tmp/vm/ext4"
tap_ok "every file is in the bundle, the reproducer copied, and the tarball beside it" \
	sh -c 'cd "$1" && for f in README.txt reproduce.sh config.txt stack.txt \
		dmesg-excerpt.txt pmem.txt result.json dax-bio-lost-wakeup.c; do
		[ -s "$f" ] || { echo "missing or empty: $f"; exit 1; }; done &&
		[ -s "$1.tar.gz" ]' sh "$out"
tap_ok "the tarball lists exactly the bundle's files, under its directory" sh -c '
	tar -tzf "$1.tar.gz" | grep -v "/$" | sort >"$2/listed" &&
	(cd "$(dirname "$1")" && find "$(basename "$1")" -type f | sort) >"$2/files" &&
	[ "$(wc -l <"$2/files")" -eq 8 ] && diff "$2/files" "$2/listed"' sh "$out" "$tmp"
tap_ok "README.txt: a subject, the kernel, config, fs and mount options, scenario, oracle, verdict" \
	python3 -c '
import sys
t = open(sys.argv[1]).read()
first = t.split("\n")[0]
assert first.startswith("Subject: [BUG] fsdax: LIVE failure in dio-read.punch.uffd on ext4 DAX, Linux 6.1.0-56-amd64"), first
for want in ("Kernel:        6.1.0-56-amd64 (#1 SMP Debian 6.1.192-2)", "FS_DAX=y",
             "ZONE_DEVICE=y", "USERFAULTFD=y", "ext4, mounted rw,relatime,dax=always; DAX",
             "Scenario:      dio-read.punch.uffd: the dio-read actor", "Oracle:        LIVE",
             "LIVE fires when", "Verdict:       FAIL: LIVE fired: 1 violation",
             "- LIVE: punch after the pins were released (tid 4242)",
             "also FAIL: dio-write.punch.uffd, known: bio-release-no-devmap-wake"):
    assert want in t, "missing %r in:\n%s" % (want, t)
flat = " ".join(t.split())
assert "pmem: ndbus0 (ACPI.NFIT) region0 namespace0.0 fsdax size 1022.00 MiB align 2.00 MiB map dev" in flat, t' "$out/README.txt"
tap_ok "README.txt names the functions of the stuck stack, in stack order" python3 -c '
import sys
t = open(sys.argv[1]).read()
s = t.split("Functions in the stuck task'"'"'s stack (stack.txt):\n")[1].split("\n\n")[0].split("\n")
assert s[:3] == ["  ext4_break_layouts()", "  ext4_punch_hole()", "  ext4_fallocate()"], s
assert "  entry_SYSCALL_64_after_hwframe()" in s and "WCHAN_MARK" not in t, s' "$out/README.txt"
tap_ok "README.txt: the known issue with its fix, the reproduce line and the reproducer" \
	python3 -c '
import json, sys
t = open(sys.argv[1]).read()
r = json.load(open(sys.argv[2]))
line = r["scenarios"][1]["reproduce"]
assert "Known issue:   bio-release-no-devmap-wake" in t, t
assert "Fix:\n  none in 6.1.y as of 6.1.192" in t, t
flat = " ".join(t.split())
assert "A 6.1.y fix would release through put_devmap_managed_page_refs() in __bio_release_pages(). Introduced by:" in flat, t
assert "Introduced by:\n  6.1.75: the 6.1.y backport of upstream 1b151e2435fc" in t, t
assert "\n  " + line + "\n" in t, line
assert "Minimal reproducer: dax-bio-lost-wakeup.c" in t, t
long = [l for l in t.split("\n") if len(l) > 72 and not l.startswith(("Subject", "  daxrace"))]
assert not long, long' \
	"$out/README.txt" "$run/result.json"
tap_ok "reproduce.sh: executable, valid sh, ends with the line result.json carries" sh -c '
	[ -x "$1/reproduce.sh" ] && sh -n "$1/reproduce.sh" &&
	head -1 "$1/reproduce.sh" | grep -qx "#!/bin/sh" &&
	[ "$(grep -v "^#" "$1/reproduce.sh")" = "$(python3 -c "
import json, sys; print(json.load(open(sys.argv[1]))[\"scenarios\"][1][\"reproduce\"])" "$2")" ]' \
	sh "$out" "$run/result.json"
tap_ok "config.txt: the recorded options in .config syntax, and where they came from" sh -c '
	grep -qx "CONFIG_FS_DAX=y" "$1" && grep -qx "CONFIG_DEV_DAX=m" "$1" &&
	grep -qx "# CONFIG_IO_URING is not set" "$1" && grep -qx "CONFIG_HZ=250" "$1" &&
	grep -q "read from /share/kernel.config" "$1" &&
	grep -q "^# Kernel 6.1.0-56-amd64 " "$1"' sh "$out/config.txt"
tap_ok "stack.txt: the stuck task's stack alone, not the rest of its /proc files" sh -c '
	grep -q "^## LIVE, round 17: punch after the pins were released" "$1" &&
	grep -qx "\[<0>\] ext4_break_layouts+0x11d/0x1c0 \[ext4\]" "$1" &&
	grep -qx "\[<0>\] entry_SYSCALL_64_after_hwframe+0x6e/0xd8" "$1" &&
	! grep -q -e WCHAN_MARK -e "(daxrace) S" "$1"' sh "$out/stack.txt"
tap_ok "dmesg-excerpt.txt: the kernel log of the run, from its dmesg.txt" sh -c '
	tail -n +2 "$1" | cmp - "$2"' sh "$out/dmesg-excerpt.txt" "$run/dmesg.txt"
tap_ok "pmem.txt: namespace mode and align, fs, mount options, DAX, the guest" sh -c '
	grep -qx "namespace: *ndbus0 (ACPI.NFIT) region0 namespace0.0 fsdax size 1022.00 MiB align 2.00 MiB map dev node 0 /dev/pmem0" "$1" &&
	grep -qx "mount options: rw,relatime,dax=always" "$1" &&
	grep -qx "filesystem: *ext4" "$1" && grep -qx "DAX: *yes (STATX_ATTR_DAX)" "$1" &&
	grep -q "^guest: *daxrace-vm --kernel-package 6.1 --fs ext4 " "$1"' sh "$out/pmem.txt"
tap_ok "result.json and the reproducer are byte-for-byte copies" sh -c '
	cmp "$1/result.json" "$2/result.json" &&
	cmp "$1/dax-bio-lost-wakeup.c" "$3/tests/repro/dax-bio-lost-wakeup.c"' \
	sh "$out" "$run" "$top_srcdir"

k=$tmp/klog-bundle
tap_expect_exit 0 "a new KLOG warning (a result.json named itself) is bundled" \
	"$DAXRACE" report --bundle "$k/" "$tmp/klog/result.json"
tap_ok "KLOG: the warning trace in stack.txt, its functions named, not the guessed ? frame" sh -c '
	grep -q "^## KLOG: kernel logged 1 failure line" "$1/stack.txt" &&
	grep -q "RIP: 0010:dax_disassociate_entry.constprop.0+0x7b/0x90" "$1/stack.txt" &&
	grep -q "Functions in the kernel.s warning trace (stack.txt):" "$1/README.txt" &&
	grep -qx "  dax_disassociate_entry.constprop.0()" "$1/README.txt" &&
	grep -qx "  __dax_invalidate_entry()" "$1/README.txt" &&
	grep -qx "  ext4_file_write_iter()" "$1/README.txt" &&
	! grep -q "__warn()" "$1/README.txt" && [ -s "$1.tar.gz" ]' sh "$k"
tap_ok "KLOG: a new failure, config not recorded, the log from the evidence, no reproducer" sh -c '
	grep -q "^Subject: \[BUG\] fsdax: KLOG failure in dio-write.punch.none on xfs DAX, Linux 7.3.4-amd64" "$1/README.txt" &&
	grep -q "^Known issue:   none" "$1/README.txt" &&
	grep -q "^Config:        not recorded" "$1/README.txt" &&
	grep -qx "# not recorded: result.json was written before daxrace recorded the kernel config (kernel.config)" "$1/config.txt" &&
	grep -q "No dmesg.txt beside result.json" "$1/dmesg-excerpt.txt" &&
	grep -q "__dax_invalidate_entry+0xa4/0x130" "$1/dmesg-excerpt.txt" &&
	grep -q "^namespace: *none found" "$1/pmem.txt" &&
	[ "$(ls "$1" | wc -l)" -eq 7 ]' sh "$k"

# Refusals: each a one-line error naming what is wrong, and nothing written.
mkdir "$tmp/full" && echo keep >"$tmp/full/mine"
tap_expect_exit 2 "a non-empty DIR is refused (usage error, exit 2)" \
	"$DAXRACE" report --bundle "$tmp/full" "$tmp/klog"
tap_ok "... in one line naming it, leaving it and making no tarball" sh -c '
	[ "$(printf "%s\n" "$1" | wc -l)" -eq 1 ] &&
	printf "%s\n" "$1" | grep -q "$2/full. is not empty" &&
	[ "$(ls "$2/full")" = mine ] && [ ! -e "$2/full.tar.gz" ]' sh "$TAP_LAST_OUTPUT" "$tmp"
tap_expect_exit 2 "a RESULT that is not JSON is refused" \
	"$DAXRACE" report --bundle "$tmp/b1" "$tmp/bad.json"
tap_ok "... in one line naming the file, DIR not made" sh -c '
	[ "$(printf "%s\n" "$1" | wc -l)" -eq 1 ] &&
	printf "%s\n" "$1" | grep -q "$2/bad.json" && [ ! -e "$2/b1" ]' sh "$TAP_LAST_OUTPUT" "$tmp"
tap_expect_exit 2 "a run without a failure has nothing to bundle" \
	"$DAXRACE" report --bundle "$tmp/b2" "$tmp/pass"
tap_ok "a RESULT directory of several runs is refused, and a missing one named" sh -c '
	"$1" report --bundle "$2/b3" "$2/two" 2>"$2/e3"; r3=$?
	"$1" report --bundle "$2/b4" "$2/nowhere" 2>"$2/e4"; r4=$?
	[ "$r3" -eq 2 ] && grep -q "holds 2 results" "$2/e3" &&
	[ "$r4" -eq 2 ] && grep -q "$2/nowhere" "$2/e4" && [ "$(wc -l <"$2/e4")" -eq 1 ] &&
	[ ! -e "$2/b2" ] && [ ! -e "$2/b3" ] && [ ! -e "$2/b4" ]' sh "$DAXRACE" "$tmp"
# Installed, the reproducers come from $(pkgdatadir)/repro: each one a
# known issue names must be installed there.
tap_ok "every reproducer vm/known-issues names is installed (tests/vm/local.mk)" sh -c '
	for r in $(sed -n "s/^reproducer *= *//p" "$1/vm/known-issues"); do
		[ -f "$1/$r" ] || { echo "no $r"; exit 1; }
		tr -d "\\\\\n" <"$1/tests/vm/local.mk" | grep -q "dist_repro_DATA *=[^=]*$r" ||
			{ echo "$r not in dist_repro_DATA"; exit 1; }
	done' sh "$top_srcdir"
tap_done
