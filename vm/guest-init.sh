#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# /init of the daxrace-vm guest (busybox sh).  Loads the modules, makes the
# fsdax namespace, and for each filesystem: mkfs, mount with DAX, check that
# a new file really is DAX (STATX_ATTR_DAX), run daxrace, umount, disable
# the namespace under a deadline (the NAMESPACE oracle).  Everything it
# learns goes to the 9p share, which daxrace-vm reads on the host:
#   up, status, dmesg.txt, ndctl-list.json, FS/{rc,namespace,error,...}
# It always ends with poweroff; the host kills qemu at its timeout anyway.
# No set -e: /init must never exit (the kernel would panic); every step
# checks its own status and ends in fatal() or poweroff.
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
S=/share
MNT=/mnt/dax

msg() { echo "DAXRACE-VM: $*" >/dev/console; }
off() {
	# sync under a deadline: a umount stuck in the kernel holds the
	# superblock's s_umount, and a plain sync would wait on it forever
	sync &
	_s=$! _i=0
	while [ -d "/proc/$_s" ] && [ "$(awk '{ print $3 }' "/proc/$_s/stat" 2>/dev/null)" != Z ] &&
		[ "$_i" -lt 50 ]; do
		usleep 100000
		_i=$((_i + 1))
	done
	msg "powering off"
	# A task stuck in the kernel (a umount in D state) can hold up the
	# device shutdown that poweroff does; then reset with no shutdown at
	# all (qemu runs with -no-reboot, so a reset ends it too).
	poweroff -f &
	sleep 5
	msg "poweroff is stuck: emergency reset"
	echo b >/proc/sysrq-trigger
	sleep 30
}
fatal() { # REASON: record it and stop
	msg "ERROR: $*"
	[ -d "$S" ] && echo "error: $*" >"$S/status"
	[ -d "$S" ] && dmesg >"$S/dmesg.txt" 2>/dev/null
	off
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts "$MNT"
mount -t devpts devpts /dev/pts 2>/dev/null
echo 1 >/proc/sys/kernel/sysrq
# The zerocopy actor sends over 127.0.0.1: the loopback device must be up.
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null
# daxrace's KLOG oracle and our stacks need the full kernel log.
dmesg -n 7 2>/dev/null

msg "kernel $(uname -r) up after $(cut -d' ' -f1 /proc/uptime)s"
while read -r m; do
	[ -n "$m" ] || continue
	# loaded below with its parameters, when vm.conf asks for it
	case $m in */null_blk.ko) continue ;; esac
	insmod "$m" 2>/tmp/insmod.err || {
		# already loaded or built in is fine; anything else is reported
		grep -q 'File exists' /tmp/insmod.err || msg "insmod $m: $(cat /tmp/insmod.err)"
	}
done </etc/modules.order

mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none daxrace "$S" ||
	fatal "cannot mount the 9p results share (modules 9p, 9pnet_virtio, netfs?)"
: >"$S/up"
# shellcheck disable=SC1091
. "$S/vm.conf" || fatal "no vm.conf in the share"

# deadline SECONDS LOGFILE CMD...: run CMD in the background, wait at most
# SECONDS.  A command stuck in the kernel (D state, or an interruptible
# sleep that never ends) is left behind with its kernel stack in LOGFILE,
# and deadline returns 124; we never wait() on it.
deadline() {
	_t=$1 _log=$2
	shift 2
	"$@" >>"$_log" 2>&1 &
	_pid=$!
	_i=0
	while [ -d "/proc/$_pid" ] && [ "$(awk '{ print $3 }' "/proc/$_pid/stat" 2>/dev/null)" != Z ]; do
		if [ "$_i" -ge $((_t * 10)) ]; then
			{
				echo "--- still running after ${_t}s: $*"
				echo "state: $(awk '{ print $3 }' "/proc/$_pid/stat")  wchan: $(cat "/proc/$_pid/wchan" 2>/dev/null)"
				cat "/proc/$_pid/stack" 2>/dev/null
			} >>"$_log"
			kill -9 "$_pid" 2>/dev/null
			return 124
		fi
		usleep 100000
		_i=$((_i + 1))
	done
	wait "$_pid"
}

# daxrace marks failures that are known kernel issues from this file
if [ -f "$S/known-issues" ]; then
	DAXRACE_KNOWN_ISSUES=$S/known-issues
	export DAXRACE_KNOWN_ISSUES
fi

