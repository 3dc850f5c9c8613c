// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rounds over time (pace.h).  Sampled by the scenario's waiting loop,
 * which wakes every 50 ms: a step's total is the count seen at the first
 * wake-up after the step ended, so a point is late by up to one tick.
 */
#include <string.h>

#include "engine/pace.h"

void dr_pace_start(struct dr_pace *p, uint64_t now_ns)
{
	memset(p, 0, sizeof(*p));
	p->start_ns = now_ns ? now_ns : 1;
	p->step_ns = DR_PACE_STEP_NS;
	p->end_ns = p->start_ns;
}

/* Full: every second point (those at even multiples of the step) stays. */
static void coarsen(struct dr_pace *p)
{
	for (unsigned int i = 0; i < DR_PACE_MAX / 2; i++)
		p->total[i] = p->total[2 * i + 1];
	p->n = DR_PACE_MAX / 2;
	p->step_ns *= 2;
}

void dr_pace_sample(struct dr_pace *p, uint64_t now_ns, uint64_t rounds)
{
	if (!p->start_ns)
		return;
	while (now_ns >= p->start_ns + (uint64_t)(p->n + 1) * p->step_ns) {
		if (p->n == DR_PACE_MAX) {
			coarsen(p);
			continue;
		}
		p->total[p->n++] = rounds;
		p->end_ns = p->start_ns + (uint64_t)p->n * p->step_ns;
	}
}

void dr_pace_finish(struct dr_pace *p, uint64_t now_ns, uint64_t rounds)
{
	if (!p->start_ns)
		return;
	dr_pace_sample(p, now_ns, rounds);
	/* What the last whole step left: a short final step, if any. */
	if (now_ns <= p->end_ns)
		return;
	if (p->n == DR_PACE_MAX)
		coarsen(p);
	p->total[p->n++] = rounds;
	p->end_ns = now_ns;
}
