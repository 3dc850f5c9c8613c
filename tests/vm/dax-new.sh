#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ext4 and xfs DAX on a kernel after the 6.15 ZONE_DEVICE refcount rework,
# both groups of the built-in default.  Free-running there meets
# dax-break-layout-refault and, with dio-write, dax-write-invalidate-mapped-warn
# (vm/known-issues): known, so the run passes, and any other failure is new.
KVER=${DAXRACE_VM_NEW_KERNEL:-7.3}
# Every actor x every mutator, two groups, two fs in one boot: about 470 s
# of guest under TCG on a loaded 2-core machine (233 s for ext4 alone in
# a CI run beside another daxrace), past lib.sh's 420 s default.  The
# bound only keeps a hung guest from hanging the suite; no oracle sees it.
DAXRACE_VM_TEST_TIMEOUT=${DAXRACE_VM_TEST_TIMEOUT:-900}
. "$top_srcdir/tests/vm/dax.inc"
