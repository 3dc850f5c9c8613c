#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace never changes a --partner's data without --partner-destroy: one
# holding anything but zeros where daxrace writes is refused (the file or
# device checksums the same after), one holding zeros is used and left as
# found; a symlinked partner (a /dev/disk/by-id name) is resolved.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-partner-data

tap_plan 12
one="--rounds 5 --actor dio-write --mutator punch"
sum() { sha256sum <"$1" | cut -d' ' -f1; }
# same FILE SUM: FILE still has checksum SUM.
same() { [ "$(sum "$1")" = "$2" ] || { echo "$1 changed"; return 1; }; }

head -c 4M /dev/urandom >"$tmp/random"
before=$(sum "$tmp/random")
tap_expect_exit 2 "file of random data, no --partner-destroy: refused" \
	"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" $one \
	--partner "$tmp/random"
tap_ok "the error names --partner and --partner-destroy" sh -c \
	'printf "%s\n" "$1" | grep -q -- "--partner .*random holds data.*--partner-destroy"' \
	sh "$TAP_LAST_OUTPUT"
tap_ok "the random file is unchanged" same "$tmp/random" "$before"
tap_ok "no work directory left" sh -c '! ls -d "$1"/daxrace.* 2>/dev/null' sh "$fsdir"

"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" $one --partner "$tmp/random" \
	--partner-destroy >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "--partner-destroy takes it (exit $rc)" sh -c \
	'[ "$1" -eq 0 ] || [ "$1" -eq 4 ] || { cat "$2"; exit 1; }' sh "$rc" "$tmp/err"

truncate -s 1M "$tmp/zeros"
before=$(sum "$tmp/zeros")
ln -s "$tmp/zeros" "$tmp/by-id-link"
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" $one \
	--partner "$tmp/by-id-link" >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "a symlink to a file of zeros is used without --partner-destroy (exit $rc)" \
	sh -c '[ "$1" -eq 0 ] || [ "$1" -eq 4 ] || { cat "$2"; exit 1; }' sh "$rc" \
	"$tmp/err"
tap_ok "the zeros are written back: same checksum, same size" sh -c '
	[ "$(sha256sum <"$1" | cut -d" " -f1)" = "$2" ] &&
	[ "$(stat -c %s "$1")" -eq 1048576 ]' sh "$tmp/zeros" "$before"
truncate -s 8K "$tmp/short"
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" $one --jobs 2 \
	--partner "$tmp/short" >"$tmp/out" 2>"$tmp/err"
tap_ok "a file of zeros shorter than the ranges gets its size back" sh -c '
	[ "$(stat -c %s "$1")" -eq 8192 ] && ! tr -d "\0" <"$1" | grep -q .' \
	sh "$tmp/short"

# Block devices: a loop device over random data (no filesystem signature)
# and one over zeros, the latter through a symlink as in /dev/disk/by-id.
# Fresh random data: daxrace's tags are deterministic, and the file above
# already holds them.
head -c 4M /dev/urandom >"$tmp/random2"
if lr=$(losetup -f --show "$tmp/random2" 2>/dev/null); then
	before=$(sum "$lr")
	tap_expect_exit 2 "block device of random data, no --partner-destroy: refused" \
		"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" $one --partner "$lr"
	tap_ok "the device is unchanged" same "$lr" "$before"
	losetup -d "$lr"
else
	tap_skip "block device of random data refused" "no loop device"
	tap_skip "the device is unchanged" "no loop device"
fi
rm -f "$tmp/zeros"
truncate -s 1M "$tmp/zeros"
if lz=$(losetup -f --show "$tmp/zeros" 2>/dev/null); then
	before=$(sum "$lz")
	ln -sf "$lz" "$tmp/by-id-dev"
	"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" $one \
		--partner "$tmp/by-id-dev" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	tap_ok "a symlink to a block device of zeros is used (exit $rc)" sh -c \
		'[ "$1" -eq 0 ] || [ "$1" -eq 4 ] || { cat "$2"; exit 1; }' sh "$rc" \
		"$tmp/err"
	tap_ok "the device holds zeros again" same "$lz" "$before"
	losetup -d "$lz"
else
	tap_skip "symlinked block device of zeros used" "no loop device"
	tap_skip "the device holds zeros again" "no loop device"
fi
tap_done
