# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace run / list / report: options, workload files, the results
# directory and its writers.
libdaxrace_a_SOURCES += \
	src/report/report.h src/report/output.h \
	src/report/run_opts.c src/report/run_opts.h \
	src/report/workload.c src/report/workload.h \
	src/report/result_json.c src/report/result_read.c \
	src/report/json_writer.c src/report/atomic_file.c \
	src/report/tap_writer.c src/report/human.c \
	src/report/results_dir.c src/report/dmesg.c src/report/progress.c \
	src/report/cmd_run.c src/report/cmd_list.c src/report/cmd_report.c
