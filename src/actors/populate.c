// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "actors/actor.h"
#include "common/util.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22  /* include/uapi/asm-generic/mman-common.h, 5.14 */
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/*
 * GUP-driven faulting: madvise(MADV_POPULATE_READ / MADV_POPULATE_WRITE)
 * and mlock(2) fault the whole window in through __get_user_pages()
 * (faultin_page_range(), __mm_populate()), a write population allocating
 * the blocks a punch freed, while the layout change and the page-table
 * changers run.  They ask GUP for no pages, so no reference outlives the
 * call: there is nothing for the uffd stall to hold (a "held" round could
 * only show the change not waiting, which is correct), and they race in
 * free-running mode only.  The three calls take turns, in a fixed order
 * so that a seed replays them.
 */
static int populate_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	void *p;
	int ret = 0;

	(void)env;
	p = mmap(NULL, DR_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		snprintf(why, len, "mmap: %s", strerror(errno));
		return -errno;
	}
	if (madvise(p, DR_PAGE_SIZE, MADV_POPULATE_WRITE) < 0) {
		ret = -errno;
		snprintf(why, len, "MADV_POPULATE_WRITE: %s%s", strerror(errno),
			 errno == EINVAL ? " (a kernel before 5.14)" : "");
	}
	munmap(p, DR_PAGE_SIZE);
	return ret;
}

static int populate_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	(void)why;
	(void)len;
	aj->priv = calloc(1, sizeof(unsigned int));
	return aj->priv ? 0 : -ENOMEM;
}

static void populate_teardown(struct dr_actor_job *aj)
{
	free(aj->priv);
	aj->priv = NULL;
}

static ssize_t populate_take(struct dr_actor_job *aj)
{
	unsigned int *turn = aj->priv;
	int ret;

	switch ((*turn)++ % 3) {
	case 0:
		aj->call = "MADV_POPULATE_READ";
		ret = madvise(aj->buf, aj->dax_len, MADV_POPULATE_READ);
		break;
	case 1:
		aj->call = "MADV_POPULATE_WRITE";
		ret = madvise(aj->buf, aj->dax_len, MADV_POPULATE_WRITE);
		break;
	default:
		aj->call = "mlock";
		ret = mlock(aj->buf, aj->dax_len);
		if (!ret) {
			aj->call = "munlock";
			ret = munlock(aj->buf, aj->dax_len);
		}
		break;
	}
	return ret < 0 ? -errno : (ssize_t)aj->dax_len;
}

const struct dr_actor_ops dr_actor_populate = {
	.name = "populate",
	.summary = "madvise MADV_POPULATE_READ/WRITE and mlock over the victim's mapped pages (GUP-driven faulting), free-running only",
	.evidence_text = "none: the calls keep no page reference, so they race only free-running",
	.data = DR_DATA_NONE,
	.evidence = DR_EVIDENCE_NONE,
	.no_evidence = "MADV_POPULATE and mlock take no page reference that outlives the call",
	.free_running_only = true,
	.needs = populate_needs,
	.setup = populate_setup,
	.teardown = populate_teardown,
	.take = populate_take,
};
