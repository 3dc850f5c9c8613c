# SPDX-License-Identifier: GPL-2.0-or-later
# Known issues: the known-issues file (vm/known-issues), its parser, and
# the matching of a run's failures against it by kernel, fs and oracle.
if HAVE_JSONC
libdaxrace_a_SOURCES += \
	src/known/known.c src/known/known.h src/known/known_run.c

known_unit_tests = \
	tests/unit/report_known_test tests/unit/report_known_render_test \
	tests/unit/known_shipped_test
check_PROGRAMS += $(known_unit_tests)
TESTS += $(known_unit_tests)
endif
