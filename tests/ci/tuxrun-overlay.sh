#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2016 # the sh -c scripts get their paths as $1
# The TuxRun overlay (ci/tuxrun/make-overlay.sh) is self-contained: from
# wherever it is unpacked, daxrace, jq and mkfs.ext4 run through its own
# loader and libraries with nothing of this machine's on the library path,
# a daxrace run from it writes a result.json, and the wrapper in it turns
# that into LAVA cases with the overlay's jq.
. "$top_srcdir/tests/lib/tap.sh"

for t in jq mkfs.ext4 mkfs.xfs ndctl ldd; do
	command -v "$t" >/dev/null 2>&1 || tap_skip_all "$t is not installed (the overlay carries it)"
done
T=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-tuxrun.XXXXXX")
trap 'rm -rf "$T"' EXIT
tap_plan 5
tap_ok "make-overlay.sh makes the tarball" \
	sh "$top_srcdir/ci/tuxrun/make-overlay.sh" -d "$DAXRACE" "$T/overlay.tar.gz"
mkdir "$T/root" "$T/run" "$T/bin"
tar -C "$T/root" -xzf "$T/overlay.tar.gz" 2>/dev/null
O=$T/root/opt/daxrace
tap_ok "everything is under /opt/daxrace, with the wrapper" \
	sh -c 'test "$(ls "$1")" = opt && test "$(ls "$1/opt")" = daxrace && test -x "$1/opt/daxrace/lava/daxrace.sh"' sh "$T/root"
# only the overlay's own programs on PATH: the stubs must find their loader
tap_ok "daxrace, jq, mkfs.ext4 run from the unpacked overlay" \
	env -i PATH="$O/bin:/bin:/usr/bin" sh -c '"$1/daxrace" --version && "$1/jq" --version && "$1/mkfs.ext4" -V' sh "$O/bin"
env -i PATH="$O/bin:/bin:/usr/bin" "$O/bin/daxrace" run --group smoke --dir "$T/run" --results "$T/r" --seed 5 --rounds 5 \
	--actor dio-read --mutator punch >"$T/run.out" 2>&1
J=$(find "$T/r" -name result.json | head -n 1)
tap_ok "a daxrace run from the overlay writes result.json" test -s "${J:-$T/none}"
printf '#!/bin/sh\necho "lava-test-case $*" >>"%s"\n' "$T/calls" >"$T/bin/lava-test-case"
printf '#!/bin/sh\necho "lava-test-set $*" >>"%s"\n' "$T/calls" >"$T/bin/lava-test-set"
chmod +x "$T/bin/lava-test-case" "$T/bin/lava-test-set"
env -i PATH="$T/bin:$O/bin:/bin:/usr/bin" sh "$O/lava/daxrace.sh" -o "$T/o" -c "ext4:${J:-$T/none}" >"$T/wrap.out" 2>&1
tap_ok "the overlay's wrapper reports it with the overlay's jq" \
	grep -qx "lava-test-case run --result pass" "$T/calls"
tap_done
