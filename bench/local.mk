# SPDX-License-Identifier: GPL-2.0-or-later
# The benchmark is shipped, not run by make check.
EXTRA_DIST += bench/daxrace-bench.sh

bench: daxrace
	DAXRACE=$(abs_top_builddir)/daxrace $(SHELL) $(top_srcdir)/bench/daxrace-bench.sh $(BENCH_ARGS)
.PHONY: bench
