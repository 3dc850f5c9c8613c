/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_REFLINK_LIB_H
#define DR_REFLINK_LIB_H

#include <stddef.h>
#include <stdint.h>

/* Shared by reflink.c and unshare.c (reflink_lib.c). */

/* FICLONERANGE of len bytes at off from src onto dst.  0 or -errno. */
int dr_reflink_clone(int dst, int src, uint64_t off, uint64_t len);
/* probe(): a block cloned between two files of the mutator's own, then
 * also unshared when unshare is true.  0, or -errno with why. */
int dr_reflink_probe(int dirfd, int unshare, char *why, size_t len);
/* The per-job file (t->priv holds its descriptor): 0 or -errno. */
struct dr_mut_target;
int dr_reflink_file_open(struct dr_mut_target *t);
int dr_reflink_file_fd(const struct dr_mut_target *t);
void dr_reflink_file_close(struct dr_mut_target *t);

#endif
