# SPDX-License-Identifier: GPL-2.0-or-later
#
# The race engine (taskinfo, watchdog and hist are listed by
# src/oracles/local.mk, which owns them).
libdaxrace_a_SOURCES += \
	src/engine/engine.h src/engine/priv.h \
	src/engine/engine.c \
	src/engine/scenario.c \
	src/engine/job.c \
	src/engine/hold.c \
	src/engine/freerun.c \
	src/engine/verify.c \
	src/engine/mutate.c \
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
	src/engine/placement.c src/engine/placement_record.c \
	src/engine/prng.c \
	src/engine/pace.c src/engine/pace.h

# Drives dr_engine_run directly (no CLI); engine-smoke.sh runs it on a
# private filesystem so SPACE sees no other test's files.
check_PROGRAMS += tests/unit/engine_smoke_test

# Integration tests of the engine through "daxrace run" (root, page-cache
# mode on the host; they skip until run is registered).
engine_run_tests = \
	tests/integration/run-actors-mutators.sh \
	tests/integration/run-mutators-ext4.sh \
	tests/integration/run-mutators-xfs.sh \
	tests/integration/run-mutators-refused.sh \
	tests/integration/run-inject-tag.sh \
	tests/integration/run-inject-live.sh \
	tests/integration/run-seed-replay.sh \
	tests/integration/run-stall-none.sh tests/integration/run-numa.sh \
	tests/integration/run-safety.sh \
	tests/integration/engine-smoke.sh
TESTS += $(engine_run_tests)
dist_check_SCRIPTS += $(engine_run_tests)
EXTRA_DIST += tests/integration/run-lib.sh tests/integration/mutators-lib.sh

check_PROGRAMS += tests/unit/engine_parts_test
TESTS += tests/unit/engine_parts_test

check_PROGRAMS += tests/unit/pace_test
TESTS += tests/unit/pace_test
