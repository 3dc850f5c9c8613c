// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "oracles/timeline.h"

struct event {
	const char *name;
	uint64_t t;
};

static int event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return 0;
}

char *dr_round_timeline(const struct dr_round *r)
{
	struct event ev[] = {
		{ "io_start    (actor entered the call)", r->t_io_start },
		{ "fault       (uffd fault: pins held)", r->t_fault },
		{ "mut_start   (layout change entered)", r->t_mut_start },
		{ "mut_blocked (mutator seen asleep)", r->t_mut_blocked },
		{ "release     (UFFDIO_COPY: pins go)", r->t_release },
		{ "io_return   (actor's call returned)", r->t_io_return },
		{ "mut_return  (layout change returned)", r->t_mut_return },
	};
	size_t len = 2048, used = 0;
	uint64_t base = r->t_fault ? r->t_fault : r->t_io_start;
	char *s = malloc(len);
	int n;

	if (!s)
		return NULL;
#define OUT(...)                                                        \
	do {                                                            \
		n = snprintf(s + used, len - used, __VA_ARGS__);        \
		if (n > 0)                                              \
			used += (size_t)n < len - used ? (size_t)n      \
						       : len - used - 1; \
	} while (0)

	OUT("round %llu: actor %s, mutator %s, %s, victim bytes [%llu, %llu)\n",
	    (unsigned long long)r->index, r->actor ? r->actor : "?",
	    r->mutator ? r->mutator : "?", r->dax ? "DAX" : "page cache",
	    (unsigned long long)r->victim_offset,
	    (unsigned long long)(r->victim_offset + r->victim_length));
	/* In time order; steps that never happened (t == 0) are listed last. */
	qsort(ev, DR_ARRAY_SIZE(ev), sizeof(ev[0]), event_cmp);
	for (size_t i = 0; i < DR_ARRAY_SIZE(ev); i++) {
		if (!ev[i].t)
			continue;
		OUT("  %-40s %+14.3f us\n", ev[i].name,
		    ((double)ev[i].t - (double)base) / 1e3);
	}
	for (size_t i = 0; i < DR_ARRAY_SIZE(ev); i++)
		if (!ev[i].t)
			OUT("  %-40s %14s\n", ev[i].name, "never");
	OUT("actor: result %lld, errno %d (%s)\n", (long long)r->io_result,
	    r->io_errno, r->io_errno ? strerror(r->io_errno) : "none");
	OUT("mutator: errno %d (%s), slept in \"%s\"\n", r->mut_errno,
	    r->mut_errno ? strerror(r->mut_errno) : "none",
	    r->mut_wchan[0] ? r->mut_wchan : "-");
#undef OUT
	return s;
}
