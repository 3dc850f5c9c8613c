// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LIVE: a blocking call still blocked a deadline after its blocker is
 * gone means a page reference leaked (or a wake-up was lost).  The
 * detection is the engine's watchdog (src/engine/watchdog.c), whose
 * expiry callback captures the thread (dr_task_capture()) and reports
 * through dr_violation_add(DR_ORACLE_LIVE); this table states that the
 * oracle applies and with which deadline.
 */
#include "config.h"

#include "oracles/oracle.h"

static int live_begin(const struct dr_oracle_env *env,
		      struct dr_verdict_sink *sink, void **state)
{
	*state = NULL;
	dr_verdict_set(sink, DR_ORACLE_LIVE, DR_VERDICT_PASS,
		       "no blocking call outlived its blocker by the %.1f s deadline",
		       (double)env->watchdog_ns / 1e9);
	return 0;
}

const struct dr_oracle_ops dr_oracle_LIVE = {
	.name = "LIVE",
	.summary = "a blocking call is still blocked a deadline after its blocker is gone",
	.begin = live_begin,
};
