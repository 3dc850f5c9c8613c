# SPDX-License-Identifier: GPL-2.0-or-later
libdaxrace_a_SOURCES += \
	src/actors/actor.h \
	src/actors/registry.c \
	src/actors/dio_read.c \
	src/actors/dio_write.c \
	src/actors/uring_lib.c src/actors/uring_lib.h \
	src/actors/uring_read.c \
	src/actors/uring_write.c
