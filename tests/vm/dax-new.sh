#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ext4 and xfs DAX on a kernel after the 6.15 ZONE_DEVICE refcount rework.
KVER=${DAXRACE_VM_NEW_KERNEL:-7.3}
. "$top_srcdir/tests/vm/dax.inc"
