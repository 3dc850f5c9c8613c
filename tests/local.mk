# SPDX-License-Identifier: GPL-2.0-or-later
EXTRA_DIST += tests/lib/env.sh tests/lib/tap.sh tests/lib/lava.sh tests/unit/tap.h

# What tests keep for people to look at (report-html.sh's page and
# screenshot) goes with "make clean", as the logs do.
clean-local: clean-artefacts
clean-artefacts:
	-rm -rf tests/artefacts
.PHONY: clean-artefacts

# Built files must all be in .gitignore; the test gets their names from here.
TESTS += tests/integration/gitignore.sh
dist_check_SCRIPTS += tests/integration/gitignore.sh
AM_TESTS_ENVIRONMENT += DR_BUILT_FILES='$(bin_PROGRAMS) $(bin_SCRIPTS) \
	$(check_PROGRAMS) $(noinst_LIBRARIES) $(CLEANFILES) \
	$(nodist_libdaxrace_a_SOURCES)'; export DR_BUILT_FILES;

# LD_PRELOAD shims the tests load into daxrace (built, never installed).
# A program target linked -shared: automake without libtool has no
# check_LTLIBRARIES.  No sanitizers: the shim runs before their runtime.
check_PROGRAMS += tests/lib/deny-syscall.so
tests_lib_deny_syscall_so_SOURCES = tests/lib/deny-syscall.c
tests_lib_deny_syscall_so_CFLAGS = $(WARN_CFLAGS) -fPIC
tests_lib_deny_syscall_so_LDFLAGS = -shared
tests_lib_deny_syscall_so_LDADD =
