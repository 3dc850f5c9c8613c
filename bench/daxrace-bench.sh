#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# daxrace-bench: what a round of the race engine costs, in figures a busy
# machine cannot fake: daxrace's own CPU time and context switches per
# round (wait4 rusage of the child, every thread), confirmed holds per
# CPU-second, each min/median/max over repetitions; rounds per wall second
# only beside them.  Also the 1 -> N jobs scaling and the time from a
# scenario's start to its first violation.  A benchmark, not a test: it
# never fails on a slow number.  Method and figures: bench/README.md.
#
# usage: daxrace-bench.sh [options]
#   --out DIR        write bench.tsv, summary.json, summary.txt (default bench-out)
#   --reps N         repetitions of every case (default 3)
#   --rounds N       rounds per run, per scenario (default 2000)
#   --actor A,..     actors (default: every actor that holds with the uffd
#                    stall, as daxrace list --json gives them; with --compare
#                    those both revisions have)
#   --mutator M,..   mutators (default punch,zero,truncate)
#   --jobs N         also run N jobs for the 1 -> N figure; 1 = no (default 2)
#   --dir DIR        race on DIR instead of a private loop-mounted ext4
#   --compare REV    build REV in a temporary git worktree and run it and
#                    this daxrace interleaved (base, new, base, new...)
#   --inject NAME|none  time to detect a constructed violation on the host
#                    (daxrace --inject, default foreign-tag)
#   --vm             also time to detect on the 6.1 VM kernel (LIVE, known
#                    issue bio-release-no-devmap-wake); slow under TCG
#   --vm-args ARGS   extra daxrace-vm options (default: --fs ext4)
#   DAXRACE          the daxrace binary (default ./daxrace, then PATH)
set -u

out=bench-out
reps=3
rounds=2000
actors=
mutators=punch,zero,truncate
jobs=2
dir=
compare=
inject=foreign-tag
vm=
vm_args="--fs ext4"
here=$(cd "$(dirname "$0")" && pwd)

usage_err() {
	echo "daxrace-bench: $1 (see --help)" >&2
	exit 2
}
need() {
	[ $# -ge 2 ] || usage_err "option $1 needs a value"
}
count() {
	case $2 in
	''|*[!0-9]*|0*) usage_err "option $1: '$2' is not a positive count" ;;
	esac
}
while [ $# -gt 0 ]; do
	case $1 in
	--out) need "$@"; out=$2; shift ;;
	--reps) need "$@"; count "$1" "$2"; reps=$2; shift ;;
	--rounds) need "$@"; count "$1" "$2"; rounds=$2; shift ;;
	--jobs) need "$@"; count "$1" "$2"; jobs=$2; shift ;;
	--actor) need "$@"; actors=$2; shift ;;
	--mutator) need "$@"; mutators=$2; shift ;;
	--dir) need "$@"; dir=$2; shift ;;
	--compare) need "$@"; compare=$2; shift ;;
	--inject) need "$@"; inject=$2; shift ;;
	--vm) vm=1 ;;
	--vm-args) need "$@"; vm_args=$2; shift ;;
	-h|--help) sed -n '3,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) usage_err "unknown option $1" ;;
	esac
	shift
done
[ "$rounds" -ge 2 ] || usage_err "option --rounds: needs at least 2"
[ -z "$compare" ] ||
	git -C "$here/.." rev-parse -q --verify "$compare^{commit}" >/dev/null ||
	usage_err "option --compare: '$compare' is not a revision of $(cd "$here/.." && pwd)"

if [ -z "${DAXRACE:-}" ]; then
	if [ -x ./daxrace ]; then DAXRACE=$(pwd)/daxrace; else DAXRACE=$(command -v daxrace); fi
fi
[ -x "${DAXRACE:-}" ] || { echo "daxrace-bench: no daxrace binary (set DAXRACE)" >&2; exit 3; }
command -v python3 >/dev/null ||
	{ echo "daxrace-bench: python3 is needed to read result.json" >&2; exit 3; }
