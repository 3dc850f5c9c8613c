// SPDX-License-Identifier: GPL-2.0-or-later
/* Rounds over time: one point per step, the short last step, and the
 * step doubling when the points are full. */
#include "config.h"

#include "engine/pace.h"
#include "tap.h"

#define S DR_PACE_STEP_NS

int main(void)
{
	struct dr_pace p = { 0 };

	dr_pace_sample(&p, 5 * S, 10);
	dr_pace_finish(&p, 6 * S, 12);
	tap_ok(p.n == 0 && p.start_ns == 0, "never started: nothing recorded");

	dr_pace_start(&p, 1000);
	dr_pace_sample(&p, 1000 + S / 2, 3);
	tap_ok(p.n == 0, "no point before the first step ends");
	dr_pace_sample(&p, 1000 + S + 7, 5);
	tap_ok(p.n == 1 && p.total[0] == 5 && p.end_ns == 1000 + S,
	       "a point per step ended");
	dr_pace_sample(&p, 1000 + 3 * S + 1, 9);
	tap_ok(p.n == 3 && p.total[1] == 9 && p.total[2] == 9,
	       "a late wake-up fills the steps it slept over");
	dr_pace_finish(&p, 1000 + 3 * S + S / 4, 11);
	tap_ok(p.n == 4 && p.total[3] == 11 && p.end_ns == 1000 + 3 * S + S / 4,
	       "the last, short step ends at the finish");

	dr_pace_start(&p, 1);
	dr_pace_finish(&p, 1 + 2 * S, 4);
	tap_ok(p.n == 2 && p.total[1] == 4 && p.end_ns == 1 + 2 * S,
	       "a finish on a step boundary adds no empty step");

	dr_pace_start(&p, 1);
	for (uint64_t i = 1; i <= DR_PACE_MAX; i++)
		dr_pace_sample(&p, 1 + i * S, i * 10);
	tap_ok(p.n == DR_PACE_MAX && p.step_ns == S, "full at DR_PACE_MAX points");
	dr_pace_sample(&p, 1 + (DR_PACE_MAX + 2) * S, 99999);
	tap_ok(p.step_ns == 2 * S && p.n == DR_PACE_MAX / 2 + 1 &&
	       p.total[0] == 20 && p.total[DR_PACE_MAX / 2 - 1] == DR_PACE_MAX * 10 &&
	       p.total[DR_PACE_MAX / 2] == 99999,
	       "then the step doubles, keeping the totals at its ends");
	dr_pace_start(&p, 1);
	for (uint64_t i = 1; i <= 1000000; i += 7)
		dr_pace_sample(&p, 1 + i * S, i);
	dr_pace_finish(&p, 1 + 1000003 * S, 1000003);
	tap_ok(p.n <= DR_PACE_MAX && p.n > DR_PACE_MAX / 2 &&
	       p.total[p.n - 1] == 1000003,
	       "a long run stays within DR_PACE_MAX points (%u, step %llu ns)", p.n,
	       (unsigned long long)p.step_ns);
	tap_plan(tap_count);
	return tap_exit();
}
