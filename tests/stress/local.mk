# SPDX-License-Identifier: GPL-2.0-or-later
# The oracles under load.  The short mix (tests/integration/load-quiet.sh)
# runs in make check; tests/stress/lib.sh makes the load.
TESTS += tests/integration/load-quiet.sh
dist_check_SCRIPTS += tests/integration/load-quiet.sh
EXTRA_DIST += tests/stress/lib.sh

# Long trials, too slow for every "make check": "make check-stress" runs
# them through the same TAP driver (.ci/run does, after make check).
STRESS_TESTS = tests/stress/signals.sh
dist_check_SCRIPTS += $(STRESS_TESTS)

check-stress: all
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(STRESS_TESTS)"
.PHONY: check-stress
