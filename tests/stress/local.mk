# SPDX-License-Identifier: GPL-2.0-or-later
# The oracles under load.  The short mix (tests/integration/load-quiet.sh)
# runs in make check; tests/stress/lib.sh makes the load.
TESTS += tests/integration/load-quiet.sh
dist_check_SCRIPTS += tests/integration/load-quiet.sh
EXTRA_DIST += tests/stress/lib.sh
