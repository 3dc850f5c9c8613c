#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace run creates nothing in --dir but its own work directory (the
# probe's test file included), daxrace probe creates no name there, and a configuration error it can see before the run
# (a NUMA node that does not exist) is a one-line usage error, exit 2,
# before any results directory is written.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-touch-only-own

tap_plan 6
# created_in DIR LIST CMD...: runs CMD and writes every name created
# directly in DIR meanwhile (inotify) to LIST; exits with CMD's status.
created_in() {
	python3 - "$@" <<'PY'
import ctypes, os, struct, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
IN_CREATE, IN_MOVED_TO, IN_NONBLOCK = 0x100, 0x80, 0o4000
fd = libc.inotify_init1(IN_NONBLOCK)
assert fd >= 0, os.strerror(ctypes.get_errno())
assert libc.inotify_add_watch(fd, sys.argv[1].encode(), IN_CREATE | IN_MOVED_TO) >= 0
rc = subprocess.call(sys.argv[3:])
names = []
try:
    buf = os.read(fd, 1 << 20)
except BlockingIOError:
    buf = b""
off = 0
while off < len(buf):
    _, _, _, n = struct.unpack_from("iIII", buf, off)
    names.append(buf[off + 16:off + 16 + n].rstrip(b"\0").decode())
    off += 16 + n
open(sys.argv[2], "w").write("\n".join(names) + "\n")
sys.exit(rc)
PY
}
created_in "$fsdir" "$tmp/created" "$DAXRACE" run --dir "$fsdir" \
	--results "$tmp/res" --rounds 2 --actor dio-read --mutator punch \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "the run passes (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/err"
tap_ok "only daxrace.XXXXXX was created in --dir" sh -c '
	grep -v "^daxrace\.[A-Za-z0-9]\{6\}\$" "$1" | grep . && exit 1
	grep -q "^daxrace\." "$1"' sh "$tmp/created"

# daxrace probe has no work directory: its test file must get no name in
# --dir (O_TMPFILE on ext4 and xfs).
created_in "$fsdir" "$tmp/created-probe" "$DAXRACE" probe --dir "$fsdir" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "probe succeeds (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/err"
tap_ok "probe created no name in --dir" sh -c '! grep . "$1"' sh "$tmp/created-probe"

tap_expect_exit 2 "--cpu-node 99: exit 2" "$DAXRACE" run --dir "$fsdir" \
	--results "$tmp/res2" --rounds 1 --cpu-node 99
tap_ok "one line naming --cpu-node, and no results directory" sh -c '
	[ "$(printf "%s\n" "$1" | wc -l)" -eq 1 ] &&
	printf "%s\n" "$1" | grep -q "^daxrace run: --cpu-node 99: " &&
	[ ! -e "$2" ]' sh "$TAP_LAST_OUTPUT" "$tmp/res2"
tap_done
