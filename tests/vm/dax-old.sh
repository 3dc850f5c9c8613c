#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ext4 and xfs DAX on a kernel before the 6.15 ZONE_DEVICE refcount rework.
KVER=${DAXRACE_VM_OLD_KERNEL:-6.1}
# bio-release-no-devmap-wake fails every held dio round there: bundle it.
VM_BUNDLE_FAIL=1
. "$top_srcdir/tests/vm/dax.inc"
