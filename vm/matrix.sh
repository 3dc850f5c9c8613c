# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2154 # the globals are daxrace-vm's
# bash, sourced by daxrace-vm for --matrix (and for --judge on a matrix
# directory): one guest per kernel, each one a daxrace-vm of its own, run
# exactly as a single "daxrace-vm --kernel... --results DIR" would be, up
# to -j at a time; a live view of them; then one table and one matrix.json
# (results/matrix.schema.json) from what each guest's daxrace-vm judged.
# Nothing is judged again here: a scenario's status and known mark are
# daxrace's (result.json), a filesystem's NAMESPACE mark is daxrace-vm's
# judge() (FS/namespace-known), and a guest's exit status is its own.
#
# The matrix directory, RESULTS/matrix-STAMP-PID:
#   matrix.conf        what was asked (fs, jobs, one "guest" line per kernel)
#   matrix.json        the combined result; matrix.txt: the table
#   LABEL/             one per kernel: the guest's daxrace-vm ran with
#                      --results LABEL, so its vm-RELEASE-STAMP-PID is here
#   LABEL/log, out     its stderr and stdout; rc: its exit status; reason:
#                      the line it gave up with (DAXRACE_VM_REASON_FILE)

# matrix_word RC: an exit status in a word, as result.json's "result".
matrix_word() {
	case $1 in
	0) echo PASS ;; 1) echo FAIL ;; 4) echo SKIP ;; *) echo ERROR ;;
	esac
}

# matrix_label NAME: NAME made safe as a directory name, unique among the
# labels so far.
matrix_label() {
	local l n=2 x
	l=$(printf '%s' "$1" | tr -c 'A-Za-z0-9._+-' _)
	[ -n "$l" ] || l=kernel
	x=$l
	while [ -e "$mdir/$x" ]; do x=$l-$n; n=$((n + 1)); done
	echo "$x"
}

# matrix_jobs: the default -j.  Each guest needs --cpus host CPUs (TCG
# runs a thread per guest CPU) and --mem plus --pmem-size of host memory
# (the pmem image is a file the guest may fill) plus 256M for qemu itself.
matrix_jobs() {
	local cores avail by_cpu by_mem j
	cores=$(nproc 2>/dev/null || echo 1)
	avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null || echo 0)
	by_cpu=$((cores / cpus))
	by_mem=$((${avail:-0} / (mem_mib + pmem_mib + 256)))
	j=$by_cpu
	[ "$by_mem" -ge "$j" ] || j=$by_mem
	[ "$j" -le "$1" ] || j=$1
	[ "$j" -ge 1 ] || j=1
	echo "$j"
}

# matrix_expected: a scenario's expected length, from the last --duration
# among the arguments for daxrace run (its default is 3s); "?" with
# --rounds or a workload, which may set their own.
matrix_expected() {
	local a prev='' e=3s
	for a in "${run_args[@]}"; do
		case $prev in --duration) e=$a ;; --rounds | --workload) e='?' ;; esac
		case $a in --duration=*) e=${a#*=} ;; --rounds=* | --workload=*) e='?' ;; esac
		prev=$a
	done
	echo "$e"
}

