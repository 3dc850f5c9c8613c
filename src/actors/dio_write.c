// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "actors/actor.h"

/*
 * O_DIRECT pwrite from the buffer to the partner: the kernel pins the
 * victim's pages for read and the device reads them when the bio runs, so
 * the partner must end up with exactly what the victim held at pin time.
 */
static ssize_t dio_write_take(struct dr_actor_job *aj)
{
	ssize_t n = pwrite(aj->partner_fd, aj->buf, aj->len, aj->partner_off);

	aj->ios = 1;
	return n < 0 ? -errno : n;
}

const struct dr_actor_ops dr_actor_dio_write = {
	.name = "dio-write",
	.summary = "O_DIRECT pwrite from the victim's mapped pages to the partner",
	.evidence_text = "the partner's block device counted the write",
	.data = DR_DATA_FROM_BUFFER,
	.evidence = DR_EVIDENCE_PARTNER_IO,
	.take = dio_write_take,
};
