// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

/*
 * A job is one independent race pair: its own victim file, its own partner
 * range (its own loop device by default, so its I/O counters are its own),
 * its own uffd and threads.  Everything is set up once per scenario and
 * reused by every round.
 */
static int write_partner(struct dr_job *j, uint64_t gen)
{
	unsigned int k = j->v.k;
	ssize_t n;

	for (unsigned int i = 0; i <= k; i++) {
		j->p_expect[i] = (struct dr_tag_expect){ j->ps->file_id, i, gen };
		dr_tag_fill((char *)j->scratch + (size_t)i * DR_BLOCK_SIZE,
			    j->ps->file_id, i, gen, j->id);
	}
	n = pwrite(j->ps->fd, j->scratch, j->v.region_len, j->ps->off);
	if (n < 0)
		return -errno;
	return (size_t)n == j->v.region_len ? 0 : -ENOSPC;
}

/* The actor's view of this job, and its own per-job resources. */
static int setup_actor(struct dr_job *j)
{
	const struct dr_actor_ops *a = j->sc->actor;
	char why[256] = "";
	int ret;

	j->aj = (struct dr_actor_job){
		.buf = j->v.region,
		.len = j->v.region_len,
		.dax_len = (size_t)j->v.k * DR_PAGE_SIZE,
		.partner_fd = j->ps->fd,
		.partner_off = j->ps->off,
		.depth = j->sc->cfg->depth ? j->sc->cfg->depth : 1,
		.held = j->sc->cfg->stall == DR_STALL_UFFD,
		.job = j->id,
	};
	if (!a->setup)
		return 0;
	ret = a->setup(&j->aj, why, sizeof(why));
	if (ret) {
		dr_err("job %u: %s: %s", j->id, a->name,
		       why[0] ? why : strerror(-ret));
		return ret;
	}
	j->actor_ready = true;
	return 0;
}

int dr_job_setup(struct dr_job *j, struct dr_scenario *sc, unsigned int id)
{
	char name[48], why[256];
	unsigned int k = sc->k;
	int ret;

	memset(j, 0, sizeof(*j));
	j->id = id;
	j->sc = sc;
	j->uffd = j->evfd = -1;
	j->splice_pipe[0] = j->splice_pipe[1] = -1;
	j->v.fd = -1;
	/* (seed, scenario name, job) fixes every choice this job makes. */
	dr_prng_seed(&j->rng, sc->cfg->seed,
		     ((uint64_t)dr_prng_stream_of(sc->res->name) << 32) | id);
	j->ps = &sc->partner->slots[id];
	dr_placement_for_job(&j->pl, sc->pl, id);

	snprintf(name, sizeof(name), "victim-%u-%u", sc->index, id);
	ret = dr_victim_create(&j->v, sc->wd, name,
			       atomic_fetch_add(&sc->next_file_id, 1), id, k,
			       sc->pl);
	if (ret) {
		dr_err("job %u: creating victim %s in %s: %s", id, name,
		       sc->wd->path, strerror(-ret));
		return ret;
	}
	ret = dr_mutate_setup(j);
	if (ret)
		return ret;
	j->src_file_id = atomic_fetch_add(&sc->next_file_id, 1);
	if (posix_memalign(&j->scratch, DR_PAGE_SIZE, j->v.region_len) ||
	    posix_memalign(&j->src_page, DR_PAGE_SIZE, DR_PAGE_SIZE))
		goto err_nomem;
	dr_placement_memory(sc->pl, j->scratch, j->v.region_len);
	memset(j->src_page, 0, DR_PAGE_SIZE);
	j->p_expect = calloc(k + 1, sizeof(*j->p_expect));
	if (!j->p_expect)
		goto err_nomem;
	ret = write_partner(j, 1 + sc->index);
	if (ret) {
		dr_err("job %u: writing the partner range: %s", id, strerror(-ret));
		return ret;
	}
	ret = setup_actor(j);
	if (ret)
		return ret;
	if (sc->cfg->stall == DR_STALL_UFFD) {
		ret = dr_uffd_open(&j->uffd, why, sizeof(why));
		if (ret) {
			dr_err("job %u: %s", id, why);
			return ret;
		}
		ret = dr_uffd_register_missing(j->uffd, j->v.anon_page,
					       DR_PAGE_SIZE);
		if (ret) {
			dr_err("job %u: UFFDIO_REGISTER: %s", id, strerror(-ret));
			return ret;
		}
		j->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (j->evfd < 0) {
			ret = -errno;
			dr_err("job %u: eventfd: %s", id, strerror(-ret));
			return ret;
		}
	}
	return 0;

err_nomem:
	dr_err("job %u: out of memory for its buffers", id);
	return -ENOMEM;
}

void dr_job_teardown(struct dr_job *j)
{
	/* setup_jobs stops at the first job that fails: the jobs after it
	 * were never set up, and own nothing (not even j->sc). */
	if (!j->sc)
		return;
	if (j->dead) {
		/*
		 * A thread of this job is stuck in the kernel with our buffer,
		 * uffd and files in use: freeing them under it is unsafe, and
		 * closing V could make the final iput wait uninterruptibly
		 * (dax_break_layout_final).  Even unlinking it would block
		 * on the inode lock the stuck fallocate/truncate holds, and
		 * the results must still be written: leave the file and the
		 * work directory behind, and leak the rest.
		 */
		j->sc->wd->keep = true;
		return;
	}
	dr_inject_vmsplice_release(j);
	if (j->actor_ready && j->sc->actor->teardown)
		j->sc->actor->teardown(&j->aj);
	j->actor_ready = false;
	dr_mutate_teardown(j);
	dr_victim_destroy(&j->v, j->sc->wd);
	if (j->uffd >= 0)
		close(j->uffd);
	if (j->evfd >= 0)
		close(j->evfd);
	free(j->scratch);
	free(j->src_page);
	free(j->p_expect);
	j->scratch = j->src_page = NULL;
	j->p_expect = NULL;
	j->uffd = j->evfd = -1;
}