# matrix_main: run the guests, show them, combine.  Sets $final.
matrix_main() {
	local self stamp i k n label running=0 next=0 now tty=0 hard
	self=${DAXRACE_VM_MATRIX_GUEST:-$(readlink -f "$0")}
	stamp=$(date -u +%Y%m%dT%H%M%SZ)
	mkdir -p "$results"
	mdir=$(cd "$results" && pwd)/matrix-$stamp-$$
	mkdir -p "$mdir"
	m_label=() m_opt=() m_val=() m_pid=() m_t0=() m_state=()
	for k in "${kernels[@]}"; do
		label=$(matrix_label "$(basename "$k")")
		mkdir -p "$mdir/$label"
		m_label+=("$label") m_opt+=(--kernel) m_val+=("$(readlink -f "$k")")
	done
	for k in "${kernel_packages[@]}"; do
		label=$(matrix_label "$k")
		mkdir -p "$mdir/$label"
		m_label+=("$label") m_opt+=(--kernel-package) m_val+=("$k")
	done
	n=${#m_label[@]}
	[ -n "$jobs" ] || jobs=$(matrix_jobs "$n")
	{
		printf 'fs\t%s\n' "$fs_words"
		printf 'jobs\t%s\n' "$jobs"
		printf 'started\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
		printf 'command\t%s\n' "$(printf '%q ' "$0" "${orig_args[@]}")"
		for ((i = 0; i < n; i++)); do
			printf 'guest\t%s\t%s\t%s\n' "${m_label[i]}" "${m_opt[i]}" "${m_val[i]}"
		done
	} >"$mdir/matrix.conf"
	note "matrix: $n kernel(s) x ${fs_words// /,}, $jobs guest(s) at a time, in $mdir"
	# A guest's daxrace-vm ends by itself at --timeout after its boot;
	# fetching and building come first, so it gets 600 s more before the
	# matrix stops it and calls it an ERROR.
	hard=$((timeout + 600))
	m_expected=$(matrix_expected)
	if [ -t 2 ] && [ "${TERM:-dumb}" != dumb ]; then tty=1; fi
	m_drawn=0
	declare -gA m_seen=() m_fs=() m_scen=() m_scen_t=() m_last=()
	for ((i = 0; i < n; i++)); do m_state[i]=queued; done

	# Interrupted: stop every guest (each kills its own qemu), then go.
	trap 'matrix_stop 130' INT
	trap 'matrix_stop 143' TERM

	while :; do
		now=$(date +%s)
		# start what fits
		while [ "$next" -lt "$n" ] && [ "$running" -lt "$jobs" ]; do
			matrix_start "$next" "$self"
			next=$((next + 1)) running=$((running + 1))
		done
		for ((i = 0; i < n; i++)); do
			[ "${m_state[i]}" = running ] || continue
			matrix_read "$i" "$tty"
			if ! kill -0 "${m_pid[i]}" 2>/dev/null; then
				matrix_reap "$i"
				matrix_read "$i" "$tty"
				running=$((running - 1))
			elif [ $((now - m_t0[i])) -ge "$hard" ]; then
				echo "no end ${hard}s after it started: stopped by the matrix" >"$mdir/${m_label[i]}/reason"
				kill -TERM "${m_pid[i]}" 2>/dev/null || true
				# bash runs its trap only once the command in the
				# foreground (an apt-get that hangs) returns: that one
				# is told too, 30 s on
				if [ $((now - m_t0[i])) -ge $((hard + 30)) ]; then
					pkill -TERM -P "${m_pid[i]}" 2>/dev/null || true
				fi
			fi
		done
		[ "$tty" -eq 0 ] || matrix_draw
		[ "$running" -gt 0 ] || [ "$next" -lt "$n" ] || break
		sleep 1
	done
	trap - INT TERM
	matrix_combine "$mdir"
}

matrix_start() { # INDEX SELF
	local i=$1 ld=$mdir/${m_label[$1]} karg
	karg=("${m_opt[i]}" "${m_val[i]}")
	[ "${m_opt[i]}" != --kernel ] || [ -z "$modules" ] || karg+=(--modules "$modules")
	DAXRACE_VM_REASON_FILE=$ld/reason "$2" "${pass_args[@]}" --results "$ld" "${karg[@]}" \
		-- "${run_args[@]}" </dev/null >"$ld/out" 2>"$ld/log" &
	m_pid[i]=$! m_t0[i]=$(date +%s) m_state[i]=running
	printf '%s\n' "${m_opt[i]} ${m_val[i]}" >"$ld/kernel"
	[ "$tty" -eq 1 ] || note "[${m_label[i]}] started: ${m_opt[i]} ${m_val[i]}"
}

matrix_reap() { # INDEX
	local i=$1 rc=0 ld=$mdir/${m_label[$1]}
	wait "${m_pid[i]}" 2>/dev/null || rc=$?
	echo "$rc" >"$ld/rc"
	echo $(($(date +%s) - m_t0[i])) >"$ld/elapsed"
	m_state[i]="done: exit $rc $(matrix_word "$rc")"
	[ "$tty" -eq 1 ] || note "[${m_label[i]}] ended: exit $rc ($(matrix_word "$rc")) after $(cat "$ld/elapsed")s"
}

# matrix_stop RC: the matrix was interrupted.
matrix_stop() {
	local i
	for ((i = 0; i < ${#m_label[@]}; i++)); do
		if [ "${m_state[i]:-}" = running ]; then kill -TERM "${m_pid[i]}" 2>/dev/null || true; fi
	done
	wait 2>/dev/null || true
	[ "$m_drawn" -eq 0 ] || echo >&2
	note "interrupted: results so far in $mdir"
	exit "$1"
}

# matrix_read INDEX TTY: the guest's new log lines.  Its events give the
# row of the live view; off a terminal each line is printed as it is,
# whole and once, under the guest's label, so guests running at once
# never garble each other.
matrix_read() {
	local i=$1 l=${m_label[$1]} log=$mdir/${m_label[$1]}/log from n line ev re_ev re_start re_fs
	[ -f "$log" ] || return 0
	n=$(wc -l <"$log")
	from=${m_seen[$l]:-0}
	[ "$n" -gt "$from" ] || return 0
	m_seen[$l]=$n
	re_ev='^daxrace-vm: \[ *[0-9]+s\] (.*)$'
	re_start='^([a-z0-9-]+): scenario ([^ :]+)$'
	re_fs='^guest: ([a-z0-9-]+): '
	while IFS= read -r line; do
		[ "$2" -eq 1 ] || printf '%s: [%s] %s\n' "$prog" "$l" "${line#"$prog: "}" >&2
		ev=${line#"$prog: "}
		if [[ $line =~ $re_ev ]]; then
			ev=${BASH_REMATCH[1]}
			if [[ $ev =~ $re_start ]]; then
				m_fs[$l]=${BASH_REMATCH[1]} m_scen[$l]=${BASH_REMATCH[2]} m_scen_t[$l]=$(date +%s)
			elif [[ $ev =~ $re_fs ]]; then
				m_fs[$l]=${BASH_REMATCH[1]}
			fi
		fi
		m_last[$l]=$ev
	done < <(sed -n "$((from + 1)),${n}p" "$log" | tr -d '\r')
}

# matrix_draw: the live view on a terminal, redrawn in place: a row per
# kernel with its fs, scenario, the scenario's time against its
# --duration, the guest's time against its --timeout, and its last event.
matrix_draw() {
	local i l cols now row st
	cols=$(tput cols 2>/dev/null || echo 80)
	[ "$cols" -gt 20 ] || cols=80
	now=$(date +%s)
	[ "$m_drawn" -eq 0 ] || printf '\033[%dA' "$m_drawn" >&2
	row=$(printf '%-10s %-11s %-30s %-11s %-11s %s' KERNEL FS SCENARIO RAN/EXPECT GUEST/LIMIT EVENT)
	printf '\r\033[K%s\n' "${row:0:$((cols - 1))}" >&2
	for ((i = 0; i < ${#m_label[@]}; i++)); do
		l=${m_label[i]} st=${m_state[i]}
		case $st in
		queued) row=$(printf '%-10s %s' "$l" queued) ;;
		running)
			row=$(printf '%-10s %-11s %-30s %-11s %-11s %s' "$l" "${m_fs[$l]:--}" \
				"${m_scen[$l]:--}" \
				"$([ -z "${m_scen_t[$l]:-}" ] && echo - ||
					echo "$((now - ${m_scen_t[$l]}))s/$m_expected")" \
				"$((now - m_t0[i]))s/${timeout}s" "${m_last[$l]:-starting}")
			;;
		*) row=$(printf '%-10s %-11s %-30s %-11s %-11s %s' "$l" "${m_fs[$l]:--}" - - \
			"$(cat "$mdir/$l/elapsed" 2>/dev/null)s" "$st") ;;
		esac
		printf '\r\033[K%s\n' "${row:0:$((cols - 1))}" >&2
	done
	m_drawn=$((${#m_label[@]} + 1))
}

# matrix_judge MDIR: --judge on a matrix directory: each guest in it is
# judged as its daxrace-vm would have (judge() of daxrace-vm), then all
# are combined.  A kernel without a guest directory keeps its rc.
matrix_judge() {
	local l g rc
	mdir=$(cd "$1" && pwd)
	fs_words=$(awk -F'\t' '$1 == "fs" { print $2 }' "$mdir/matrix.conf")
	while IFS=$'\t' read -r _ l _; do
		g=$(find "$mdir/$l" -mindepth 1 -maxdepth 1 -type d -name 'vm-*' | head -n 1)
		[ -n "$g" ] || continue
		rc=0
		(
			# shellcheck disable=SC2034 # judge()'s inputs
			out_dir=$g console=$g/console.log
			release=$(sed -n 's/^DRV_RELEASE=//p' "$g/vm.conf" 2>/dev/null)
			[ -n "$release" ] || release=unknown
			judge
			exit "$final"
		) 2>>"$mdir/$l/log" || rc=$?
		echo "$rc" >"$mdir/$l/rc"
	done < <(grep $'^guest\t' "$mdir/matrix.conf")
	matrix_combine "$mdir"
}

# matrix_guest_json LABEL: one guest's entry of matrix.json, cells and
# all, from what its daxrace-vm left.  Paths are relative to the matrix
# directory.
matrix_guest_json() {
	local l=$1 ld=$mdir/$1 g='' rc reason release='' version='' f d j ns cells=()
	rc=$(cat "$ld/rc" 2>/dev/null || echo 3)
	case $rc in '' | *[!0-9]*) rc=3 ;; esac
	reason=$(head -n 1 "$ld/reason" 2>/dev/null || true)
	g=$(find "$ld" -mindepth 1 -maxdepth 1 -type d -name 'vm-*' 2>/dev/null | head -n 1)
	if [ -n "$g" ]; then
		release=$(sed -n 's/^DRV_RELEASE=//p' "$g/vm.conf" 2>/dev/null | head -n 1)
		version=$(sed -n 's/^version: //p' "$g/vm.txt" 2>/dev/null | head -n 1)
	fi
	for f in $fs_words; do
		d=$g/$f
		if [ -z "$g" ] || [ ! -f "$g/up" ]; then
			cells+=("$(jq -nc --arg f "$f" --arg r "${reason:-the guest did not come up (daxrace-vm exit $rc)}" \
				'{fs: $f, scenario: null, status: "ERROR", known: false, new: false,
				  known_issues: [], reason: $r, result_json: null}')")
			continue
		fi
		j=$(find "$d/results" -name result.json 2>/dev/null | LC_ALL=C sort | head -n 1)
		if [ -n "$j" ]; then
			# daxrace's own verdicts and marks, as it wrote them
			cells+=("$(jq -c --arg f "$f" --arg p "${j#"$mdir/"}" '.scenarios[]? |
				{fs: $f, scenario: .id, status: .status, known: (.known == true),
				 new: (.status == "FAIL" and (.known != true)),
				 known_issues: ((.known_issue // "") | split(",") | map(select(. != ""))),
				 reason: .reason, result_json: $p}' "$j")")
		else
			# no result.json: --probe-only, --exec, or not run at all
			local frc
			frc=$(cat "$d/rc" 2>/dev/null || true)
			cells+=("$(jq -nc --arg f "$f" --arg rc "$frc" \
				--arg e "$(head -n 1 "$d/error" 2>/dev/null || true)" \
				--arg s "$(head -n 1 "$d/summary" 2>/dev/null || true)" '
				($rc | if . == "0" then "PASS" elif . == "1" then "FAIL"
				       elif . == "4" or . == "77" then "SKIP" else "ERROR" end) as $st |
				{fs: $f, scenario: null, status: $st, known: false, new: ($st == "FAIL"),
				 known_issues: [],
				 reason: (if $e != "" then $e elif $rc == "" then "not run" else $s end),
				 result_json: null}')")
		fi
		ns=$(head -n 1 "$d/namespace" 2>/dev/null || true)
		case $ns in
		PASS* | FAIL*)
			cells+=("$(jq -nc --arg f "$f" --arg ns "$ns" \
				--arg k "$(head -n 1 "$d/namespace-known" 2>/dev/null || true)" '
				($ns | startswith("FAIL")) as $fail |
				{fs: $f, scenario: "NAMESPACE", status: (if $fail then "FAIL" else "PASS" end),
				 known: ($fail and $k != ""), new: ($fail and $k == ""),
				 known_issues: (if $fail and $k != "" then [$k] else [] end),
				 reason: $ns, result_json: null}')")
			;;
		esac
	done
	printf '%s\n' "${cells[@]}" | jq -sc --arg l "$l" --arg k "$(cat "$ld/kernel" 2>/dev/null || true)" \
		--arg rel "$release" --arg ver "$version" --arg dir "${g#"$mdir/"}" \
		--argjson rc "$rc" --arg w "$(matrix_word "$rc")" --arg why "$reason" \
		--arg el "$(cat "$ld/elapsed" 2>/dev/null || true)" '
		{kernel: $l, kernel_option: (if $k == "" then null else $k end),
		 release: (if $rel == "" then null else $rel end),
		 version: (if $ver == "" then null else $ver end),
		 dir: (if $dir == "" then null else $dir end),
		 exit_status: $rc, result: $w,
		 reason: (if $why == "" then null else $why end),
		 elapsed_s: (if $el == "" then null else ($el | tonumber) end),
		 cells: map({kernel: $l} + .)}'
}

# matrix_combine MDIR: matrix.json, the table (stdout, and matrix.txt),
# and $final: 1 if any guest's daxrace-vm exited 1 (a new failure, or any
# under --strict), else 3 if any could not run, else 0 if any passed,
# else 4 -- daxrace-vm's own rule, over the guests.
matrix_combine() {
	local l any_bug=0 any_env=0 any_pass=0 any_skip=0 rc started
	command -v jq >/dev/null 2>&1 || die_env "--matrix needs jq to read each result.json"
	: >"$mdir/guests.jsonl"
	while IFS=$'\t' read -r _ l _; do
		matrix_guest_json "$l" >>"$mdir/guests.jsonl"
		rc=$(cat "$mdir/$l/rc" 2>/dev/null || echo 3)
		case $rc in
		1) any_bug=1 ;; 0) any_pass=1 ;; 4) any_skip=1 ;; *) any_env=1 ;;
		esac
	done < <(grep $'^guest\t' "$mdir/matrix.conf")
	if [ "$any_bug" -eq 1 ]; then final=$EXIT_BUG
	elif [ "$any_env" -eq 1 ]; then final=$EXIT_ENV
	elif [ "$any_pass" -eq 1 ]; then final=$EXIT_PASS
	elif [ "$any_skip" -eq 1 ]; then final=$EXIT_SKIP
	else final=$EXIT_ENV
	fi
	started=$(awk -F'\t' '$1 == "started" { print $2 }' "$mdir/matrix.conf")
	jq -s --arg v "$DRV_VERSION" --arg fs "$fs_words" --arg cmd "$(awk -F'\t' '$1 == "command" { print $2 }' "$mdir/matrix.conf")" \
		--arg started "$started" --arg ended "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		--argjson jobs "$(awk -F'\t' '$1 == "jobs" { print $2 }' "$mdir/matrix.conf")" \
		--argjson rc "$final" --arg w "$(matrix_word "$final")" '
		{schema_version: 1, tool: {name: "daxrace-vm", version: $v},
		 command_line: $cmd, started: (if $started == "" then null else $started end),
		 ended: $ended, fs: ($fs | split(" ") | map(select(. != ""))), jobs: $jobs,
		 exit_status: $rc, result: $w,
		 summary: {guests: length, cells: (map(.cells[]) | length),
		           new: (map(.cells[] | select(.new)) | length),
		           known: (map(.cells[] | select(.known)) | length),
		           errors: (map(.cells[] | select(.status == "ERROR")) | length)},
		 guests: map(del(.cells)), cells: map(.cells[])}' \
		"$mdir/guests.jsonl" >"$mdir/matrix.json.tmp"
	mv "$mdir/matrix.json.tmp" "$mdir/matrix.json"
	rm -f "$mdir/guests.jsonl"
	matrix_table "$mdir/matrix.json" | tee "$mdir/matrix.txt"
	note "matrix: $mdir (matrix.json, matrix.txt; daxrace report $mdir shows every run)"
}

# matrix_columns: tab-separated lines on stdin as aligned columns.
matrix_columns() {
	local -a lines w=() f
	local line i out
	mapfile -t lines
	for line in "${lines[@]}"; do
		IFS=$'\t' read -r -a f <<<"$line"
		for i in "${!f[@]}"; do
			[ "${#f[i]}" -le "${w[i]:-0}" ] || w[i]=${#f[i]}
		done
	done
	for line in "${lines[@]}"; do
		IFS=$'\t' read -r -a f <<<"$line"
		out=''
		for i in "${!f[@]}"; do out+=$(printf '%-*s  ' "${w[i]}" "${f[i]}"); done
		printf '%s\n' "${out%"${out##*[! ]}"}"
	done
}

# matrix_table MATRIX.JSON: the grid, scenario by KERNEL/FS, rendered
# from matrix.json; then every new failure, known one and error in words.
# Cells: PASS, FAIL (a new failure), known (a FAIL of a known issue),
# SKIP, ERROR, "." (not in that guest's run).
matrix_table() {
	jq -r '
		def mark: if .status == "FAIL" then (if .known then "known" else "FAIL" end) else .status end;
		. as $m |
		[.guests[] | .kernel as $k | $m.fs[] | "\($k)/\(.)"] as $cols |
		([.cells[] | .scenario // "-"] | reduce .[] as $s ([]; if index([$s]) then . else . + [$s] end)) as $rows |
		(["SCENARIO"] + $cols | @tsv),
		($rows[] as $s | [$s] + [$cols[] as $c |
			([$m.cells[] | select("\(.kernel)/\(.fs)" == $c and (.scenario // "-") == $s)] |
			 if length == 0 then "." else (map(mark) | if index(["FAIL"]) then "FAIL"
			 elif index(["ERROR"]) then "ERROR" elif index(["known"]) then "known" else .[0] end) end)] | @tsv)
	' "$1" | matrix_columns
	echo
	jq -r '
		(.guests[] | "kernel \(.kernel): \(.kernel_option // "-"), release \(.release // "-")\(if .version then " (" + .version + ")" else "" end): exit \(.exit_status) \(.result)\(if .reason then ": " + .reason else "" end)"),
		(.cells[] | select(.new) | "NEW FAIL \(.kernel)/\(.fs) \(.scenario // "-"): \(.reason // "")"),
		(.cells[] | select(.known) | "known    \(.kernel)/\(.fs) \(.scenario // "-"): \(.known_issues | join(", "))"),
		(.cells[] | select(.status == "ERROR") | "ERROR    \(.kernel)/\(.fs) \(.scenario // "-"): \(.reason // "")"),
		"matrix: \(.result) (exit \(.exit_status)): \(.summary.guests) kernel(s), \(.summary.cells) cells, \(.summary.new) new failure(s), \(.summary.known) known, \(.summary.errors) error(s)"
	' "$1"
}
