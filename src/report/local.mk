# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace run / list / report: options, workload files, the results
# directory and its writers.
# Everything here renders through json-c; without it, nojson.c stands in
# and each command says why it cannot run.
if HAVE_JSONC
libdaxrace_a_SOURCES += \
	src/report/report.h src/report/output.h \
	src/report/run_opts.c src/report/run_opts.h src/report/run_check.c \
	src/report/workload.c src/report/workload.h \
	src/report/result_json.c src/report/result_read.c \
	src/report/json_writer.c src/report/atomic_file.c \
	src/report/tap_writer.c src/report/human.c \
	src/report/results_dir.c src/report/dmesg.c src/report/progress.c \
	src/report/cmd_run.c src/report/cmd_list.c src/report/cmd_report.c \
	src/report/find_results.c src/report/find_results.h \
	src/report/known.c src/report/known.h src/report/known_run.c
nodist_libdaxrace_a_SOURCES += src/report/builtin_workload.c
else
libdaxrace_a_SOURCES += src/report/nojson.c
endif

# The default workload is workloads/quick.ini itself, compiled in as a
# string, so the built-in default and the shipped file cannot drift apart.
CLEANFILES += src/report/builtin_workload.c
src/report/builtin_workload.c: $(srcdir)/workloads/quick.ini
	$(AM_V_GEN)$(MKDIR_P) src/report && { \
		echo '/* Generated from workloads/quick.ini by the build. */'; \
		echo '#include "report/workload.h"'; \
		echo 'const char dr_builtin_workload[] ='; \
		$(SED) -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' \
			-e 's/$$/\\n"/' $(srcdir)/workloads/quick.ini; \
		echo ';'; } >$@.tmp && mv $@.tmp $@

# Unit tests: the writers against a hand-built result, the option rows and
# workload files.
if HAVE_JSONC
report_unit_tests = \
	tests/unit/report_json_test tests/unit/report_tap_test \
	tests/unit/report_human_test tests/unit/report_opts_test \
	tests/unit/report_resdir_test tests/unit/report_known_test \
	tests/unit/report_known_render_test
check_PROGRAMS += $(report_unit_tests)
TESTS += $(report_unit_tests)
endif

EXTRA_DIST += tests/unit/report_fixture.h

# Integration tests of the command line (they need run, list and report).
report_cli_tests = \
	tests/integration/cli-run-options.sh tests/integration/cli-workload.sh \
	tests/integration/cli-list.sh tests/integration/cli-report.sh \
	tests/integration/cli-run-results.sh tests/integration/cli-man-options.sh \
	tests/integration/cli-progress.sh tests/integration/cli-known.sh \
	tests/integration/known-match.sh tests/integration/cli-input.sh \
	tests/integration/cli-numbers.sh tests/integration/cli-workload-check.sh
if HAVE_JSONC
TESTS += $(report_cli_tests)
endif
dist_check_SCRIPTS += $(report_cli_tests) tests/integration/validate-result.py \
	tests/integration/show-verdicts.py

dist_man_MANS += man/daxrace-run.1 man/daxrace-list.1 man/daxrace-report.1 \
	man/daxrace-workload.5
