# SPDX-License-Identifier: GPL-2.0-or-later
#
# The race engine (taskinfo, watchdog and hist are listed by
# src/oracles/local.mk, which owns them).
libdaxrace_a_SOURCES += \
	src/engine/engine.h src/engine/round.h src/engine/priv.h \
	src/engine/engine.c \
	src/engine/scenario.c \
	src/engine/job.c \
	src/engine/hold.c \
	src/engine/freerun.c \
	src/engine/verify.c \
	src/engine/live.c \
	src/engine/bystander.c \
	src/engine/inject.c \
	src/engine/gupfail.c \
	src/engine/victim.c \
	src/engine/partner.c \
	src/engine/uffd.c \
	src/engine/worker.c \
	src/engine/futex.c \
	src/engine/workdir.c \
	src/engine/placement.c \
	src/engine/prng.c

# Drives dr_engine_run directly (no CLI) on a page-cache directory.
check_PROGRAMS += tests/unit/engine_smoke_test
TESTS += tests/unit/engine_smoke_test
tests_unit_engine_smoke_test_SOURCES = tests/unit/engine_smoke_test.c tests/unit/tap.h
tests_unit_engine_smoke_test_LDADD = libdaxrace.a $(DR_LIBS)
