/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_PACE_H
#define DR_PACE_H

#include <stdint.h>

/*
 * Rounds over time, for the HTML report's chart: how many rounds had
 * been completed at the end of each step since the jobs started.  The
 * memory is fixed: when DR_PACE_MAX steps are full, neighbours are merged
 * and the step doubles, so a run of any length keeps between half and
 * all of DR_PACE_MAX points.
 */
#define DR_PACE_MAX 128
#define DR_PACE_STEP_NS 100000000ull /* the first step: 0.1 s */

struct dr_pace {
	uint64_t start_ns;     /* the jobs started; 0: never sampled */
	uint64_t step_ns;
	uint64_t end_ns;       /* the last sample (the final one may be short) */
	uint64_t total[DR_PACE_MAX]; /* rounds done by start + (i+1) * step */
	unsigned int n;
};

void dr_pace_start(struct dr_pace *p, uint64_t now_ns);
/* Records rounds (the running total) for every step that ended by now. */
void dr_pace_sample(struct dr_pace *p, uint64_t now_ns, uint64_t rounds);
/* The last, possibly partial, step: rounds done when the jobs ended. */
void dr_pace_finish(struct dr_pace *p, uint64_t now_ns, uint64_t rounds);

#endif
