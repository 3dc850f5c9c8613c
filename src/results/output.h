/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_OUTPUT_H
#define DR_OUTPUT_H

#include <pthread.h>
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

/*
 * The live progress line: on a terminal only, redrawn at most four times
 * a second, erased by dr_progress_end before anything else is printed.
 */
struct dr_progress_line {
	pthread_mutex_t lock; /* the engine may report from several threads */
	bool enabled;
	bool drawn;
	uint64_t last_draw_ns;
	uint64_t last_rounds, last_rounds_ns;
	double rate;
	const char *last_scenario;
	int width;
	/* Set by the caller before each engine run of a workload: scenarios
	 * in the runs before this one, in all of them, and the estimated time
	 * of the runs after it (UINT64_MAX: unknown). */
	unsigned int sc_before, sc_total;
	uint64_t later_ns;
};

void dr_progress_init(struct dr_progress_line *pl, bool wanted);
/* A dr_progress_fn; ctx is the dr_progress_line. */
void dr_progress_draw(const struct dr_progress *p, void *ctx);
void dr_progress_end(struct dr_progress_line *pl);

#endif
