#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The KernelCI snippet (ci/kernelci/): its fragment is vm/daxrace.config
# option for option, its jobs, platform and scheduler entries refer to each
# other as kernelci-pipeline resolves them, the platform's context uses
# only variables LAVA knows, and the test template renders to a LAVA test
# action that lava_common's schema accepts, pointing at the shipped test
# definition with parameters it declares.
. "$top_srcdir/tests/lib/tap.sh"

PY=/usr/bin/python3
"$PY" -c 'import yaml, jinja2' 2>/dev/null || tap_skip_all "$PY lacks yaml or jinja2"
K=$top_srcdir/ci/kernelci
T=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-kci.XXXXXX")
trap 'rm -rf "$T"' EXIT

py() { "$PY" -c "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); $1" "$K/daxrace.yaml" "$top_srcdir"; }
tap_plan 6
tap_ok "the snippet has the four kernelci-pipeline sections" \
	py 'assert set(d) == {"fragments", "jobs", "platforms", "scheduler"}, list(d)'
grep '^CONFIG_' "$top_srcdir/vm/daxrace.config" >"$T/want"
"$PY" -c 'import sys, yaml
print("\n".join(yaml.safe_load(open(sys.argv[1]))["fragments"]["daxrace"]["configs"]))' \
	"$K/daxrace.yaml" >"$T/got" 2>&1
tap_ok "the fragment is vm/daxrace.config, option for option" diff "$T/want" "$T/got"
tap_ok "jobs, fragment, platform and scheduler refer to each other" py '
jobs, plats = d["jobs"], d["platforms"]
kb = jobs["kbuild-gcc-14-x86-daxrace"]
assert kb["kind"] == "kbuild" and "daxrace" in kb["params"]["fragments"]
assert jobs["daxrace"]["rules"]["fragments"] == ["daxrace"]
for s in d["scheduler"]:
    assert s["job"] in jobs, s
    for p in s.get("platforms", []):
        assert p in plats, p
    ev = s["event"]["name"]
    assert ev == "checkout" or ev in jobs, ev
tmpl = jobs["daxrace"]["template"]
import os
assert os.path.exists(os.path.join(sys.argv[2], "ci/kernelci", tmpl)), tmpl'

if ! "$PY" -c 'import lava_common.schemas' 2>/dev/null; then
	tap_skip "the platform context uses only LAVA's context variables" "no lava_common (lava-dispatcher)"
	tap_skip "the test template renders to a valid LAVA test action" "no lava_common (lava-dispatcher)"
	tap_skip "its parameters are the test definition's" "no lava_common (lava-dispatcher)"
	tap_done
fi
tap_ok "the platform context uses only LAVA's context variables" py '
from lava_common.schemas import CONTEXT_VARIABLES
bad = [k for k in d["platforms"]["qemu-x86_64-nvdimm"]["context"] if k not in CONTEXT_VARIABLES]
assert not bad, bad'
"$PY" - "$K/tests/daxrace.jinja2" "$K/daxrace.yaml" >"$T/test.yaml" <<'PYEOF'
import sys, jinja2, yaml
job = yaml.safe_load(open(sys.argv[2]))["jobs"]["daxrace"]
env = jinja2.Environment(undefined=jinja2.StrictUndefined)
t = env.from_string(open(sys.argv[1]).read())
print(t.render(node={"name": "daxrace"}, **job["params"]))
PYEOF
tap_ok "the test template renders to a LAVA test action lava_common accepts" \
	"$PY" -c 'import sys, yaml
from lava_common.schemas import validate_action
a = yaml.safe_load(open(sys.argv[1]))
assert len(a) == 1 and "test" in a[0], a
validate_action("test.definition", 0, a[0]["test"])' "$T/test.yaml"
tap_ok "it runs the shipped test definition with parameters that definition declares" \
	"$PY" -c 'import os, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))[0]["test"]["definitions"][0]
td = yaml.safe_load(open(os.path.join(sys.argv[2], d["path"])))
bad = [p for p in d["parameters"] if p not in td["params"]]
assert not bad, bad' "$T/test.yaml" "$top_srcdir"
tap_done
