// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The verdict sink: where oracles, the engine's round checks and the
 * watchdog thread put what they find.  Several threads report into one
 * sink (race pairs, the bystander, the watchdog), so every update takes
 * one process-wide mutex; violations are rare, so contention is not.
 *
 * A kernel that corrupts one block usually corrupts thousands: keep the
 * first DR_VIOLATIONS_MAX with full evidence and count the rest, so that
 * a bad run cannot exhaust memory or produce an unreadable report.
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "oracles/oracle.h"

#define DR_VIOLATIONS_MAX 256

static pthread_mutex_t sink_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const verdict_names[] = {
	[DR_VERDICT_PASS] = "PASS",
	[DR_VERDICT_FAIL] = "FAIL",
	[DR_VERDICT_SKIP] = "SKIP",
	[DR_VERDICT_NA] = "NA",
	[DR_VERDICT_INCONCLUSIVE] = "INCONCLUSIVE",
};

const char *dr_verdict_name(enum dr_verdict v)
{
	if ((unsigned int)v >= DR_ARRAY_SIZE(verdict_names))
		return "?";
	return verdict_names[v];
}

void dr_violation_add(struct dr_verdict_sink *sink, enum dr_oracle_id oracle,
		      uint64_t round, const char *evidence, const char *fmt, ...)
{
	struct dr_violation v = {
		.oracle = oracle,
		.round = round,
		.t_ns = dr_now_ns(),
	};
	va_list ap;

	if ((unsigned int)oracle >= DR_ORACLE_COUNT)
		return;
	va_start(ap, fmt);
	vsnprintf(v.summary, sizeof(v.summary), fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&sink_lock);
	if (sink->verdict[oracle] != DR_VERDICT_FAIL) {
		sink->verdict[oracle] = DR_VERDICT_FAIL;
		dr_strlcpy(sink->reason[oracle], v.summary,
			   sizeof(sink->reason[oracle]));
	}
	if (sink->nr_violations >= DR_VIOLATIONS_MAX)
		goto drop;
	if (sink->nr_violations == sink->cap_violations) {
		size_t cap = sink->cap_violations ? sink->cap_violations * 2 : 16;
		struct dr_violation *nv;

		if (cap > DR_VIOLATIONS_MAX)
			cap = DR_VIOLATIONS_MAX;
		nv = realloc(sink->violations, cap * sizeof(*nv));
		if (!nv)
			goto drop;
		sink->violations = nv;
		sink->cap_violations = cap;
	}
	/* strdup under the lock: rare, and it keeps the failure path simple. */
	v.evidence = evidence ? strdup(evidence) : NULL;
	sink->violations[sink->nr_violations++] = v;
	pthread_mutex_unlock(&sink_lock);
	return;
drop:
	sink->violations_dropped++;
	pthread_mutex_unlock(&sink_lock);
}

void dr_verdict_set(struct dr_verdict_sink *sink, enum dr_oracle_id oracle,
		    enum dr_verdict v, const char *fmt, ...)
{
	char reason[sizeof(sink->reason[0])];
	va_list ap;

	if ((unsigned int)oracle >= DR_ORACLE_COUNT)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&sink_lock);
	/*
	 * FAIL is sticky: an oracle's end() saying "nothing more seen" must
	 * not hide a violation the engine or the watchdog reported earlier.
	 */
	if (sink->verdict[oracle] != DR_VERDICT_FAIL || v == DR_VERDICT_FAIL) {
		sink->verdict[oracle] = v;
		memcpy(sink->reason[oracle], reason, sizeof(reason));
	}
	pthread_mutex_unlock(&sink_lock);
}

void dr_verdict_sink_free(struct dr_verdict_sink *sink)
{
	pthread_mutex_lock(&sink_lock);
	for (size_t i = 0; i < sink->nr_violations; i++)
		free(sink->violations[i].evidence);
	free(sink->violations);
	sink->violations = NULL;
	sink->nr_violations = 0;
	sink->cap_violations = 0;
	pthread_mutex_unlock(&sink_lock);
}
