#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# LAVA wrapper for daxrace (ci/lava/daxrace/daxrace.yaml runs it on the
# DUT; daxrace-ci(7) documents it).  It finds the DUT's pmem, or makes an
# fsdax namespace with ndctl when asked, runs daxrace on each filesystem
# with DAX, and turns every result.json into LAVA results: a test set per
# filesystem, a test case per scenario and per oracle, and one "run" case
# with daxrace's verdict.  No pmem, or a missing tool, is a skip with the
# reason, never a pass.  Self-contained POSIX sh (no sh-test-lib), so it
# works from daxrace's own tree and copied into Linaro's test-definitions
# as automated/linux/daxrace/.
#
# Verdict mapping (what a farm sees; daxrace-ci(7) has the table):
#   scenario PASS pass, FAIL fail (known kernel issues too: the run case
#   stays pass when every failure is known), SKIP skip, ERROR unknown;
#   oracle PASS pass, FAIL fail, SKIP and NA skip, INCONCLUSIVE unknown;
#   run PASS pass, FAIL fail, SKIP skip, ERROR and INTERRUPTED fail.

DAXRACE=daxrace
PMEM_DEVICE=auto
NDCTL_NAMESPACE=''
FILESYSTEMS='ext4 xfs'
DURATION=10s
RUN_ARGS=''
MOUNTPOINT=/mnt/daxrace
OUTPUT="$(pwd)/output"
CONVERT=''

usage() {
	cat >&2 <<'EOF'
usage: daxrace.sh [-d DAXRACE] [-p PMEM_DEVICE|auto] [-n NAMESPACE]
                  [-f "ext4 xfs xfs-reflink"] [-t DURATION] [-a RUN_ARGS]
                  [-m MOUNTPOINT] [-o OUTPUT]
       daxrace.sh [-o OUTPUT] -c FS:RESULT_JSON [-c ...]   (report only)
EOF
	exit 2
}

while getopts 'd:p:n:f:t:a:m:o:c:h' o; do
	case $o in
	d) DAXRACE=$OPTARG ;;
	p) PMEM_DEVICE=$OPTARG ;;
	n) NDCTL_NAMESPACE=$OPTARG ;;
	f) FILESYSTEMS=$OPTARG ;;
	t) DURATION=$OPTARG ;;
	a) RUN_ARGS=$OPTARG ;;
	m) MOUNTPOINT=$OPTARG ;;
	o) OUTPUT=$OPTARG ;;
	c) CONVERT="$CONVERT $OPTARG" ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[ -n "$PMEM_DEVICE" ] || PMEM_DEVICE=auto
RESULT_FILE=$OUTPUT/result.txt
mkdir -p "$OUTPUT" || exit 3
: >"$RESULT_FILE"

info() { printf 'daxrace-lava: %s\n' "$*"; }

# LAVA's own helpers when the test shell provides them; otherwise the
# signals they would print (as Linaro's send-to-lava.sh does), so the
# wrapper also works from a plain shell.  result.txt keeps the same lines
# in send-to-lava.sh's format.
have_case=0
have_set=0
command -v lava-test-case >/dev/null 2>&1 && have_case=1
command -v lava-test-set >/dev/null 2>&1 && have_set=1

test_set() { # start NAME | stop
	echo "lava-test-set $*" >>"$RESULT_FILE"
	if [ "$have_set" -eq 1 ]; then
		lava-test-set "$@"
	elif [ "$1" = start ]; then
		echo "<LAVA_SIGNAL_TESTSET START $2>"
	else
		echo "<LAVA_SIGNAL_TESTSET STOP>"
	fi
}

