/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_PROGRESS_H
#define DR_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"

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
