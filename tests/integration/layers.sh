#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The source folders are layers and includes only go down them, so that a
# folder's name says what it may depend on:
#   common < oracles < probe < actors, mutators < engine < known < results < cli
# (daxrace.c, the entry point, may use any).  Each #include "DIR/..." in
# src/ must name its own folder or one below it.
. "$top_srcdir/tests/lib/tap.sh"

rank() {
	case $1 in
	common) echo 0 ;; oracles) echo 1 ;; probe) echo 2 ;;
	actors | mutators) echo 3 ;; engine) echo 4 ;; known) echo 5 ;;
	results) echo 6 ;; cli) echo 7 ;; *) echo "" ;;
	esac
}

# upward FILE...: prints each include that goes up or sideways (actors and
# mutators stay apart), or names a folder not in the list above.
upward() {
	for f in "$@"; do
		d=$(echo "${f#"$top_srcdir"/src/}" | cut -d/ -f1)
		case $d in *.c | *.h) continue ;; esac
		own=$(rank "$d")
		[ -n "$own" ] || { echo "$f: folder src/$d/ is in no layer (tests/integration/layers.sh)"; continue; }
		sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$f" | sort -u | while read -r inc; do
			[ "$inc" = "$d" ] && continue
			r=$(rank "$inc")
			if [ -z "$r" ] || [ "$r" -ge "$own" ]; then
				echo "$f includes $inc/, which is not below $d/"
			fi
		done
	done
}

tap_plan 2
out=$(upward $(find "$top_srcdir/src" -name "*.[ch]" ! -name builtin_workload.c))
tap_ok "includes in src/ only go down the layers" sh -c '[ -z "$1" ] || { echo "$1"; exit 1; }' sh "$out"
# The check itself: a header of the engine that reached up into cli/ is
# reported (so the test above cannot pass by checking nothing).
probe=$(mktemp -d) || exit 1
trap 'rm -rf "$probe"' EXIT
mkdir -p "$probe/src/engine"
printf '#include "cli/run_opts.h"\n' >"$probe/src/engine/bad.h"
out=$(top_srcdir=$probe upward "$probe/src/engine/bad.h")
tap_ok "an include that goes up is reported" sh -c \
	'echo "$1" | grep -q "bad.h includes cli/, which is not below engine/"' sh "$out"
tap_done
