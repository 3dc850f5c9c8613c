/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_EXITCODE_H
#define DR_EXITCODE_H

#include <stdbool.h>

/*
 * The exit status is an interface: harnesses branch on it.  Documented in
 * daxrace(1), EXIT STATUS; never renumber.
 */
enum dr_exit {
	DR_EXIT_PASS = 0,  /* every scenario that ran passed */
	DR_EXIT_BUG = 1,   /* a kernel bug was detected */
	DR_EXIT_USAGE = 2, /* usage or configuration error */
	DR_EXIT_ENV = 3,   /* the environment could not be set up */
	DR_EXIT_SKIP = 4,  /* nothing could run */
	/* SIGINT/SIGTERM stopped the run before every scenario had run, and
	 * nothing that ran found a kernel bug (that is 1). */
	DR_EXIT_INTERRUPTED = 5,
};

/* --exit-codes=automake: skip -> 77, errors and an interrupted run -> 99
 * (automake's convention: a hard error, the checks did not all run). */
extern bool dr_exit_automake;

int dr_exit_code(enum dr_exit code);
int dr_set_exit_style(const char *style);

#endif
