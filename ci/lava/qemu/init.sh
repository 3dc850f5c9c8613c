#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the LAVA sample DUT (ci/lava/qemu/job.yaml): the daxrace-vm
# initramfs (busybox, the kernel's modules, ndctl, mkfs, daxrace) with this
# /init instead of daxrace-vm's, which would run daxrace itself.  It loads
# the modules and gives LAVA a shell on the console; LAVA's test shell does
# the rest.  LAVA mounts its test overlay by /dev/disk/by-uuid/UUID, which
# udev would make: there is no udev here, so the links are made below.
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
for d in /sys/class/block/*; do
	n=${d##*/}
	u=$(blkid "/dev/$n" 2>/dev/null | sed -n 's/.* UUID="\([^"]*\)".*/\1/p')
	[ -z "$u" ] || ln -sf "../../$n" "/dev/disk/by-uuid/$u"
done
hostname daxrace-dut
echo "daxrace-dut: kernel $(uname -r) up after $(cut -d' ' -f1 /proc/uptime)s"
PS1='daxrace-dut# '
export PS1
while :; do
	setsid cttyhack /bin/sh -i
done
