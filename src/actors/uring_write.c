// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "actors/uring_lib.h"

/*
 * io_uring IORING_OP_WRITE (O_DIRECT) from the buffer to the partner,
 * split into --depth requests (uring_lib.c): the same pins as dio-write's
 * pwrite, so the partner must end up with the victim's data at pin time.
 */
static ssize_t uring_write_take(struct dr_actor_job *aj)
{
	return dr_uring_take(aj, true);
}

const struct dr_actor_ops dr_actor_uring_write = {
	.name = "uring-write",
	.summary = "io_uring O_DIRECT writes (--depth requests) from the victim's mapped pages to the partner",
	.evidence_text = "the partner's block device counted the writes",
	.data = DR_DATA_FROM_BUFFER,
	.evidence = DR_EVIDENCE_PARTNER_IO,
	.uses_depth = true,
	.needs = dr_uring_needs,
	.setup = dr_uring_setup,
	.teardown = dr_uring_teardown,
	.take = uring_write_take,
};
