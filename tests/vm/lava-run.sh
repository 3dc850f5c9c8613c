#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The sample LAVA job (ci/lava/qemu/job.yaml) run for real by LAVA's own
# dispatcher, lava-run, on local file artefacts under qemu TCG: the kernel
# and ramdisk from ci/lava/qemu/make-ramdisk.sh, the test definition from a
# git copy of ci/lava/daxrace, the device dictionary rendered from
# lava-server's qemu device type.  LAVA builds its overlay disk with
# libguestfs (a qemu appliance of its own, given the same Debian kernel),
# boots the DUT with the emulated NVDIMM, and the wrapper makes the fsdax
# namespace with ndctl and reports its cases: they must reach LAVA's
# results, one set per filesystem, with the run case passing.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/lava.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
PY=/usr/bin/python3
command -v lava-run >/dev/null 2>&1 || tap_skip_all "lava-run is not installed (Debian's lava-dispatcher)"
command -v supermin >/dev/null 2>&1 || tap_skip_all "supermin is not installed (LAVA's guestfs overlay needs it)"
"$PY" -c 'import guestfs, jinja2, yaml, lava_common.schemas' 2>/dev/null ||
	tap_skip_all "$PY lacks guestfs, jinja2, yaml or lava_common"
TYPES=$(lava_device_types)
[ -n "$TYPES" ] || tap_skip_all "no LAVA device-type templates (qemu.jinja2): scripts/install-deps.sh unpacks them, or set DAXRACE_LAVA_DEVICE_TYPES"
KVER=${DAXRACE_VM_OLD_KERNEL:-6.1}
vm_kernel "$KVER"
vm_tmpdir
T=$VM_TMP
Q=$top_srcdir/ci/lava/qemu

# the artefacts, as a lab would serve them (here as file:// URLs)
DAXRACE_VM=$DAXRACE_VM sh "$Q/make-ramdisk.sh" -k "$KVER" "$T/art" >"$T/ramdisk.log" 2>&1 ||
	{ cat "$T/ramdisk.log"; tap_skip_all "make-ramdisk.sh failed"; }
# the test definition repository: the shipped files, committed
mkdir -p "$T/testdef/ci/lava"
cp -R "$top_srcdir/ci/lava/daxrace" "$T/testdef/ci/lava/"
if ! { git -C "$T/testdef" init -q && git -C "$T/testdef" add -A &&
	git -C "$T/testdef" -c user.name=t -c user.email=t@t commit -qm testdef; }; then
	tap_skip_all "git cannot make the test definition repository"
fi

# the sample job with this machine's artefacts and a short run on ext4
"$PY" - "$Q/job.yaml" "$T" >"$T/job.yaml" <<'PYEOF' || tap_skip_all "cannot write the job"
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
t = sys.argv[2]
for a in job["actions"]:
    if "deploy" in a:
        a["deploy"]["images"]["kernel"]["url"] = "file://%s/art/vmlinuz" % t
        a["deploy"]["images"]["ramdisk"]["url"] = "file://%s/art/rootfs.cpio" % t
    if "test" in a:
        d = a["test"]["definitions"][0]
        d["repository"] = "%s/testdef" % t
        d["parameters"].update({"FILESYSTEMS": "ext4", "DURATION": "1s",
                                "RUN_ARGS": "--actor dio-read --mutator punch"})
job["context"]["extra_options"] = [o.replace("mem-path=/var/tmp", "mem-path=%s" % t)
                                   for o in job["context"]["extra_options"]]
yaml.safe_dump(job, sys.stdout, sort_keys=False)
PYEOF
"$PY" "$Q/render-device.py" "$TYPES" "$Q/device.jinja2" "$T/job.yaml" >"$T/device.yaml" ||
	tap_skip_all "cannot render the device dictionary"

