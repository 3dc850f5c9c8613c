#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the LAVA sample DUT (ci/lava/qemu/job.yaml): the daxrace-vm
# initramfs (busybox, the kernel's modules, ndctl, mkfs, daxrace) with this
# /init instead of daxrace-vm's, which would run daxrace itself.  It loads
# the modules and gives LAVA a shell on the console; LAVA's test shell does
# the rest.  LAVA mounts its test overlay by /dev/disk/by-uuid/UUID, which
# udev would make: there is no udev here (and busybox-static has no
# blkid), so the links are made below from the ext2 superblock LAVA's
# guestfs writes: magic 0xEF53 at byte 1080, the UUID at 1128.
# /init must never exit (the kernel would panic): the shell is restarted.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts /dev/disk/by-uuid /mnt
mount -t devpts devpts /dev/pts 2>/dev/null
while read -r m; do
	[ -z "$m" ] || insmod "$m" 2>/dev/null
done </etc/modules.order
uuid_of() { # DEV: the UUID of the ext2/3/4 filesystem on DEV, or fail
	_m=$(dd if="$1" bs=1 skip=1080 count=2 2>/dev/null | od -An -tx1 | tr -d ' \n')
	[ "$_m" = 53ef ] || return 1
	dd if="$1" bs=1 skip=1128 count=16 2>/dev/null | od -An -tx1 | tr -d ' \n' |
		sed 's/^\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)/\1-\2-\3-\4-/'
}
for d in /sys/class/block/*; do
	n=${d##*/}
	u=$(uuid_of "/dev/$n") && ln -sf "../../$n" "/dev/disk/by-uuid/$u"
done
hostname daxrace-dut
# the known kernel issues daxrace marks its FAILs with (make-ramdisk.sh);
# the shell LAVA drives inherits it
DAXRACE_KNOWN_ISSUES=/etc/daxrace/known-issues
export DAXRACE_KNOWN_ISSUES
echo "daxrace-dut: kernel $(uname -r) up after $(cut -d' ' -f1 /proc/uptime)s"
# the prompt KernelCI's qemu jobs wait for too
PS1='/ # '
export PS1
while :; do
	setsid cttyhack /bin/sh -i
done
