# SPDX-License-Identifier: GPL-2.0-or-later
libdaxrace_a_SOURCES += \
	src/mutators/mutator.h \
	src/mutators/registry.c \
	src/mutators/lib.c \
	src/mutators/punch.c \
	src/mutators/zero.c \
	src/mutators/truncate.c \
	src/mutators/collapse.c \
	src/mutators/insert.c \
	src/mutators/madv_remove.c \
	src/mutators/unlink.c \
	src/mutators/write.c \
	src/mutators/reflink_lib.h \
	src/mutators/reflink_lib.c \
	src/mutators/reflink.c \
	src/mutators/unshare.c \
	src/mutators/zap.c \
	src/mutators/wrprotect.c \
	src/mutators/remap.c \
	src/mutators/fork.c
