# SPDX-License-Identifier: GPL-2.0-or-later
# make bench: the round's cost (bench/README.md).  BENCH_ARGS passes options,
# e.g. make bench BENCH_ARGS='--compare main --reps 5'.
EXTRA_DIST += bench/daxrace-bench.sh bench/bench-run.py bench/bench-summary.py \
	bench/README.md

bench: daxrace
	DAXRACE=$(abs_top_builddir)/daxrace $(SHELL) $(top_srcdir)/bench/daxrace-bench.sh \
		--out $(abs_top_builddir)/bench-out $(BENCH_ARGS)
.PHONY: bench

# The benchmark itself in a tiny configuration: its figures must parse and
# agree with each other.
TESTS += tests/integration/bench-smoke.sh
dist_check_SCRIPTS += tests/integration/bench-smoke.sh
