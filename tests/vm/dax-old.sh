#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ext4 and xfs DAX on a kernel before the 6.15 ZONE_DEVICE refcount rework.
KVER=${DAXRACE_VM_OLD_KERNEL:-6.1}
# bio-release-no-devmap-wake fails every held dio round there: bundle it.
VM_BUNDLE_FAIL=1
# There every actor's scenario with a layout-breaking mutator ends in that
# one known LIVE, each after the 3 s watchdog: two actors (a synchronous read, an io_uring write: both
# directions, both block-layer completion paths of the known issue's
# explanation) against every mutator on both filesystems halve the test's
# five minutes.  dax-new.sh runs all four; DAXRACE_VM_TEST_ACTORS= (empty)
# runs all four here too.
VM_ACTORS=dio-read,uring-write
. "$top_srcdir/tests/vm/dax.inc"
