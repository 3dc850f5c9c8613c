// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
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
	struct dr_victim probe;
	struct iovec iov;
	struct io_uring ring;
	char name[48];
	int ret;

	(void)j;
	if (!sc->env.dax)
		return;
	/* A file of its own: whatever the registration does to its pages
	 * must not touch the victims the rounds then judge. */
	snprintf(name, sizeof(name), "longterm-%u", sc->index);
	ret = dr_victim_create(&probe, sc->wd, name,
			       atomic_fetch_add(&sc->next_file_id, 1), 0, 4, sc->pl);
	if (ret) {
		dr_info("GUPFAIL: cannot create %s: %s: longterm check skipped",
			name, strerror(-ret));
		return;
	}
	iov = (struct iovec){ probe.region, 4 * DR_PAGE_SIZE };
	ret = io_uring_queue_init(4, &ring, 0);
	if (ret < 0) {
		dr_info("GUPFAIL: io_uring unavailable (%s): longterm check skipped",
			strerror(-ret));
		goto out;
	}
	ret = io_uring_register_buffers(&ring, &iov, 1);
	if (ret == 0) {
		dr_violation_add(&sc->res->oracles, DR_ORACLE_GUPFAIL, UINT64_MAX, NULL,
				 "io_uring_register_buffers accepted %zu bytes of a fsdax mapping (%s): a FOLL_LONGTERM pin the filesystem cannot wait for",
				 iov.iov_len, name);
		io_uring_unregister_buffers(&ring);
	} else if (ret != -EOPNOTSUPP) {
		dr_info("GUPFAIL: io_uring_register_buffers on fsdax: %s (expected EOPNOTSUPP)",
			strerror(-ret));
	}
	io_uring_queue_exit(&ring);
out:
	dr_victim_destroy(&probe, sc->wd);
#else
	(void)sc;
	(void)j;
#endif
}