mkdir -p "$out" || exit 3
out=$(cd "$out" && pwd)
rm -f "$out/bench.tsv"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-bench.XXXXXX") || exit 3
mounted=
wt=
dirdesc=
cleanup() {
	[ -n "$mounted" ] && umount "$tmp/fs"
	[ -n "$wt" ] && git -C "$here/.." worktree remove --force "$wt" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# A private ext4 on a loop device: no other writer shares its journal or
# free-space accounting, so SPACE and the I/O are the run's alone.
if [ -z "$dir" ]; then
	[ "$(id -u)" = 0 ] || { echo "daxrace-bench: needs root for the loop-mounted ext4 (or give --dir)" >&2; exit 3; }
	dir=$tmp/fs
	mkdir -p "$dir" && truncate -s 512M "$tmp/fs.img" &&
		mkfs.ext4 -q -F -b 4096 "$tmp/fs.img" >/dev/null 2>&1 &&
		mount -o loop "$tmp/fs.img" "$dir" ||
		{ echo "daxrace-bench: cannot make the private ext4 (or give --dir)" >&2; exit 3; }
	mounted=1
	dirdesc="private loop-mounted ext4"
fi

# new = this daxrace; base = --compare REV built from the same repository.
bins="new=$DAXRACE"
if [ -n "$compare" ]; then
	wt=$tmp/base-src
	echo "# building $compare in $wt" >&2
	git -C "$here/.." worktree add --detach "$wt" "$compare" >"$tmp/build.log" 2>&1 &&
		(cd "$wt" && ./autogen.sh && ./configure && make -j2 daxrace) \
			>>"$tmp/build.log" 2>&1 ||
		{ tail -20 "$tmp/build.log" >&2; echo "daxrace-bench: cannot build $compare" >&2; exit 3; }
	bins="base=$wt/daxrace $bins"
fi

# held_actors BIN: the actors BIN races with the uffd stall, one a line
# (a daxrace from before "stalls" was listed holds with every actor).
held_actors() {
	"$1" list --json 2>/dev/null | python3 -c '
import json, sys
for a in json.load(sys.stdin)["actors"]:
    if "uffd" in a.get("stalls", ["uffd"]):
        print(a["name"])'
}
if [ -z "$actors" ]; then
	held_actors "$DAXRACE" >"$tmp/actors"
	[ -z "$compare" ] || { held_actors "$wt/daxrace" | grep -Fxf - "$tmp/actors" >"$tmp/both"; mv "$tmp/both" "$tmp/actors"; }
	actors=$(paste -sd, "$tmp/actors")
	[ -n "$actors" ] || { echo "daxrace-bench: daxrace list --json names no actor" >&2; exit 3; }
fi

load0=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
{
	echo "# daxrace-bench $started"
	echo "# kernel: $(uname -r) $(uname -m); cpus: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
	echo "# load at start: $load0; dir: $dir (${dirdesc:-$(stat -f -c %T "$dir")})"
	echo "# $reps repetitions x $rounds rounds, stall uffd; per-round figures net of a --rounds 1 run"
	echo "# actors: $actors; mutators: $mutators"
} | tee "$out/summary.txt"

# one LABEL=BIN KIND REP ARGS...: one run, one row of bench.tsv.
one() {
	label=${1%%=*}
	bin=${1#*=}
	kind=$2
	rep=$3
	shift 3
	python3 "$here/bench-run.py" "$out/bench.tsv" "$tmp/res-$label" \
		"$label" "$kind" "$rep" -- "$bin" run --group smoke --dir "$dir" \
		--results "$tmp/res-$label" --stall uffd --seed "$rep" \
		--format json "$@" ||
		echo "# $label $kind $*: no result (see $out/stderr-$label.log)" >&2
}

jobset=1
[ "$jobs" -gt 1 ] && jobset="1 $jobs"
# Interleaved: every repetition runs every case once per binary, so slow
# spells of the machine fall on both binaries alike.
rep=1
while [ "$rep" -le "$reps" ]; do
	for a in $(echo "$actors" | tr , ' '); do
		for m in $(echo "$mutators" | tr , ' '); do
			for j in $jobset; do
				for b in $bins; do
					# The fixed cost varies little: measure it once.
					[ "$rep" -eq 1 ] &&
						one "$b" setup "$rep" --actor "$a" \
							--mutator "$m" --jobs "$j" --rounds 1
					one "$b" race "$rep" --actor "$a" --mutator "$m" \
						--jobs "$j" --rounds "$rounds"
				done
			done
		done
	done
	if [ "$inject" != none ]; then
		for b in $bins; do
			one "$b" detect "$rep" --actor dio-read --mutator punch \
				--jobs 1 --duration 2s --inject "$inject"
		done
	fi
	rep=$((rep + 1))
done

# The VM: daxrace-vm on the Debian 6.1 kernel, whose LIVE known issue
# (vm/known-issues) makes every dio-* scenario fail; the first violation's
# at_s is the time to detect.  A short --watchdog, since LIVE waits that
# long before it calls a blocked task stuck.
if [ -n "$vm" ]; then
	for b in $bins; do
		bin=${b#*=}
		vm_bin=$(dirname "$bin")/daxrace-vm
		[ -x "$vm_bin" ] || { echo "# no $vm_bin: skipping --vm" >&2; continue; }
		# shellcheck disable=SC2086 # vm_args is a list of options
		python3 "$here/bench-run.py" "$out/bench.tsv" "$tmp/vm-${b%%=*}" \
			"${b%%=*}" vm-detect 1 -- "$vm_bin" --kernel-package 6.1 \
			$vm_args --timeout 600 --results "$tmp/vm-${b%%=*}" -- \
			--actor dio-read --mutator punch --duration 20s \
			--watchdog 2s ||
			echo "# ${b%%=*} vm-detect: no result" >&2
	done
fi

for l in new base; do
	[ -f "$tmp/res-$l/stderr.log" ] && cp "$tmp/res-$l/stderr.log" "$out/stderr-$l.log"
done
python3 "$here/bench-summary.py" "$out/bench.tsv" "$out" \
	"started=$started" "kernel=$(uname -r)" "cpus=$(nproc)" \
	"load_start=$load0" "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" \
	"rounds=$rounds" "reps=$reps" "dir=$dir" "compare=$compare" |
	tee -a "$out/summary.txt"
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"