# test_case NAME RESULT [MEASUREMENT UNITS]
test_case() {
	echo "$*" >>"$RESULT_FILE"
	if [ "$have_case" -eq 1 ]; then
		if [ $# -ge 4 ]; then
			lava-test-case "$1" --result "$2" --measurement "$3" --units "$4"
		else
			lava-test-case "$1" --result "$2"
		fi
	elif [ $# -ge 4 ]; then
		echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=$1 RESULT=$2 MEASUREMENT=$3 UNITS=$4>"
	else
		echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=$1 RESULT=$2>"
	fi
}

# skip_all REASON: nothing could be tested here; one skipped case says so.
skip_all() {
	info "SKIP: $*"
	echo "# SKIP $*" >>"$RESULT_FILE"
	test_case daxrace skip
	exit 0
}

# convert FS RESULT_JSON [EXIT]: one test set of FS from a result.json.
# Case names keep [A-Za-z0-9._-] only (LAVA turns '/' into '_' and drops
# names with spaces): smoke/dio-read.punch.uffd -> smoke_dio-read.punch.uffd.
convert() {
	_fs=$1 _json=$2 _rc=${3:-}
	test_set start "$_fs"
	if [ ! -s "$_json" ]; then
		# daxrace exits 4 with the reason when --dir is not DAX, and
		# writes result.json only once the run began
		if [ "$_rc" = 4 ]; then
			info "$_fs: SKIP: daxrace exit 4 and no result.json"
			test_case run skip
		else
			info "$_fs: no result.json (daxrace exit ${_rc:-unknown})"
			test_case run fail
		fi
		test_set stop
		return
	fi
	if ! jq -e '.schema_version == 1' "$_json" >/dev/null 2>&1; then
		info "$_fs: $_json: not a result.json of schema_version 1"
		test_case run fail
		test_set stop
		return
	fi
	jq -r '
	    def lava: if . == "PASS" then "pass" elif . == "FAIL" then "fail"
	        elif . == "SKIP" or . == "NA" then "skip" else "unknown" end;
	    def cname: gsub("[^A-Za-z0-9._-]"; "_");
	    .scenarios[] |
	    (.id // .name | cname) as $c |
	    (if .duration_s > 0 then ((.confirmed_holds / .duration_s * 100 | round) / 100)
	     else null end) as $rate |
	    ([$c, (.status | lava)] + (if $rate == null then [] else [$rate, "holds/s"] end)
	        | join(" ")),
	    (.oracles // {} | to_entries[] | "\($c).\(.key | cname) \(.value.verdict | lava)")
	    ' "$_json" | while read -r _line; do
		# shellcheck disable=SC2086 # the fields are names and numbers
		test_case $_line
	done
	# the evidence and the known issues, for the person reading the log
	jq -r '.scenarios[] | select(.status != "PASS") |
	    "\(.id): \(.status)\(if .known then " (known kernel issue \(.known_issue))" else "" end): \(.reason // "")"' \
	    "$_json" | while read -r _line; do info "$_fs: $_line"; done
	case $(jq -r '.result' "$_json") in
	PASS) test_case run pass ;;
	SKIP) test_case run skip ;;
	*) test_case run fail ;;
	esac
	test_set stop
}

command -v jq >/dev/null 2>&1 || skip_all "jq is not installed (the wrapper reads result.json with it)"

if [ -n "$CONVERT" ]; then
	for _c in $CONVERT; do
		convert "${_c%%:*}" "${_c#*:}"
	done
	exit 0
fi

command -v "$DAXRACE" >/dev/null 2>&1 || skip_all "no daxrace binary: $DAXRACE"
[ "$(id -u)" -eq 0 ] || skip_all "not root: mkfs, mount and daxrace's races need root"

if [ -n "$NDCTL_NAMESPACE" ]; then
	command -v ndctl >/dev/null 2>&1 || skip_all "NDCTL_NAMESPACE=$NDCTL_NAMESPACE but ndctl is not installed"
	info "ndctl create-namespace -f -e $NDCTL_NAMESPACE -m fsdax"
	if ndctl create-namespace -f -e "$NDCTL_NAMESPACE" -m fsdax >"$OUTPUT/ndctl-create.json" 2>"$OUTPUT/ndctl-create.err"; then
		test_case ndctl-create-namespace pass
		_bd=$(jq -r '.blockdev // empty' "$OUTPUT/ndctl-create.json")
		[ -z "$_bd" ] || [ "$PMEM_DEVICE" != auto ] || PMEM_DEVICE=/dev/$_bd
	else
		cat "$OUTPUT/ndctl-create.err"
		test_case ndctl-create-namespace fail
		skip_all "ndctl could not make $NDCTL_NAMESPACE an fsdax namespace"
	fi
fi

if [ "$PMEM_DEVICE" = auto ]; then
	PMEM_DEVICE=''
	for _d in /dev/pmem*; do
		[ -b "$_d" ] && { PMEM_DEVICE=$_d; break; }
	done
	[ -n "$PMEM_DEVICE" ] || skip_all "no pmem block device (/dev/pmem*): no fsdax namespace and no memmap= region; set NDCTL_NAMESPACE to make one"
fi
[ -b "$PMEM_DEVICE" ] || skip_all "$PMEM_DEVICE is not a block device"
info "pmem device $PMEM_DEVICE"
if grep -q "^$PMEM_DEVICE " /proc/mounts 2>/dev/null; then
	skip_all "$PMEM_DEVICE is mounted; the wrapper formats it, so give it one nothing uses"
fi

mkdir -p "$MOUNTPOINT" || skip_all "cannot make $MOUNTPOINT"
for fs in $FILESYSTEMS; do
	case $fs in
	ext4) mkfs='mkfs.ext4 -q -F -b 4096' ;;
	xfs) mkfs='mkfs.xfs -q -f -m reflink=0' ;;
	xfs-reflink) mkfs='mkfs.xfs -q -f -m reflink=1' ;;
	*) info "unknown filesystem '$fs' (ext4, xfs, xfs-reflink)"; exit 2 ;;
	esac
	_res=$OUTPUT/$fs
	mkdir -p "$_res"
	info "$fs: $mkfs $PMEM_DEVICE; mount -o dax=always"
	if ! command -v "${mkfs%% *}" >/dev/null 2>&1; then
		test_set start "$fs"; info "$fs: SKIP: ${mkfs%% *} is not installed"
		test_case run skip; test_set stop; continue
	fi
	# shellcheck disable=SC2086 # $mkfs is a command with its options
	if ! $mkfs "$PMEM_DEVICE" >"$_res/mkfs.out" 2>&1 ||
		! mount -t "${fs%-reflink}" -o dax=always "$PMEM_DEVICE" "$MOUNTPOINT" >"$_res/mount.out" 2>&1; then
		cat "$_res/mkfs.out" "$_res/mount.out" 2>/dev/null
		test_set start "$fs"; info "$fs: mkfs or mount -o dax=always failed"
		test_case run fail; test_set stop; continue
	fi
	_rc=0
	# shellcheck disable=SC2086 # RUN_ARGS is a list of options
	"$DAXRACE" run --require-dax --dir "$MOUNTPOINT" --results "$_res" \
		--duration "$DURATION" $RUN_ARGS || _rc=$?
	echo "$_rc" >"$_res/rc"
	umount "$MOUNTPOINT" || info "$fs: umount $MOUNTPOINT failed (see daxrace's NAMESPACE oracle in daxrace-vm(1))"
	convert "$fs" "$(find "$_res" -name result.json | head -n 1)" "$_rc"
done
exit 0
