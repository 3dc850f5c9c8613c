#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The sample LAVA job (ci/lava/qemu/job.yaml) and the test definition
# (ci/lava/daxrace/daxrace.yaml) against LAVA's own schemas (lava_common,
# from Debian's lava-dispatcher), a broken copy of each rejected, and the
# job through lava-run --validate with the device dictionary rendered from
# lava-server's qemu device type.  The run itself is tests/vm/lava-run.sh.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/lava.sh"

PY=/usr/bin/python3
"$PY" -c 'import yaml, lava_common.schemas' 2>/dev/null ||
	tap_skip_all "no lava_common for $PY (Debian's lava-dispatcher installs it)"
JOB=$top_srcdir/ci/lava/qemu/job.yaml
DEF=$top_srcdir/ci/lava/daxrace/daxrace.yaml
T=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-lava-job.XXXXXX")
trap 'rm -rf "$T"' EXIT

# shellcheck disable=SC2016 # the scripts get their arguments as $1 or argv
# schema KIND FILE [PYTHON-EDIT]: validate FILE (after the edit) strictly
schema() {
	"$PY" - "$@" <<'PYEOF'
import sys, yaml
from voluptuous import Schema
import lava_common.schemas as s
from lava_common.schemas.test.testdef import testdef
kind, path = sys.argv[1], sys.argv[2]
data = yaml.safe_load(open(path))
if len(sys.argv) > 3:
    exec(sys.argv[3])
if kind == "job":
    s.validate(data, strict=True)
else:
    Schema(testdef(), extra=False)(data)
PYEOF
}

tap_plan 8
tap_ok "the sample job is valid for lava_common's job schema (strict)" schema job "$JOB"
tap_expect_exit 1 "a job with an unknown boot method is rejected (the check can fail)" \
	schema job "$JOB" 'data["actions"][1]["boot"]["method"] = "qemu-typo"'
tap_expect_exit 1 "a job whose context has a variable LAVA does not know is rejected" \
	schema job "$JOB" 'data["context"]["nvdimm"] = True'
tap_ok "the test definition is valid for lava_common's testdef schema (strict)" schema testdef "$DEF"
tap_expect_exit 1 "a test definition without its format line is rejected" \
	schema testdef "$DEF" 'del data["metadata"]["format"]'
tap_ok "every parameter the test definition declares is passed to the wrapper" \
	"$PY" -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
steps = " ".join(d["run"]["steps"])
missing = [p for p in d["params"] if "${%s}" % p not in steps]
sys.exit("not passed: %s" % missing if missing else 0)' "$DEF"

TYPES=$(lava_device_types)
if [ -z "$TYPES" ] || ! command -v lava-run >/dev/null 2>&1 || ! "$PY" -c 'import jinja2' 2>/dev/null; then
	tap_skip "the rendered device has the NVDIMM and TCG" "no lava-run, jinja2 or qemu.jinja2 (scripts/install-deps.sh installs them)"
	tap_skip "lava-run --validate accepts the job" "no lava-run, jinja2 or qemu.jinja2 (scripts/install-deps.sh installs them)"
	tap_done
fi
"$PY" "$top_srcdir/ci/lava/qemu/render-device.py" "$TYPES" \
	"$top_srcdir/ci/lava/qemu/device.jinja2" "$JOB" >"$T/device.yaml"
tap_ok "the device rendered from qemu.jinja2 and the job's context has the NVDIMM, TCG and the virtio overlay disk" \
	"$PY" -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
q = d["actions"]["boot"]["methods"]["qemu"]["parameters"]
opts = q["options"] + q.get("extra", [])
assert "-machine pc,nvdimm=on" in opts, opts
assert any(o.startswith("-device nvdimm,") for o in opts), opts
assert "-enable-kvm" not in opts and "-accel tcg,thread=multi" in opts, opts
assert "-m 2G,slots=2,maxmem=20G" in opts, opts
assert d["actions"]["deploy"]["methods"]["image"]["parameters"]["guest"]["interface"] == "virtio"' "$T/device.yaml"
# lava-run --validate checks that file:// artefacts exist: empty stand-ins
: >"$T/vmlinuz"
: >"$T/rootfs.cpio"
sed -e "s|file:///srv/daxrace/lava/|file://$T/|" "$JOB" >"$T/job.yaml"
tap_ok "lava-run --validate builds and validates the whole pipeline" \
	sh -c 'lava-run --validate --job-id 1 --output-dir "$1/out" --device "$1/device.yaml" "$1/job.yaml" >"$1/validate.log" 2>&1 &&
		grep -q "\"msg\": {\"case\": \"validate\", \"definition\": \"lava\", \"result\": \"pass\"}" "$1/validate.log" &&
		grep -qx "result: pass" "$1/out/result.yaml" || { tail -n 20 "$1/validate.log"; exit 1; }' sh "$T"
tap_done
