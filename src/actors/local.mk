# SPDX-License-Identifier: GPL-2.0-or-later
libdaxrace_a_SOURCES += \
	src/actors/actor.h \
	src/actors/registry.c \
	src/actors/dio_read.c \
	src/actors/dio_write.c
