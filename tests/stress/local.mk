# SPDX-License-Identifier: GPL-2.0-or-later
# The oracles under load.  The short mix (tests/integration/load-quiet.sh)
# runs in make check; the longer ones (tests/stress) run in "make
# check-stress", through the same TAP driver, one at a time since each
# brings its own load; .ci/run runs them after make check.
TESTS += tests/integration/load-quiet.sh
dist_check_SCRIPTS += tests/integration/load-quiet.sh
EXTRA_DIST += tests/stress/lib.sh

# Long trials, too slow for every "make check": "make check-stress" runs
# them through the same TAP driver (.ci/run does, after make check), one
# at a time, since each brings its own load.
STRESS_TESTS = tests/stress/signals.sh tests/stress/cpu-jobs.sh \
	tests/stress/churn.sh tests/stress/two-runs.sh
dist_check_SCRIPTS += $(STRESS_TESTS)
# Their logs are not in TEST_LOGS (TESTS leaves them out): clean them here.
CLEANFILES += $(STRESS_TESTS:.sh=.log) $(STRESS_TESTS:.sh=.trs)

check-stress: all
	$(MAKE) $(AM_MAKEFLAGS) -j1 check TESTS="$(STRESS_TESTS)"
.PHONY: check-stress
