/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_FIND_RESULTS_H
#define DR_FIND_RESULTS_H

#include <stddef.h>

/*
 * The result.json files below a directory daxrace or daxrace-vm wrote: a
 * run directory (DIR/result.json), a --results directory of several runs,
 * a daxrace-vm guest directory (FS/results/RUN/result.json) or a tree of
 * them.  Symbolic links are not followed (a link to / must not make us
 * walk the whole machine) and the walk stops DR_FIND_MAX_DEPTH levels
 * down and at DR_FIND_MAX_RESULTS files.
 */
#define DR_FIND_MAX_DEPTH   6
#define DR_FIND_MAX_RESULTS 4096

struct dr_found {
	char **paths; /* sorted, so runs come in the order of their names */
	size_t n;
};

/* Returns 0 (n may be 0), or -errno: -ENOMEM, -E2BIG past the cap, or
 * the error of opening dir itself. */
int dr_find_results(const char *dir, struct dr_found *found);
void dr_found_free(struct dr_found *found);

#endif
