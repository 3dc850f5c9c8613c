/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_ROUND_H
#define DR_ROUND_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The timeline of one race round, as the engine measured it.  Oracles judge
 * rounds from this record alone, which is what lets their unit tests feed
 * them synthetic timelines.  Times are CLOCK_MONOTONIC nanoseconds; 0 means
 * "did not happen".
 */
struct dr_round {
	uint64_t index;
	const char *actor;   /* ops name, e.g. "dio-read" */
	const char *mutator; /* ops name, e.g. "punch" */
	bool dax;            /* the victim file has STATX_ATTR_DAX */

	/* Evidence that the pages really stayed referenced while the layout
	 * changed: the actor's own (for O_DIRECT: a bio carried the buffer,
	 * the partner's I/O counters advanced), and in DAX mode the mutator
	 * was seen blocked.  Unconfirmed rounds are counted, never judged. */
	bool confirmed;
	char unconfirmed_reason[96];

	/* Range of the victim file that was pinned, in bytes. */
	uint64_t victim_offset;
	uint64_t victim_length;

	uint64_t t_io_start;      /* actor entered the GUP-triggering call */
	uint64_t t_fault;         /* uffd fault arrived: victim pages pinned */
	uint64_t t_mut_start;     /* mutator entered the layout change */
	uint64_t t_mut_blocked;   /* mutator seen sleeping in the kernel */
	uint64_t t_release;       /* holder resolved the fault (UFFDIO_COPY) */
	uint64_t t_io_return;     /* actor's call returned */
	uint64_t t_mut_return;    /* mutator's call returned */

	ssize_t io_result;  /* bytes, or -1 */
	int io_errno;       /* errno of the actor's call, 0 on success */
	int mut_errno;      /* errno of the layout change, 0 on success */
	char mut_wchan[64]; /* where the mutator slept, if it did */
};

#endif
