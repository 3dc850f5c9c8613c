# SPDX-License-Identifier: GPL-2.0-or-later
#
# Faults injected from outside (resource limits, full and failing
# filesystems and partners, signals): each ends with a clear report, no
# work directory left and whole results (root; they skip otherwise).
fault_tests = \
	tests/integration/fault-setup.sh \
	tests/integration/run-touch-only-own.sh \
	tests/integration/run-partner-data.sh \
	tests/integration/fault-signals.sh \
	tests/integration/fault-midrun.sh
TESTS += $(fault_tests)
dist_check_SCRIPTS += $(fault_tests)
EXTRA_DIST += tests/integration/fault-lib.sh

# Verdicts: nothing reads PASS that did not run; SPACE says when other
# writers disturb it instead of failing.
verdict_tests = tests/integration/run-early-end.sh \
	tests/integration/run-space-busy.sh \
	tests/integration/run-interrupt.sh
TESTS += $(verdict_tests)
dist_check_SCRIPTS += $(verdict_tests)

# The source folders are layers: includes only go down them.
TESTS += tests/integration/layers.sh
dist_check_SCRIPTS += tests/integration/layers.sh
