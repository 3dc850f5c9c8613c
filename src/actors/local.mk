# SPDX-License-Identifier: GPL-2.0-or-later
libdaxrace_a_SOURCES += \
	src/actors/actor.h \
	src/actors/registry.c \
	src/actors/dio_read.c \
	src/actors/dio_write.c \
	src/actors/uring_lib.c src/actors/uring_lib.h \
	src/actors/uring_read.c \
	src/actors/uring_write.c \
	src/actors/uring_fixed.c \
	src/actors/pvm_lib.c src/actors/pvm_lib.h \
	src/actors/pvm_read.c \
	src/actors/pvm_write.c \
	src/actors/vmsplice.c \
	src/actors/populate.c \
	src/actors/procmem.c \
	src/actors/futex.c \
	src/actors/zc_lib.c src/actors/zc_lib.h \
	src/actors/zerocopy.c \
	src/actors/uring_send_zc.c

# The io_uring, process_vm and vmsplice actors on the host (page cache),
# and their SKIP where io_uring_setup or process_vm_readv fails (tests/lib/deny-syscall.so, built by tests/local.mk).
actor_run_tests = tests/integration/run-uring.sh \
	tests/integration/run-uring-skip.sh \
	tests/integration/run-copy-actors.sh \
	tests/integration/run-free-only.sh \
	tests/integration/run-futex-held.sh \
	tests/integration/run-uring-fixed.sh
TESTS += $(actor_run_tests)
dist_check_SCRIPTS += $(actor_run_tests)

check_PROGRAMS += tests/unit/actor_futex_test
TESTS += tests/unit/actor_futex_test
