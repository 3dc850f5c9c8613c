#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad partners are refused with one line naming the option; SIGINT stops a
# run, which still writes its results and removes its work directory and
# loop devices.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-safety

tap_plan 7
truncate -s 64M "$tmp/fsimage"
mkfs.ext4 -q -F "$tmp/fsimage" >/dev/null 2>&1
tap_expect_exit 2 "partner holding a filesystem is refused" \
	"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" --rounds 5 \
	--partner "$tmp/fsimage"
tap_ok "the error names --partner and --partner-destroy" sh -c \
	'printf "%s\n" "$1" | grep -q -- "--partner.*--partner-destroy"' sh \
	"$TAP_LAST_OUTPUT"
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res2" --rounds 20 \
	--actor dio-read --mutator punch --partner "$tmp/fsimage" \
	--partner-destroy >"$tmp/out" 2>"$tmp/err"
rc=$?
# 4 is fine too: a file partner's range may span two extents (unconfirmed).
tap_ok "--partner-destroy accepts it (exit $rc)" sh -c \
	'[ "$1" -eq 0 ] || [ "$1" -eq 4 ] || { cat "$2"; exit 1; }' sh "$rc" \
	"$tmp/err"

src=$(findmnt -n -o SOURCE "$fsdir" 2>/dev/null)
if [ -n "$run_mounted" ] && [ -b "$src" ]; then
	tap_expect_exit 2 "the mounted device under --dir is refused as partner" \
		"$DAXRACE" run --dir "$fsdir" --results "$tmp/res4" --rounds 5 \
		--partner "$src" --partner-destroy
else
	tap_skip "mounted partner refused" "no private mount to offer"
fi

loops_before=$(losetup -a | grep -c "$fsdir/daxrace\.")
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res3" --duration 30 \
	--actor dio-write --mutator truncate >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 2
kill -INT "$pid"
wait "$pid"
rc=$?
tap_ok "SIGINT: run stops with a result, INTERRUPTED (exit $rc)" sh -c \
	'[ "$1" -eq 5 ] && ls "$2"/*/result.json >/dev/null' sh "$rc" "$tmp/res3"
tap_ok "SIGINT: work directory removed" sh -c \
	'! ls -d "$1"/daxrace.* >/dev/null 2>&1' sh "$fsdir"
tap_ok "SIGINT: no loop device left on it" sh -c \
	'[ "$(losetup -a | grep -c "$1/daxrace\.")" -eq "$2" ]' sh "$fsdir" \
	"$loops_before"
tap_done
