# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace probe: one file per section, registered in DR_PROBE_SECTIONS
# (src/probe/probe_int.h); the library API in probe.h is shared with run.
libdaxrace_a_SOURCES += \
	src/probe/probe.h src/probe/probe_int.h \
	src/probe/cmd_probe.c \
	src/probe/probe_report.c \
	src/probe/probe_render_table.c src/probe/probe_render_json.c \
	src/probe/probe_kernel.c \
	src/probe/probe_fs.c src/probe/probe_dir.c src/probe/probe_partner.c \
	src/probe/probe_pmem2.c src/probe/probe_ndctl.c src/probe/probe_numa.c \
	src/probe/probe_uffd.c src/probe/probe_uring.c src/probe/probe_priv.c \
	src/probe/probe_verdict.c

dist_man_MANS += man/daxrace-probe.1

# Integration tests of probe, and the man page checks every page shares.
probe_tests = \
	tests/integration/probe-json.sh tests/integration/probe-table.sh \
	tests/integration/probe-errors.sh tests/integration/probe-partner.sh \
	tests/integration/man-render.sh tests/integration/man-options.sh
TESTS += $(probe_tests)
dist_check_SCRIPTS += $(probe_tests)

check_PROGRAMS += tests/unit/probe_api_test
TESTS += tests/unit/probe_api_test
