// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "actors/uring_lib.h"

/*
 * io_uring IORING_OP_READ (O_DIRECT) from the partner into the buffer,
 * split into --depth requests (uring_lib.c): the same pins as dio-read's
 * pread, taken from io_uring's submission path or an io-wq worker.
 */
static ssize_t uring_read_take(struct dr_actor_job *aj)
{
	return dr_uring_take(aj, false);
}

const struct dr_actor_ops dr_actor_uring_read = {
	.name = "uring-read",
	.summary = "io_uring O_DIRECT reads (--depth requests) from the partner into the victim's mapped pages",
	.evidence_text = "the partner's block device counted the reads",
	.data = DR_DATA_INTO_BUFFER,
	.evidence = DR_EVIDENCE_PARTNER_IO,
	.uses_depth = true,
	.needs = dr_uring_needs,
	.setup = dr_uring_setup,
	.teardown = dr_uring_teardown,
	.take = uring_read_take,
};
