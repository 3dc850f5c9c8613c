# SPDX-License-Identifier: GPL-2.0-or-later
# Workload files users copy and edit; "daxrace run --workload NAME" finds
# the installed ones by name.
workloadsdir = $(pkgdatadir)/workloads
dist_workloads_DATA = workloads/quick.ini workloads/nightly.ini
