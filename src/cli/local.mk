# SPDX-License-Identifier: GPL-2.0-or-later
# The command front end: daxrace run / list / report, their options, the
# workload files and the live progress line.  They sit on the engine, the
# known-issue matching (src/known) and the result writers (src/results).
# Everything here renders through json-c; without it, nojson.c stands in
# and each command says why it cannot run.
if HAVE_JSONC
libdaxrace_a_SOURCES += \
	src/cli/run_opts.c src/cli/run_opts.h src/cli/run_check.c \
	src/cli/workload.c src/cli/workload.h \
	src/cli/progress.c src/cli/progress.h \
	src/cli/cmd_run.c src/cli/cmd_list.c src/cli/cmd_report.c
nodist_libdaxrace_a_SOURCES += src/cli/builtin_workload.c
else
libdaxrace_a_SOURCES += src/cli/nojson.c
endif

# The default workload is workloads/smoke.ini itself, compiled in as a
# string, so the built-in default and the shipped file cannot drift apart.
CLEANFILES += src/cli/builtin_workload.c
src/cli/builtin_workload.c: $(srcdir)/workloads/smoke.ini
	$(AM_V_GEN)$(MKDIR_P) src/cli && { \
		echo '/* Generated from workloads/smoke.ini by the build. */'; \
		echo '#include "cli/workload.h"'; \
		echo 'const char dr_builtin_workload[] ='; \
		$(SED) -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' \
			-e 's/$$/\\n"/' $(srcdir)/workloads/smoke.ini; \
		echo ';'; } >$@.tmp && mv $@.tmp $@

# Unit tests of the option rows and workload files.
if HAVE_JSONC
cli_unit_tests = tests/unit/report_opts_test
check_PROGRAMS += $(cli_unit_tests)
TESTS += $(cli_unit_tests)
endif

# Integration tests of the command line (they need run, list and report).
report_cli_tests = \
	tests/integration/cli-run-options.sh tests/integration/cli-workload.sh \
	tests/integration/cli-list.sh tests/integration/cli-report.sh \
	tests/integration/cli-run-results.sh tests/integration/cli-man-options.sh \
	tests/integration/cli-progress.sh tests/integration/cli-known.sh \
	tests/integration/known-match.sh tests/integration/cli-input.sh \
	tests/integration/cli-numbers.sh tests/integration/cli-workload-check.sh \
	tests/integration/cli-compare.sh \
	tests/integration/run-reproduce.sh \
	tests/integration/report-junit-kcidb.sh tests/integration/report-html.sh \
	tests/integration/run-kconfig.sh tests/integration/report-bundle.sh
if HAVE_JSONC
TESTS += $(report_cli_tests)
endif
dist_check_SCRIPTS += $(report_cli_tests) tests/integration/validate-result.py \
	tests/integration/show-verdicts.py
EXTRA_DIST += tests/kcidb/kcidb-io.schema.v5.3.json tests/kcidb/README.md \
	tests/integration/result_fixture.py

dist_man_MANS += man/daxrace-run.1 man/daxrace-list.1 man/daxrace-report.1 \
	man/daxrace-workload.5