# libguestfs boots its appliance with a kernel of the host's /boot; give it
# the guest's (with its own modules.dep), and TCG: KVM may not work here
mkdir -p "$T/gk"
info=$("$DAXRACE_VM" --kernel-package "$KVER" --fetch-only 2>/dev/null)
kimg=$(printf '%s\n' "$info" | sed -n 's/^kernel: //p')
kmod=$(printf '%s\n' "$info" | sed -n 's/^modules: //p')
rel=$(printf '%s\n' "$info" | sed -n 's/^release: //p')
mkdir -p "$T/gk/lib/modules"
cp -as "$(readlink -f "$kmod")" "$T/gk/lib/modules/$rel"
rm -f "$T/gk/lib/modules/$rel"/modules.dep*
depmod -b "$T/gk" "$rel" || tap_skip_all "depmod failed for the guestfs kernel"

tap_plan 7
tap_ok "the job is valid for LAVA's job schema (lava_common)" \
	"$PY" -c 'import sys, yaml, lava_common.schemas as s; s.validate(yaml.safe_load(open(sys.argv[1])))' "$T/job.yaml"
VM_RC=0
SUPERMIN_KERNEL=$kimg SUPERMIN_MODULES=$T/gk/lib/modules/$rel \
	LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg LIBGUESTFS_CACHEDIR=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/daxrace-vm \
	flock "$VM_LOCK" timeout 600 lava-run --job-id 1 --output-dir "$T/out" \
	--device "$T/device.yaml" "$T/job.yaml" >"$T/lava.log" 2>&1 || VM_RC=$?
# the results as LAVA logged them: one object a line, in YAML flow style
# that is JSON but for the "! " tags on some strings ("endtc": ! "271");
# a console line may not parse.  The log is kept beside the test's.
cp "$T/lava.log" "${top_builddir:-.}/tests/vm/lava-run.lava.log" 2>/dev/null || :
sed 's/: ! "/: "/g' "$T/lava.log" |
	jq -cR 'fromjson? | select(.lvl == "results") | .msg' >"$T/results" 2>/dev/null || :
tap_diag "lava-run exit $VM_RC; its results:" "$(cat "$T/results")" "end of its log:" \
	"$(tail -n 30 "$T/lava.log")"
res() { # DEFINITION CASE RESULT-REGEX [SET]
	jq -e -n --arg d "$1" --arg c "$2" --arg r "$3" --arg s "${4:-}" \
		'[inputs | select(.definition == $d and .case == $c and
		    (.result | test("^(" + $r + ")$")) and ($s == "" or .set == $s))] | length > 0' \
		"$T/results" >/dev/null || { echo "no result $*"; return 1; }
}
tap_ok "lava-run finished the job (exit 0)" test "$VM_RC" -eq 0
tap_ok "LAVA's own steps passed: deploy, boot, the test shell" res lava job pass
tap_ok "the wrapper made the fsdax namespace with ndctl (a LAVA case)" \
	res 0_daxrace ndctl-create-namespace pass
tap_ok "daxrace's run on ext4 DAX passed (known kernel issues only), in the test set ext4" \
	res 0_daxrace run pass ext4
tap_ok "ORDER, judged only on DAX, reached LAVA as a passing case" \
	res 0_daxrace smoke_dio-read.punch.uffd.ORDER pass ext4
# On 6.1 LIVE fires on every dio-read scenario (vm/known-issues:
# bio-release-no-devmap-wake): fail, and the log names the known issue.
live_ok() {
	res 0_daxrace smoke_dio-read.punch.uffd pass ext4 && return 0
	res 0_daxrace smoke_dio-read.punch.uffd fail ext4 &&
		res 0_daxrace smoke_dio-read.punch.uffd.LIVE fail ext4 &&
		grep -q 'daxrace-lava: ext4: smoke/dio-read.punch.uffd: FAIL (known kernel issue' "$T/lava.log"
}
tap_ok "the scenario reached LAVA: pass, or fail with a known issue the log names" live_ok
tap_done
