/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_ACTOR_H
#define DR_ACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * An actor is a GUP path: one system call that makes the kernel take
 * references on the pages of a user buffer while it moves data between that
 * buffer and the partner.  Adding one is one file plus one line in
 * registry.c.
 */
struct dr_actor_ops {
	const char *name;    /* "dio-read" */
	const char *summary; /* one line, for daxrace list */
	/*
	 * true: the kernel writes into the buffer (the victim's pages receive
	 * partner data); false: the kernel reads the buffer (the partner
	 * receives the victim's data as of pin time).
	 */
	bool writes_buffer;
	/*
	 * Issues the call once, never retrying: a retry would re-pin and change
	 * the race.  Returns bytes moved or -errno (EINTR and short counts are
	 * the caller's to report).
	 */
	ssize_t (*io)(int partner_fd, void *buf, size_t len, off_t off);
};

extern const struct dr_actor_ops dr_actor_dio_read;
extern const struct dr_actor_ops dr_actor_dio_write;

/* NULL-terminated, in the order daxrace list prints them. */
extern const struct dr_actor_ops *const dr_actors[];

const struct dr_actor_ops *dr_actor_by_name(const char *name);

#endif
