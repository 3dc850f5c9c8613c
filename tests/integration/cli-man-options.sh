#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The hidden --inject is documented but not offered in --help (that every
# offered option is documented is man-options.sh's check, for every
# command).  The option table is
# the one source of each run option's range and default: --help prints
# them from it, the error for a bad value words the same range, and
# daxrace-run(1) must say the same ("from 10ms to 7d", "Default: 3s.").
. "$top_srcdir/tests/lib/tap.sh"

# paragraph OPT: the .TP entry of --OPT in daxrace-run.1, on one line,
# with troff's "\-" as "-" and font escapes dropped.
paragraph() {
	awk -v opt="$1" '
		/^\.(TP|SH|SS|PP)/ { if (on) exit; tp = /^\.TP/; next }
		tp && /^\.B[IR]? / { l = $0; gsub(/\\-/, "-", l)
			if (index(l, " --" opt " ") || l ~ ("--" opt "$")) { on = 1; next } }
		{ tp = 0 }
		on { print }' "$top_srcdir/man/daxrace-run.1" |
		sed -e 's/\\-/-/g' -e 's/\\f[BIR]//g' -e 's/^\.[A-Z]* //' | tr '\n' ' '
}

# table_agrees: every row of run --help with a range or a default value
# has them in its man paragraph, and a bad value's error words the range.
table_agrees() {
	n=0 bad=0
	"$DAXRACE" run --help | grep -E '^ +--[a-z-]+ ' >"$tmp/help"
	while read -r opt arg rest; do
		opt=${opt#--}
		range=$(printf '%s\n' "$rest" | grep -oE '[0-9]+[a-z]* to [0-9]+[a-z]*' | head -1)
		def=$(printf '%s\n' "$rest" | sed -n 's/.*(default \([^:)][^)]*\))$/\1/p')
		[ -n "$range$def" ] || continue
		n=$((n + 1))
		text=$(paragraph "$opt")
		[ -n "$text" ] || { echo "--$opt: no paragraph in daxrace-run.1"; bad=1; continue; }
		if [ -n "$range" ]; then
			printf '%s' "$text" | grep -qF -- "$range" ||
				{ echo "--$opt: daxrace-run.1 lacks '$range': $text"; bad=1; }
			err=$("$DAXRACE" run --dir "$tmp" "--$opt" 0x1 2>&1 >/dev/null)
			printf '%s' "$err" | grep -qF -- "from $range" ||
				{ echo "--$opt: error lacks 'from $range': $err"; bad=1; }
		fi
		if [ -n "$def" ]; then
			printf '%s' "$text" | grep -qF -- "Default: $def" ||
				{ echo "--$opt: daxrace-run.1 lacks 'Default: $def': $text"; bad=1; }
		fi
	done <"$tmp/help"
	[ "$n" -ge 8 ] || { echo "only $n rows with a range or default in run --help"; bad=1; }
	return $bad
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-man-options.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

tap_plan 4
tap_ok "--inject is not in run --help" sh -c \
	'"$1" run --help >/dev/null && ! "$1" run --help | grep -q -- --inject' sh "$DAXRACE"
tap_ok "--inject is in daxrace-run.1" grep -qF -- '\-\-inject' "$top_srcdir/man/daxrace-run.1"
tap_ok "run --help, its errors and daxrace-run.1 give each range and default alike" \
	table_agrees
# The default duration is what a run without --duration uses: the built-in
# workload's, which must be the table's.
tap_ok "the default duration in --help is what a run without --duration uses" sh -c '
	def=$("$1" run --help | sed -n "s/^ *--duration .*(default \([0-9]*\)s)$/\1/p")
	[ -n "$def" ] || { echo "no default in --help"; exit 1; }
	"$1" run --dir "$2" --actor dio-read --mutator punch --format json \
		--results "$2/res" >"$2/d.json" 2>/dev/null
	python3 -c "import json,sys; c=json.load(open(sys.argv[1]))[\"groups\"][0][\"config\"]; \
		sys.exit(0 if c[\"duration_s\"] == int(sys.argv[2]) else \"duration_s %s, help %s\" % (c[\"duration_s\"], sys.argv[2]))" \
		"$2/d.json" "$def"' sh "$DAXRACE" "$tmp"
tap_done
