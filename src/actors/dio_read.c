// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "actors/actor.h"

/*
 * O_DIRECT pread from the partner into the buffer.  The block layer pins the
 * buffer pages for write (bio_iov_iter_get_pages -> iov_iter_extract_pages
 * -> pin_user_pages_fast on 6.5+, get_user_pages_fast before), so the
 * victim's pages are the DMA target until the bio completes.
 */
static ssize_t dio_read_io(int partner_fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(partner_fd, buf, len, off);

	return n < 0 ? -errno : n;
}

const struct dr_actor_ops dr_actor_dio_read = {
	.name = "dio-read",
	.summary = "O_DIRECT pread from the partner into the victim's mapped pages",
	.writes_buffer = true,
	.io = dio_read_io,
};
