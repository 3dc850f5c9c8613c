#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A kernel built without CONFIG_PVH (x86_64_defconfig) has no PVH ELF
# note, and qemu refuses its uncompressed vmlinux.  daxrace-vm boots the
# vmlinux only when the note is there and the bzImage otherwise, and says
# which.  The kernel without the note is a copy of Debian's 6.1 vmlinux
# with the note's type changed; a bzImage boot is checked under TCG.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
vm_kernel "${DAXRACE_VM_OLD_KERNEL:-6.1}"
vm_tmpdir
tap_plan 9
info=$("$DAXRACE_VM" --kernel-package "${DAXRACE_VM_OLD_KERNEL:-6.1}" --fetch-only)
bz=$(printf '%s\n' "$info" | sed -n 's/^kernel: //p')
vml=$(printf '%s\n' "$info" | sed -n 's/^boot: //p')
mods=$(printf '%s\n' "$info" | sed -n 's/^modules: //p')
[ -f "$vml" ] && [ "$vml" != "$bz" ] || tap_skip_all "no uncompressed vmlinux for $VM_RELEASE"

# The note as arch/x86/platform/pvh/head.S emits it: namesz 4, descsz 4
# or 8 (_ASM_PTR), type 18 (XEN_ELFNOTE_PHYS32_ENTRY), "Xen\0".
cp "$vml" "$VM_TMP/nopvh"
off=$(LC_ALL=C grep -obaP '\x04\x00\x00\x00[\x04\x08]\x00\x00\x00\x12\x00\x00\x00Xen\x00' \
	"$VM_TMP/nopvh" | head -n 1 | cut -d: -f1)
[ -n "$off" ] || tap_skip_all "no PVH note found in $vml to take out"
printf '\176' | dd of="$VM_TMP/nopvh" bs=1 seek=$((off + 8)) conv=notrunc status=none

# A user's bzImage (outside the cache) whose kernel has the note.
cp "$bz" "$VM_TMP/bzImage"
out=$("$DAXRACE_VM" --kernel "$VM_TMP/bzImage" --fetch-only 2>&1)
tap_ok "a bzImage whose kernel has a PVH entry: its vmlinux is booted" sh -c \
	'printf "%s\n" "$1" | grep -qx "boot-via: the uncompressed vmlinux through its PVH entry"' \
	sh "$out"

# One whose kernel has none: the setup header of the real one (for the
# release) and the changed vmlinux, compressed (what extract-vmlinux finds).
{ head -c 16384 "$bz"; gzip -1 -c "$VM_TMP/nopvh"; } >"$VM_TMP/bzImage-nopvh"
out=$("$DAXRACE_VM" --kernel "$VM_TMP/bzImage-nopvh" --fetch-only 2>&1)
tap_ok "a bzImage whose kernel has no PVH entry: the bzImage is booted" sh -c \
	'printf "%s\n" "$1" | grep -qx "boot: $2" &&
	 printf "%s\n" "$1" | grep -qx "boot-via: the bzImage: its kernel has no PVH entry (CONFIG_PVH is not set)"' \
	sh "$out" "$VM_TMP/bzImage-nopvh"
rc=0
out=$("$DAXRACE_VM" --kernel "$VM_TMP/bzImage-nopvh" --boot pvh --fetch-only 2>&1) || rc=$?
tap_ok "--boot pvh on it: exit 3 saying why" sh -c \
	'[ "$1" -eq 3 ] && printf "%s\n" "$2" | grep -q "no PVH entry"' sh "$rc" "$out"

# The vmlinux without the note itself: qemu cannot boot it at all, so
# daxrace-vm says so before building anything or starting qemu.
rc=0
out=$(TMPDIR=$VM_TMP "$DAXRACE_VM" --kernel "$VM_TMP/nopvh" --results "$VM_TMP/r0" --fs ext4 2>&1) || rc=$?
tap_ok "a vmlinux without a PVH entry: exit 3" test "$rc" -eq 3
tap_ok "... named as such, pointing to the bzImage, qemu never started" sh -c \
	'printf "%s\n" "$1" | grep -q "is a vmlinux without a PVH entry.*bzImage" &&
	 ! printf "%s\n" "$1" | grep -q qemu-system && [ ! -d "$2" ]' sh "$out" "$VM_TMP/r0"
tap_diag "daxrace-vm --kernel nopvh -> exit $rc" "$out"

# The bzImage boot path, for real: qemu's Linux boot protocol and the
# kernel's own decompressor, under TCG.
vm_run --kernel "$VM_TMP/bzImage" --modules "$mods" --boot bzimage --probe-only --fs ext4
tap_ok "booted as a bzImage: exit 0" test "$VM_RC" -eq 0
tap_ok "... the output says how it booted" grep -q '^daxrace-vm: booting the bzImage' "$VM_LOG"
tap_ok "... and vm.txt records it" grep -qx 'boot: '"$VM_TMP/bzImage" "$VM_OUT/vm.txt"
tap_ok "... the guest came up and found DAX" test -s "$VM_OUT/ext4/dax"
tap_done
