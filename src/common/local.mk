# SPDX-License-Identifier: GPL-2.0-or-later
libdaxrace_a_SOURCES += \
	src/common/commands.h \
	src/common/exitcode.c src/common/exitcode.h \
	src/common/input.c src/common/input.h \
	src/common/ini.c src/common/ini.h \
	src/common/log.c src/common/log.h \
	src/common/nameset.c src/common/nameset.h \
	src/common/opts.c src/common/opts.h \
	src/common/spawn.c src/common/spawn.h \
	src/common/util.c src/common/util.h
