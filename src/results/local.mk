# SPDX-License-Identifier: GPL-2.0-or-later
# result.json and what is made from it: the writers (JSON, TAP, human),
# the reader and validator "daxrace report" uses, the results directory,
# dmesg.txt, and finding result.json files under any directory.
if HAVE_JSONC
libdaxrace_a_SOURCES += \
	src/results/report.h src/results/output.h \
	src/results/result_json.c src/results/result_read.c \
	src/results/json_writer.c src/results/atomic_file.c src/results/out_dir.c \
	src/results/tap_writer.c src/results/human.c \
	src/results/results_dir.c src/results/dmesg.c \
	src/results/find_results.c src/results/find_results.h \
	src/results/result_load.c src/results/result_load.h \
	src/results/compare.c src/results/compare.h src/results/compare_side.c \
	src/results/compare_rate.c src/results/compare_human.c src/results/compare_tap.c \
	src/results/repro.c src/results/utf8.c src/results/utf8.h \
	src/results/xml_escape.c src/results/xml_escape.h \
	src/results/junit_writer.c src/results/kcidb_writer.c \
	src/results/html.h src/results/html_writer.c src/results/html_grid.c \
	src/results/html_svg.c src/results/kconfig.c \
	src/results/bundle.h src/results/bundle.c src/results/bundle_text.c \
	src/results/bundle_files.c src/results/bundle_trace.c src/results/bundle_repro.c

# Unit tests: the writers against a hand-built result, the results
# directory.
results_unit_tests = \
	tests/unit/report_json_test tests/unit/report_tap_test \
	tests/unit/report_human_test tests/unit/report_resdir_test \
	tests/unit/report_repro_test tests/unit/report_xml_test
check_PROGRAMS += $(results_unit_tests)
TESTS += $(results_unit_tests)
endif

EXTRA_DIST += tests/unit/report_fixture.h
