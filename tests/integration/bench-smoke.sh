#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench in a tiny configuration: it must finish, write a summary.json
# that parses, and give figures that are positive and consistent with each
# other and with the raw rows (CPU per round > 0, holds <= rounds, holds
# per CPU-second = holds per round / CPU per round), and time a constructed
# violation (--inject foreign-tag) within the scenario.
. "$top_srcdir/tests/lib/tap.sh"
command -v python3 >/dev/null || tap_skip_all "python3 is needed to check JSON"
[ "$(id -u)" = 0 ] ||
	tap_skip_all "needs root: the benchmark's private loop-mounted ext4"
command -v mkfs.ext4 >/dev/null || tap_skip_all "needs mkfs.ext4"
# Its checks are of CPU time per round, which in a sanitized build is the
# instrumentation's and LeakSanitizer's exit-time scan, not daxrace's.
[ -z "${DAXRACE_SANITIZERS:-}" ] ||
	tap_skip_all "built with -fsanitize=$DAXRACE_SANITIZERS: CPU-time figures measure the sanitizers"
tmp=$(mktemp -d "$top_builddir/bench-smoke.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
bench=$top_srcdir/bench/daxrace-bench.sh

tap_plan 12
tap_expect_exit 0 "a tiny benchmark runs" sh "$bench" --out "$tmp/out" \
	--reps 1 --actor dio-read --mutator punch --rounds 200 --jobs 1

check() {
	python3 -c "
import csv, json, sys
d = json.load(open(sys.argv[1] + '/summary.json'))
rows = list(csv.DictReader(open(sys.argv[1] + '/bench.tsv'), delimiter='\t'))
$1" "$tmp/out"
}
tap_ok "summary.json has one dio-read.punch figure of 200 rounds" check '
f = d["figures"]
assert len(f) == 1, f
f = f[0]
assert (f["scenario"], f["jobs"], f["rounds"]) == ("dio-read.punch", 1, 200), f
assert f["status"] == ["PASS"], f'
tap_ok "every raw row: CPU > 0, 0 < holds <= rounds" check '
race = [r for r in rows if r["kind"] in ("setup", "race")]
assert len(race) == 2, rows
for r in race:
    assert float(r["cpu_s"]) > 0, r
    assert 0 < int(r["holds"]) <= int(r["rounds"]), r
    assert int(r["csw"]) > 0, r'
tap_ok "per-round figures positive, min <= median <= max" check '
f = d["figures"][0]
for k in ("cpu_us_per_round", "csw_per_round", "holds_per_cpu_s",
          "rounds_per_wall_s"):
    m = f[k]
    assert m and 0 < m["min"] <= m["median"] <= m["max"], (k, m)
assert 0 < f["holds_per_round"]["max"] <= 1, f["holds_per_round"]'
tap_ok "holds per CPU-second agrees with CPU per round and the raw rows" check '
f = d["figures"][0]
race = [r for r in rows if r["kind"] == "race"][0]
setup = [r for r in rows if r["kind"] == "setup"][0]
cpu = float(race["cpu_s"]) - float(setup["cpu_s"])
n = int(race["rounds"]) - int(setup["rounds"])
assert abs(f["cpu_us_per_round"]["median"] - cpu / n * 1e6) < 1e-6 * cpu / n * 1e6 + 1e-3, (f, cpu, n)
want = int(race["holds"]) / cpu
assert abs(f["holds_per_cpu_s"]["median"] - want) <= 1e-6 * want, (f, want)'
tap_ok "time to detect the injected violation: 0 < seconds < the 2s scenario" check '
t = d["time_to_detect"]
assert len(t) == 1 and t[0]["detected"] == 1 == t[0]["runs"], t
assert 0 < t[0]["seconds"]["median"] < 2, t'
# The default actors: every one daxrace lists as holding with the uffd
# stall (issue 9: holds/s for every actor), each with its figure.
tap_expect_exit 0 "the benchmark with its default actors runs" sh "$bench" \
	--out "$tmp/all" --reps 1 --mutator punch --rounds 2 --jobs 1 --inject none
tap_ok "... one figure for each actor that holds, no other" python3 -c '
import json, subprocess, sys
lst = json.loads(subprocess.run([sys.argv[1], "list", "--json"], check=True,
                                capture_output=True, text=True).stdout)
want = sorted(a["name"] + ".punch" for a in lst["actors"] if "uffd" in a["stalls"])
got = sorted(f["scenario"] for f in json.load(open(sys.argv[2] + "/summary.json"))["figures"])
assert len(want) >= 7 and got == want, (got, want)' "$DAXRACE" "$tmp/all"
tap_expect_exit 2 "a bad count is refused, exit 2, naming the option" \
	sh "$bench" --out "$tmp/bad" --reps 0
tap_ok "... in one line" sh -c '[ "$(printf "%s\n" "$1" | wc -l)" -eq 1 ] &&
	printf "%s\n" "$1" | grep -q -- "--reps"' sh "$TAP_LAST_OUTPUT"
tap_expect_exit 2 "--compare with no such revision: exit 2 before building" \
	sh "$bench" --out "$tmp/bad" --compare no-such-revision-of-daxrace
tap_ok "... naming the option" sh -c 'printf "%s\n" "$1" | grep -q -- "--compare"' \
	sh "$TAP_LAST_OUTPUT"
tap_done
