#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel.config in result.json: with DAXRACE_KERNEL_CONFIG naming a
# constructed config (plain, then gzip-compressed for the /proc/config.gz
# path), the recorded options are that file's values, every option of
# vm/daxrace.config among them; a missing file is recorded as absent
# (config null, the reason naming the file), and the run is not failed
# for it.
. "$top_srcdir/tests/integration/run-lib.sh"
command -v gzip >/dev/null || tap_skip_all "gzip is needed for the .gz case"
run_fs_setup run-kconfig
schema=$top_srcdir/results/schema.json
validate=$top_srcdir/tests/integration/validate-result.py

# Everything daxrace.config sets, then some values it does not: an
# option not set, a module, a number, a string, and one left out.
{
	grep '^CONFIG_' "$top_srcdir/vm/daxrace.config" |
		grep -v -e '^CONFIG_USERFAULTFD=' -e '^CONFIG_ZONE_DEVICE=' \
			-e '^CONFIG_XFS_FS='
	echo '# CONFIG_ZONE_DEVICE is not set'
	echo 'CONFIG_USERFAULTFD=m'
	echo 'CONFIG_HZ=250'
	echo 'CONFIG_FS_DAX_PMD="a string"'
	echo 'CONFIG_UNRELATED=y'
} >"$tmp/config"
gzip -c "$tmp/config" >"$tmp/config.gz" || exit 1

# run_with CONFIG: one short run with DAXRACE_KERNEL_CONFIG=CONFIG.
run_with() {
	rm -rf "$tmp/res"
	DAXRACE_KERNEL_CONFIG=$1 "$DAXRACE" run --dir "$fsdir" --results "$tmp/res" \
		--actor dio-read --mutator punch --rounds 2 >/dev/null 2>"$tmp/err"
	rc=$?
	res=$(run_dir)result.json
}

check_values='
import re, sys
c = d["kernel"]["config"]
assert d["kernel"]["config_source"] == sys.argv[2], d["kernel"]
frag = [l.split("=")[0] for l in open(sys.argv[3]) if l.startswith("CONFIG_")]
missing = [n for n in frag if n not in c]
assert not missing, "daxrace.config options not recorded: %s" % missing
want = {"CONFIG_FS_DAX": "y", "CONFIG_ZONE_DEVICE": "n", "CONFIG_USERFAULTFD": "m",
        "CONFIG_HZ": "250", "CONFIG_FS_DAX_PMD": "a string", "CONFIG_XFS_FS": "n",
        "CONFIG_PVH": "y", "CONFIG_IO_URING": "y"}
bad = {k: (c.get(k), v) for k, v in want.items() if c.get(k) != v}
assert not bad, bad
assert "CONFIG_UNRELATED" not in c, "options beyond the list are left out"'

tap_plan 6
run_with "$tmp/config"
tap_ok "a run with a constructed config: exit $rc, no error" \
	sh -c '[ "$1" -le 1 ] && [ -f "$2" ]' sh "$rc" "$res"
tap_ok "kernel.config holds the file's values, every daxrace.config option" \
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
$check_values" "$res" "$tmp/config" "$top_srcdir/vm/daxrace.config"
tap_ok "the result with kernel.config is valid against results/schema.json" \
	python3 "$validate" "$schema" "$res"

run_with "$tmp/config.gz"
tap_ok "a gzip-compressed config (as /proc/config.gz) is read through gzip -dc" \
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
$check_values" "$res" "$tmp/config.gz" "$top_srcdir/vm/daxrace.config"

run_with "$tmp/no such config"
tap_ok "a missing config: the run still ends normally (exit $rc)" \
	sh -c '[ "$1" -le 1 ] && [ -f "$2" ]' sh "$rc" "$res"
tap_ok "a missing config is recorded as absent, the reason naming the file" \
	sh -c 'python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
k = d[\"kernel\"]
assert k[\"config\"] is None, k
assert k[\"config_source\"] == sys.argv[2], k
assert sys.argv[2] in k[\"config_error\"] and \"No such file\" in k[\"config_error\"], k
" "$1" "$2" && python3 "$3" "$4" "$1"' sh "$res" "$tmp/no such config" "$validate" "$schema"
tap_done
