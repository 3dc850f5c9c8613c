// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/uio.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

#ifdef HAVE_LIBURING
#include <liburing.h>
#endif

/*
 * GUPFAIL, longterm half: io_uring fixed-buffer registration pins with
 * FOLL_LONGTERM (io_pin_pages -> pin_user_pages_fast), and
 * check_vma_flags() in mm/gup.c refuses FOLL_LONGTERM on an fsdax VMA
 * (vma_is_fsdax -> -EOPNOTSUPP) because the filesystem could never wait
 * for such a pin.  Registration succeeding is the bug.
 */
void dr_gupfail_check_longterm(struct dr_scenario *sc, struct dr_job *j)
{
#ifdef HAVE_LIBURING
	struct iovec iov = { j->v.region, (size_t)j->v.k * DR_PAGE_SIZE };
	struct io_uring ring;
	int ret;

	if (!sc->env.dax)
		return;
	ret = io_uring_queue_init(4, &ring, 0);
	if (ret < 0) {
		dr_info("GUPFAIL: io_uring unavailable (%s): longterm check skipped",
			strerror(-ret));
		return;
	}
	ret = io_uring_register_buffers(&ring, &iov, 1);
	if (ret == 0) {
		dr_violation_add(&sc->res->oracles, DR_ORACLE_GUPFAIL, UINT64_MAX, NULL,
				 "io_uring_register_buffers accepted %zu bytes of a fsdax mapping (%s): a FOLL_LONGTERM pin the filesystem cannot wait for",
				 iov.iov_len, j->v.name);
		io_uring_unregister_buffers(&ring);
	} else if (ret != -EOPNOTSUPP) {
		dr_info("GUPFAIL: io_uring_register_buffers on fsdax: %s (expected EOPNOTSUPP)",
			strerror(-ret));
	}
	io_uring_queue_exit(&ring);
#else
	(void)sc;
	(void)j;
#endif
}
