#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ext4 and xfs DAX on a kernel after the 6.15 ZONE_DEVICE refcount rework,
# both groups of the built-in default.  Free-running there meets
# dax-break-layout-refault and, with dio-write, dax-write-invalidate-mapped-warn
# (vm/known-issues): known, so the run passes, and any other failure is new.
KVER=${DAXRACE_VM_NEW_KERNEL:-7.3}
. "$top_srcdir/tests/vm/dax.inc"
