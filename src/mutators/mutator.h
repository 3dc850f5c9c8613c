/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_MUTATOR_H
#define DR_MUTATOR_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A mutator changes the layout of a file range that may be pinned: the
 * filesystem must break layouts (wait for the pins) before it frees the
 * blocks.  Adding one is one file plus one line in registry.c.
 */
struct dr_mutator_ops {
	const char *name;    /* "punch" */
	const char *summary; /* one line, for daxrace list */
	/*
	 * true: everything from off to the end of the file reads as zero
	 * afterwards (truncate); false: exactly [off, off + len) does.
	 */
	bool zeroes_to_eof;
	/*
	 * Changes the layout of [off, off + len) of fd, a file of size bytes,
	 * with one or two system calls and no retry (an interrupted call is
	 * the caller's to retry).  Page-aligned arguments.  0 or -errno.
	 */
	int (*apply)(int fd, uint64_t off, uint64_t len, uint64_t size);
};

extern const struct dr_mutator_ops dr_mutator_punch;
extern const struct dr_mutator_ops dr_mutator_zero;
extern const struct dr_mutator_ops dr_mutator_truncate;

/* NULL-terminated, in the order daxrace list prints them. */
extern const struct dr_mutator_ops *const dr_mutators[];

const struct dr_mutator_ops *dr_mutator_by_name(const char *name);

#endif
