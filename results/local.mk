# SPDX-License-Identifier: GPL-2.0-or-later
# The schema of result.json and how to read a run directory, installed for
# harnesses.  Run directories themselves are never committed or installed.
resultsdir = $(pkgdatadir)/results
dist_results_DATA = results/schema.json results/compare-schema.json \
	results/matrix.schema.json results/README.md
