# SPDX-License-Identifier: GPL-2.0-or-later
# Workload files users copy and edit; "daxrace run --workload NAME" finds
# the installed ones by name.
workloadsdir = $(pkgdatadir)/workloads
dist_workloads_DATA = workloads/smoke.ini workloads/nightly.ini \
	workloads/soak.ini workloads/bug-pinned-layout.ini \
	workloads/bug-missed-wakeup.ini workloads/bug-locked-entries.ini \
	workloads/bug-refcount-rework.ini workloads/bug-evict-pinned.ini
