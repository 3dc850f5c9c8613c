// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "actors/uring_lib.h"

/*
 * io_uring fixed buffers: io_uring_register_buffers() over the victim's
 * pages takes the FOLL_LONGTERM pin that registration is, and
 * IORING_OP_READ_FIXED fills them from the partner (uring_lib.c).  The
 * kernel must refuse the registration over fsdax (GUPFAIL checks that in
 * every DAX scenario) and refuses it over a filesystem whose pages need
 * dirty tracking (6.5+), so its rounds run on tmpfs (or older kernels'
 * page cache), where the pin is long-lived and real: needs() says which.
 */
const struct dr_actor_ops dr_actor_uring_fixed = {
	.name = "uring-fixed",
	.summary = "io_uring_register_buffers over the victim's mapped pages (a FOLL_LONGTERM pin), then IORING_OP_READ_FIXED from the partner into them; on tmpfs: the kernel refuses it over fsdax and over ext4 or xfs page cache",
	.evidence_text = "the uffd fault in the registration's pin_user_pages_fast, which pins the buffer's pages in address order, the victim's first: io_pin_pages in io_uring/memmap.c",
	.data = DR_DATA_INTO_BUFFER,
	.evidence = DR_EVIDENCE_FAULT_AFTER_PIN,
	.needs = dr_uring_fixed_needs,
	.setup = dr_uring_setup,
	.teardown = dr_uring_teardown,
	.take = dr_uring_take_fixed,
};
