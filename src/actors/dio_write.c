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
static ssize_t dio_write_io(int partner_fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pwrite(partner_fd, buf, len, off);

	return n < 0 ? -errno : n;
}

const struct dr_actor_ops dr_actor_dio_write = {
	.name = "dio-write",
	.summary = "O_DIRECT pwrite from the victim's mapped pages to the partner",
	.writes_buffer = false,
	.io = dio_write_io,
};
