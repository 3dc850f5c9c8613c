# SPDX-License-Identifier: GPL-2.0-or-later
#
# Oracles, plus the engine helpers they are built on (taskinfo, watchdog,
# hist): src/engine/local.mk belongs to the engine, so these are listed
# here to keep the two fragments from colliding.
libdaxrace_a_SOURCES += \
	src/oracles/oracle.h src/oracles/round.h \
	src/oracles/registry.c \
	src/oracles/sink.c \
	src/oracles/timeline.c src/oracles/timeline.h \
	src/oracles/crc32c.c src/oracles/crc32c_impl.h \
	src/oracles/tag.c src/oracles/tag.h \
	src/oracles/klog.c src/oracles/klog.h \
	src/oracles/space.c src/oracles/space.h \
	src/oracles/order.c \
	src/oracles/tag_oracle.c \
	src/oracles/live.c \
	src/oracles/space_oracle.c \
	src/oracles/klog_oracle.c \
	src/oracles/gupfail.c \
	src/engine/taskinfo.c src/engine/taskinfo.h \
	src/engine/watchdog.c src/engine/watchdog.h \
	src/engine/hist.c src/engine/hist.h

# One TAP program per behaviour; each oracle is shown firing and not firing.
DR_ORACLE_TESTS = \
	tests/unit/crc32c_test \
	tests/unit/tag_test \
	tests/unit/hist_test \
	tests/unit/oracle_test \
	tests/unit/klog_test \
	tests/unit/space_test \
	tests/unit/watchdog_test \
	tests/unit/taskinfo_test

check_PROGRAMS += $(DR_ORACLE_TESTS)
TESTS += $(DR_ORACLE_TESTS)