# ------------------------------------------------------------ namespace
pmem=''
ns_create() {
	case $DRV_NSMODE in
	fsdax:dev | fsdax:mem)
		ndctl create-namespace -f -e namespace0.0 -m fsdax -M "${DRV_NSMODE#fsdax:}" \
			>"$S/ndctl-create.json" 2>&1 ||
			fatal "ndctl create-namespace failed: $(tail -n 3 "$S/ndctl-create.json")"
		;;
	memmap) ;; # a legacy e820 region: the pmem disk is there already
	esac
	ndctl list -N -R >"$S/ndctl-list.json" 2>&1
	pmem=$(sed -n 's/.*"blockdev":"\(pmem[0-9.]*\)".*/\1/p' "$S/ndctl-list.json" | head -n 1)
	if [ -z "$pmem" ]; then
		for b in /sys/block/pmem*; do [ -e "$b" ] && pmem=${b##*/} && break; done
	fi
	[ -b "/dev/${pmem:-none}" ] || fatal "no pmem block device (see ndctl-list.json)"
	case $DRV_NSMODE in
	fsdax:*) grep -q '"mode":"fsdax"' "$S/ndctl-list.json" ||
		fatal "namespace is not in fsdax mode: $(cat "$S/ndctl-list.json")" ;;
	esac
	msg "namespace: /dev/$pmem ($DRV_NSMODE)"
}
ns_create
ns_dev=$(sed -n 's/.*"dev":"\(namespace[0-9.]*\)".*/\1/p' "$S/ndctl-list.json" | head -n 1)
[ -n "$ns_dev" ] || ns_dev=namespace0.0

# The O_DIRECT partner.  null_blk (--partner null_blk, the default):
# memory-backed, so reads return what daxrace wrote, and irqmode=0, so
# null_handle_cmd() ends the request with blk_mq_end_request() in the
# submitting task (drivers/block/null_blk/main.c): the O_DIRECT call
# finds its bio complete without a sleep, an interrupt or a device
# model's thread in between.  The I/O counters daxrace confirms a hold
# with are blk-mq's, as on any disk.  Otherwise, or when the kernel has
# no null_blk, the virtio disk daxrace-vm attached (found by serial).
partner='' partner_why=''
if [ "${DRV_PARTNER:-virtio}" = null_blk ]; then
	if [ -f /lib/modules/null_blk.ko ]; then
		insmod /lib/modules/null_blk.ko nr_devices=1 gb=1 queue_mode=2 \
			irqmode=0 memory_backed=1 2>/tmp/insmod.err ||
			partner_why="insmod null_blk: $(cat /tmp/insmod.err)"
	fi
	if [ -b /dev/nullb0 ] &&
		[ "$(cat /sys/module/null_blk/parameters/memory_backed 2>/dev/null)" = Y ] &&
		[ "$(cat /sys/module/null_blk/parameters/irqmode 2>/dev/null)" = 0 ]; then
		partner=/dev/nullb0
		msg "partner: /dev/nullb0 (null_blk, memory-backed, completes in the submitting task)"
	else
		[ -n "$partner_why" ] || partner_why="no null_blk module with memory_backed=1 irqmode=0 (CONFIG_BLK_DEV_NULL_BLK)"
	fi
