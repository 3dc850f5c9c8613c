// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "common/exitcode.h"

bool dr_exit_automake;

int dr_exit_code(enum dr_exit code)
{
	if (!dr_exit_automake)
		return code;
	switch (code) {
	case DR_EXIT_SKIP:
		return 77;
	case DR_EXIT_USAGE:
	case DR_EXIT_ENV:
	case DR_EXIT_INTERRUPTED:
		return 99;
	default:
		return code;
	}
}

int dr_set_exit_style(const char *style)
{
	if (!strcmp(style, "automake"))
		dr_exit_automake = true;
	else if (!strcmp(style, "daxrace"))
		dr_exit_automake = false;
	else
		return -1;
	return 0;
}
