/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_NAMESET_H
#define DR_NAMESET_H

#include <stddef.h>

/*
 * Section names seen so far, for "already defined at line N" in constant
 * time: a file of 100,000 sections must not take n^2 comparisons.  An
 * open-addressing table of borrowed names and their line numbers.
 */
struct dr_nameset {
	struct dr_nameset_slot { const char *name; unsigned int line; } *slot;
	size_t cap, nr;
};

/*
 * Adds name (borrowed: it must outlive the set) seen on line.  Returns 0,
 * the line it was first seen on when it is already there, or -ENOMEM.
 */
long dr_nameset_add(struct dr_nameset *s, const char *name, unsigned int line);
void dr_nameset_free(struct dr_nameset *s);

#endif
