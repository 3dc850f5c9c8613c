#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The same --seed and --rounds make the same choices (the per-round choice
# log of -vv), and a different seed makes different ones.  A scenario run
# alone makes the choices it made among others (what the reproduce line
# of a failure relies on).
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-seed-replay

choices() {
	"$DAXRACE" run --dir "$fsdir" --results "$tmp/res$1" --actor dio-read \
		--mutator "${3:-punch,truncate}" --rounds 40 --jobs 2 --seed "$2" -vv \
		>/dev/null 2>"$tmp/err$1"
	grep -o 'choice .*' "$tmp/err$1" | sort >"$tmp/choices$1"
}

tap_plan 4
choices 1 77
choices 2 77
choices 3 78
choices 4 77 truncate
tap_ok "80 choices logged" sh -c '[ "$(wc -l <"$1")" -eq 80 ]' sh "$tmp/choices1"
tap_ok "same seed, same choices" cmp "$tmp/choices1" "$tmp/choices2"
tap_ok "another seed, other choices" sh -c '! cmp -s "$1" "$2"' sh \
	"$tmp/choices1" "$tmp/choices3"
# truncate is the second scenario of the run, the only one alone
tap_ok "truncate alone, its choices in the run" sh -c \
	'grep "choice dio-read.truncate" "$1" | cmp - "$2"' sh "$tmp/choices1" "$tmp/choices4"
tap_done