fi
if [ -z "$partner" ]; then
	for b in /sys/block/vd*; do
		[ -e "$b/serial" ] && [ "$(cat "$b/serial")" = daxrace-partner ] && partner=/dev/${b##*/}
	done
	msg "partner: ${partner:-none} (virtio disk${partner_why:+; $partner_why})"
fi

# ------------------------------------------------------------ per fs
ns_stuck=0
for fs in $DRV_FS; do
	d=$S/$fs
	mkdir -p "$d"
	if [ "$ns_stuck" -eq 1 ]; then
		echo "the namespace could not be disabled after the previous filesystem" >"$d/error"
		continue
	fi
	case $fs in
	ext4) mk="mkfs.ext4 -q -F -b 4096 /dev/$pmem" ;;
	xfs) mk="mkfs.xfs -q -f -m reflink=0 /dev/$pmem" ;;
	xfs-reflink) mk="mkfs.xfs -q -f -m reflink=1 /dev/$pmem" ;;
	esac
	msg "$fs: $mk"
	# shellcheck disable=SC2086 # word splitting of the command on purpose
	if ! $mk >"$d/mkfs.log" 2>&1; then
		echo "mkfs failed: $(tail -n 2 "$d/mkfs.log")" >"$d/error"
		continue
	fi
	msg "$fs: mount -o dax=$DRV_DAX /dev/$pmem $MNT"
	mount -t "${fs%-reflink}" -o "dax=$DRV_DAX" "/dev/$pmem" "$MNT" 2>"$d/mount.log" || {
		echo "mount -o dax=$DRV_DAX failed: $(cat "$d/mount.log")" >"$d/error"
		continue
	}
	grep " $MNT " /proc/mounts >"$d/mount.txt"
	dir=$MNT/daxrace
	mkdir -p "$dir"
	# dax=inode: DAX per file, inherited from the directory's flag.
	[ "$DRV_DAX" = inode ] && xfs_io -c 'chattr +x' "$dir" >>"$d/mount.log" 2>&1
	# STATX_ATTR_DAX (0x200000) on a new file, or we report no DAX result.
	xfs_io -f -c 'pwrite -q 0 4096' -c fsync -c 'statx -r' "$dir/.daxcheck" >"$d/statx.txt" 2>&1
	attrs=$(sed -n 's/^stat.attributes = //p' "$d/statx.txt")
	rm -f "$dir/.daxcheck"
	if [ -z "$attrs" ] || [ $((attrs & 0x200000)) -eq 0 ]; then
		echo "mounted with dax=$DRV_DAX but a new file is not DAX (statx attributes ${attrs:-unknown}): no DAX result reported" >"$d/error"
		msg "$fs: NOT DAX (attributes ${attrs:-?})"
		umount "$MNT"
		continue
	fi
	echo "STATX_ATTR_DAX set (attributes $attrs)" >"$d/dax"
	msg "$fs: DAX confirmed (statx attributes $attrs)"

	daxrace probe --dir "$dir" --json >"$d/probe.json" 2>"$d/probe.err"
	echo $? >"$d/probe.rc"

	if [ "$DRV_SHELL" = 1 ]; then
		msg "$fs mounted on $MNT (partner ${partner:-none}); exit the shell to go on"
		setsid cttyhack sh -l
	elif [ "$DRV_PROBE_ONLY" = 1 ]; then
		cp "$d/probe.rc" "$d/rc"
	elif [ "${DRV_EXEC:-0}" = 1 ]; then
		msg "$fs: daxrace-vm-exec $dir ${partner:-none}"
		daxrace-vm-exec "$dir" "${partner:-none}" >"$d/exec.out" 2>&1 </dev/null
		rc=$?
		echo "$rc" >"$d/rc"
		msg "$fs: exec exited $rc"
		cat "$d/exec.out" >/dev/console
	else
		set --
		while IFS= read -r a; do set -- "$@" "$a"; done <"$S/run-args"
		has_partner=0
		for a in "$@"; do case $a in --partner | --partner=*) has_partner=1 ;; esac; done
		# The disk daxrace-vm made for this (random data, so that every
		# read is a bio) is daxrace's own to overwrite.
		[ "$has_partner" -eq 1 ] || [ -z "$partner" ] ||
			set -- --partner "$partner" --partner-destroy "$@"
		mkdir -p "$d/results"
		msg "$fs: daxrace run --require-dax --dir $dir --results $d/results $*"
		# -v: daxrace logs each scenario's start and verdict to run.err,
		# which daxrace-vm forwards as the run goes on (a -q among the
		# arguments comes later and wins)
		# how to boot this guest again, for the reproduce lines
		DAXRACE_VM_COMMAND="${DRV_REPRO:+${DRV_REPRO}--fs $fs}" DAXRACE_VM_FS=$fs \
			daxrace run -v --require-dax --dir "$dir" --results "$d/results" "$@" \
			>"$d/run.out" 2>"$d/run.err" </dev/null
		rc=$?
		echo "$rc" >"$d/rc"
		msg "$fs: daxrace run exited $rc"
		tail -n 5 "$d/run.out" >/dev/console 2>/dev/null
	fi

	cd /
	sync
	t=${DRV_STEP_TIMEOUT:-60}
	if ! deadline "$t" "$d/umount.log" umount "$MNT"; then
		{
			echo "FAIL: umount did not finish in ${t}s (layout break waiting on a leaked page reference?)"
			cat "$d/umount.log"
		} >"$d/namespace"
		ns_stuck=1
		msg "$fs: NAMESPACE FAIL (umount blocked)"
		continue
	fi
	case $DRV_NSMODE in
	memmap) dis="ndctl disable-region all" en="ndctl enable-region all" ;;
	*) dis="ndctl disable-namespace $ns_dev" en="ndctl enable-namespace $ns_dev" ;;
	esac
	# shellcheck disable=SC2086
	if deadline "$t" "$d/disable.log" $dis && ! grep -q 'disabled 0' "$d/disable.log"; then
		echo "PASS" >"$d/namespace"
		# shellcheck disable=SC2086
		$en >"$d/enable.log" 2>&1 || { echo "re-enable failed: $(cat "$d/enable.log")" >"$d/enable.err"; ns_stuck=1; }
		[ "$ns_stuck" -eq 1 ] || [ -b "/dev/$pmem" ] || ns_stuck=1
	else
		{
			echo "FAIL: '$dis' did not succeed in ${t}s after umount (pages of the namespace still referenced)"
			cat "$d/disable.log"
		} >"$d/namespace"
		ns_stuck=1
		msg "$fs: NAMESPACE FAIL"
	fi
done

dmesg >"$S/dmesg.txt"
echo "done" >"$S/status"
cd /
# The share is not unmounted: 9p with cache=none has written everything,
# and a stuck umount above must not keep us from powering off.
off
