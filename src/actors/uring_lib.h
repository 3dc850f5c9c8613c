/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_URING_LIB_H
#define DR_URING_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "actors/actor.h"

/*
 * The io_uring O_DIRECT actors (uring-read, uring-write) differ only in the
 * opcode: everything else is here, parameterised by the direction.
 */
int dr_uring_needs(const struct dr_actor_env *env, char *why, size_t len);
int dr_uring_setup(struct dr_actor_job *aj, char *why, size_t len);
void dr_uring_teardown(struct dr_actor_job *aj);
/* write: the kernel reads the buffer (IORING_OP_WRITE), else it fills it. */
ssize_t dr_uring_take(struct dr_actor_job *aj, bool write);

/*
 * uring-fixed: the buffer registered as a fixed buffer (a FOLL_LONGTERM
 * pin, which stalls in the uffd fault), read into with
 * IORING_OP_READ_FIXED, unregistered.  needs() tries the registration on
 * a page of a file of its own in env->dirfd: the kernel allows it only
 * where the filesystem needs no dirty tracking and is not fsdax.
 */
int dr_uring_fixed_needs(const struct dr_actor_env *env, char *why, size_t len);
ssize_t dr_uring_take_fixed(struct dr_actor_job *aj);

/*
 * How take() splits k victim pages into at most depth requests: n
 * requests, the first n - 1 of pages_each victim pages, the last of the
 * rest plus the anonymous page.  Exposed for the unit test.
 */
struct dr_uring_split {
	unsigned int n;          /* requests, 1..depth */
	unsigned int pages_each; /* victim pages of each leading request */
	unsigned int last_pages; /* victim pages of the last, >= 1 */
};

void dr_uring_split(unsigned int k, unsigned int depth, struct dr_uring_split *s);
/* Requests a round must have produced on the partner: see take(). */
unsigned int dr_uring_min_ios(const struct dr_uring_split *s);

#endif
