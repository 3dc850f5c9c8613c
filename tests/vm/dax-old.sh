#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ext4 and xfs DAX on a kernel before the 6.15 ZONE_DEVICE refcount rework.
KVER=${DAXRACE_VM_OLD_KERNEL:-6.1}
. "$top_srcdir/tests/vm/dax.inc"
