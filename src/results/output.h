/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_OUTPUT_H
#define DR_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "engine/engine.h"

/*
 * Writes dirfd/name through a temporary file and rename(2), so readers see
 * no file or the whole file.  fill writes the content and returns 0 or
 * -errno.  Returns 0 or -errno.
 */
int dr_save_file(int dirfd, const char *name, int (*fill)(FILE *f, void *ctx),
		 void *ctx);

/*
 * --OPT DIR: makes DIR if missing (not its parents) or takes the directory
 * already there, which with must_be_empty must hold nothing; opens it into
 * *dirfd.  Returns 0, or DR_EXIT_USAGE / DR_EXIT_ENV after one line naming
 * --OPT and DIR (*dirfd is then -1).
 */
int dr_out_dir_open(const char *opt, const char *dir, bool must_be_empty,
		    int *dirfd);

/*
 * Creates a new run directory BASE/YYYYMMDD-HHMMSS-sSEED (UTC; "-2", "-3"
 * appended if taken) with mkdir, never reusing or following anything.
 * BASE is created if missing (its parent must exist) and must not be a
 * symbolic link.  Returns an O_DIRECTORY fd and the path in path, or
 * -errno after a one-line error.
 */
int dr_results_dir_create(const char *base, const struct timespec *when,
			  uint64_t seed, char *path, size_t len);

/*
 * Kernel log capture for dmesg.txt: start() remembers where /dev/kmsg ends
 * now, save() writes every record since into dirfd/name.  When /dev/kmsg
 * cannot be read the file says why instead.
 */
struct dr_dmesg {
	int fd;    /* -1 when unreadable */
	int err;   /* errno of the failed open */
};

void dr_dmesg_start(struct dr_dmesg *d);
int dr_dmesg_save(struct dr_dmesg *d, int dirfd, const char *name);

#endif
