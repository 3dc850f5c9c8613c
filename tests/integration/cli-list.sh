#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace list names the actors, mutators, stalls and the six oracles, one
# line each, and the same as JSON; every actor says what confirms its holds.
. "$top_srcdir/tests/lib/tap.sh"

out=$("$DAXRACE" list 2>&1)

tap_plan 19
for item in "actor dio-read" "actor dio-write" "mutator punch" "mutator zero" \
	"mutator truncate" "stall uffd" "stall none" "oracle ORDER" "oracle TAG" \
	"oracle LIVE" "oracle SPACE" "oracle KLOG" "oracle GUPFAIL"; do
	set -- $item
	tap_ok "lists $1 $2" sh -c \
		'printf "%s\n" "$3" | grep -qE "^$1 +$2 +[^ ]"' sh "$1" "$2" "$out"
done
tap_ok "one line per item, each with a summary" sh -c \
	'printf "%s\n" "$1" | awk "NF < 3 { bad = 1 } END { exit bad }"' sh "$out"
tap_ok "every actor line names the evidence that confirms its holds" sh -c \
	'printf "%s\n" "$1" | awk "\$1 == \"actor\" { n++; if (!/\\(hold confirmed by: [^)]+\\)\$/) bad = 1 }
		END { exit bad || !n }"' sh "$out"
if command -v python3 >/dev/null; then
	tap_ok "--json gives every actor its evidence, and only actors" sh -c '"$1" list --json |
		python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d[\"actors\"] and all(a[\"evidence\"] for a in d[\"actors\"])
assert not any(\"evidence\" in x for k in d if k != \"actors\" for x in d[k])"' sh "$DAXRACE"
else
	tap_skip "--json gives every actor its evidence" "python3 not installed"
fi
if command -v python3 >/dev/null; then
	tap_ok "--json parses and has the six oracles" sh -c '"$1" list --json |
		python3 -c "
import json, sys
d = json.load(sys.stdin)
names = [o[\"name\"] for o in d[\"oracles\"]]
assert names == [\"ORDER\", \"TAG\", \"LIVE\", \"SPACE\", \"KLOG\", \"GUPFAIL\"], names
assert all(x[\"summary\"] for k in d for x in d[k])
assert {\"actors\", \"mutators\", \"stalls\", \"oracles\"} <= set(d)"' sh "$DAXRACE"
else
	tap_skip "--json parses" "python3 not installed"
fi
# Each mutator listed has its entry (.TP, then .B NAME) in MUTATORS.
tap_ok "every mutator is described in daxrace-list(1) MUTATORS" sh -c '
	page=$2/man/daxrace-list.1
	for m in $(printf "%s\n" "$1" | awk "\$1 == \"mutator\" { print \$2 }"); do
		n=$(printf "%s" "$m" | sed "s/-/\\\\\\\\-/g")
		sed -n "/^\.SH MUTATORS/,/^\.SH /p" "$page" | grep -qx "\.B $n" ||
			{ echo "no .B $n in MUTATORS"; exit 1; }
	done' sh "$out" "$top_srcdir"
tap_expect_exit 2 "an operand is refused" "$DAXRACE" list bogus
tap_done
