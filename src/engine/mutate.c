// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

/*
 * The engine's side of the mutator ops: what a mutator is given (the job's
 * victim as a dr_mut_target), when its hooks run, and what a refusal by
 * the filesystem means (the scenario is SKIP with the reason, never a
 * FAIL or a PASS).  hold.c and freerun.c call the change only through
 * here.
 */
static void target_update(struct dr_job *j)
{
	struct dr_mut_target *t = &j->mt;

	t->fd = j->v.fd;
	t->dirfd = j->sc->wd->dirfd;
	t->file_id = j->v.file_id;
	t->gen = j->v.gen;
	t->size = j->v.size;
	t->k = j->v.k;
	t->map = j->v.region;
	t->map_off = DR_PAGE_SIZE;
	t->next = j->v.fill;
	t->off = j->mut_off;
	t->len = j->mut_len;
}

int dr_mutate(struct dr_job *j)
{
	target_update(j);
	return j->sc->mutator->apply(&j->mt);
}

int dr_mutate_restore(struct dr_job *j)
{
	const struct dr_mutator_ops *m = j->sc->mutator;
	int ret;

	if (!m->restore)
		return 0;
	target_update(j);
	ret = m->restore(&j->mt);
	if (ret) {
		snprintf(j->error, sizeof(j->error), "job %u: %s: restoring %s: %s",
			 j->id, m->name, j->v.name, strerror(-ret));
		dr_err("%s", j->error);
	}
	return ret;
}

void dr_mutate_expect(struct dr_job *j, uint64_t b, struct dr_mut_block *out)
{
	target_update(j);
	j->sc->mutator->expect(&j->mt, b, out);
}

int dr_mutate_setup(struct dr_job *j)
{
	const struct dr_mutator_ops *m = j->sc->mutator;
	int ret;

	memset(&j->mt, 0, sizeof(j->mt));
	j->mt.aux_file_id = atomic_fetch_add(&j->sc->next_file_id, 1);
	if (!m->setup)
		return 0;
	target_update(j);
	ret = m->setup(&j->mt);
	if (ret)
		dr_err("job %u: %s: setting up on %s: %s", j->id, m->name,
		       j->v.name, strerror(-ret));
	j->mt_setup = true;
	return ret;
}

void dr_mutate_teardown(struct dr_job *j)
{
	const struct dr_mutator_ops *m = j->sc->mutator;

	if (!j->mt_setup)
		return;
	j->mt_setup = false;
	if (m->teardown)
		m->teardown(&j->mt);
}

/*
 * Once per scenario, before any of its files exists: a mutator the
 * filesystem refuses (EOPNOTSUPP, or EINVAL for an alignment it needs)
 * leaves nothing to race.  Returns 0, or -errno with why filled.
 */
int dr_mutate_probe(const struct dr_mutator_ops *m, struct dr_workdir *wd,
		    char *why, size_t len)
{
	char reason[200];
	int ret;

	if (!m->probe)
		return 0;
	reason[0] = '\0';
	ret = m->probe(wd->dirfd, reason, sizeof(reason));
	if (ret)
		snprintf(why, len, "mutator %s: %s", m->name,
			 reason[0] ? reason : strerror(-ret));
	return ret;
}
