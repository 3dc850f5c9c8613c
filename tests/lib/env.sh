# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by automake before every test (AM_TESTS_ENVIRONMENT).  Keeps the
# tests from depending on the caller's locale or terminal.
LC_ALL=C
export LC_ALL
unset DAXRACE_RESULTS
unset DAXRACE_KNOWN_ISSUES
unset DAXRACE_SANITIZERS
