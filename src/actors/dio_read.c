// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "actors/actor.h"

/*
 * O_DIRECT pread from the partner into the buffer.  The block layer pins the
 * buffer pages for write (bio_iov_iter_get_pages -> iov_iter_extract_pages
 * -> pin_user_pages_fast on 6.5+, get_user_pages_fast before), so the
 * victim's pages are the DMA target until the bio completes.  One request:
 * the buffer stays within one bio (DESIGN.md section 2).
 */
static ssize_t dio_read_take(struct dr_actor_job *aj)
{
	ssize_t n = pread(aj->partner_fd, aj->buf, aj->len, aj->partner_off);

	aj->ios = 1;
	return n < 0 ? -errno : n;
}

const struct dr_actor_ops dr_actor_dio_read = {
	.name = "dio-read",
	.summary = "O_DIRECT pread from the partner into the victim's mapped pages",
	.evidence_text = "the partner's block device counted the read",
	.data = DR_DATA_INTO_BUFFER,
	.evidence = DR_EVIDENCE_PARTNER_IO,
	.take = dio_read_take,
};
