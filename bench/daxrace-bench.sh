#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# daxrace-bench: how fast the race engine turns rounds into confirmed
# holds.  For each actor x mutator (stall uffd) it runs daxrace with 1 job
# and with N jobs and prints rounds/s, confirmed holds/s and holds per
# CPU-second of daxrace's own threads (the loop device's kernel worker is
# not included), plus the machine facts and, with -v, the engine's "mean
# time per round" split.  A benchmark, not a test: it never fails on a slow
# number.
#
# usage: daxrace-bench.sh [--dir DIR] [--duration SECONDS] [--jobs N]
#                         [--actor A,..] [--mutator M,..] [--perf] [-v]
#   --dir       filesystem to measure (default /var/tmp)
#   --duration  seconds per scenario (default 3)
#   --jobs      the "N jobs" column (default: number of CPUs)
#   --perf      also run each 1-job case under perf stat (context switches)
#   DAXRACE     the daxrace binary (default: ./daxrace, then PATH)
set -u

dir=/var/tmp
duration=3
jobs=$(nproc 2>/dev/null || echo 2)
actors=
mutators=
perf=
verbose=
while [ $# -gt 0 ]; do
	case $1 in
	--dir) dir=$2; shift ;;
	--duration) duration=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	--actor) actors=$2; shift ;;
	--mutator) mutators=$2; shift ;;
	--perf) perf=1 ;;
	-v) verbose=1 ;;
	-h|--help) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "daxrace-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

if [ -z "${DAXRACE:-}" ]; then
	if [ -x ./daxrace ]; then DAXRACE=./daxrace; else DAXRACE=daxrace; fi
fi
command -v python3 >/dev/null ||
	{ echo "daxrace-bench: python3 is needed to read result.json" >&2; exit 3; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-bench.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM

[ -n "$actors" ] ||
	actors=$("$DAXRACE" list 2>/dev/null | awk '$1 == "actor" { printf "%s%s", s, $2; s = "," }')
[ -n "$mutators" ] ||
	mutators=$("$DAXRACE" list 2>/dev/null | awk '$1 == "mutator" { printf "%s%s", s, $2; s = "," }')
[ -n "$actors" ] || actors=dio-read,dio-write
[ -n "$mutators" ] || mutators=punch,zero,truncate

fstype=$(stat -f -c %T "$dir" 2>/dev/null || echo "?")
echo "# daxrace-bench $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "# kernel:   $(uname -r) $(uname -m)"
echo "# cpus:     $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "# load:     $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the numbers)"
echo "# dir:      $dir ($fstype)"
echo "# duration: ${duration}s per scenario, stall uffd"

# run ACTOR MUTATOR JOBS: prints "rounds holds cpu_seconds dax partner"
run() {
	out=$tmp/res-$1-$2-$3
	/usr/bin/time -f "%U %S" -o "$tmp/time" \
		"$DAXRACE" run --dir "$dir" --results "$out" --stall uffd \
		--actor "$1" --mutator "$2" --jobs "$3" --duration "$duration" \
		--seed 1 -v --format json >/dev/null 2>"$tmp/err" ||
		[ $? -le 1 ] || { sed 's/^/#   /' "$tmp/err" >&2; }
	if [ -n "$verbose" ]; then
		grep -o 'mean time per round: .*' "$tmp/err" | sed 's/^/#   /' >&2
	fi
	python3 - "$out" "$tmp/time" <<'PY'
import glob, json, sys
files = glob.glob(sys.argv[1] + "/*/result.json")
if not files:
    print("0 0 0 ? ?"); sys.exit(0)
d = json.load(open(files[0]))
s = d["scenarios"][0]
try:
    u, k = open(sys.argv[2]).read().split()[-2:]
    cpu = float(u) + float(k)
except Exception:
    cpu = 0.0
print(s["rounds"], s["confirmed_holds"], cpu, "dax" if d.get("dax") else "page-cache",
      s["status"])
PY
}

printf '%-10s %-9s %4s %10s %10s %12s %6s  %s\n' actor mutator jobs rounds/s \
	holds/s holds/cpu-s cpu status
for a in $(echo "$actors" | tr , ' '); do
	for m in $(echo "$mutators" | tr , ' '); do
		for j in 1 $jobs; do
			set -- $(run "$a" "$m" "$j")
			awk -v a="$a" -v m="$m" -v j="$j" -v r="$1" -v h="$2" \
				-v c="$3" -v mode="$4" -v st="$5" -v d="$duration" 'BEGIN {
				per = "?"
				if (c > 0)
					per = sprintf("%.0f", h / c)
				printf "%-10s %-9s %4d %10.0f %10.0f %12s %6.2f  %s %s\n",
				a, m, j, r / d, h / d, per, c, st, mode }'
			[ "$j" = "$jobs" ] && break
		done
		if [ -n "$perf" ] && command -v perf >/dev/null; then
			perf stat -x, -e task-clock,context-switches,cpu-migrations \
				"$DAXRACE" run --dir "$dir" --results "$tmp/perf" \
				--actor "$a" --mutator "$m" --duration "$duration" \
				--format json >/dev/null 2>"$tmp/perf.err"
			awk -F, '/task-clock|context-switches|cpu-migrations/ {
				printf "#   perf: %s %s\n", $3, $1 }' "$tmp/perf.err"
		fi
	done
done
echo "# holds/cpu-s: confirmed holds per CPU-second of daxrace itself (user+sys);"
echo "# the partner loop device's kworker and the bystander's I/O are extra."
