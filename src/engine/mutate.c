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

	t->priv = j->mt_priv[j->cur_mut];
	t->fd = j->v.fd;
	t->dirfd = j->sc->wd->dirfd;
	t->name = j->v.name;
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
	return dr_job_mutator(j)->apply(&j->mt);
}

int dr_mutate_restore(struct dr_job *j)
{
	const struct dr_mutator_ops *m = dr_job_mutator(j);
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
	dr_job_mutator(j)->expect(&j->mt, b, out);
}

bool dr_mutate_may_fault(const struct dr_scenario *sc)
{
	for (unsigned int i = 0; i < sc->nr_mutators; i++)
		if (sc->mutators[i]->actor_may_fault)
			return true;
	return false;
}

/* Each mutator of the scenario, in turn, owns the target's priv. */
int dr_mutate_setup(struct dr_job *j)
{
	struct dr_scenario *sc = j->sc;
	int ret = 0;

	memset(&j->mt, 0, sizeof(j->mt));
	j->mt.aux_file_id = atomic_fetch_add(&sc->next_file_id, 1);
	for (j->nr_setup = 0; j->nr_setup < sc->nr_mutators; j->nr_setup++) {
		const struct dr_mutator_ops *m = sc->mutators[j->nr_setup];

		j->cur_mut = j->nr_setup;
		if (!m->setup)
			continue;
		target_update(j);
		ret = m->setup(&j->mt);
		j->mt_priv[j->cur_mut] = j->mt.priv;
		if (ret) {
			dr_err("job %u: %s: setting up on %s: %s", j->id,
			       m->name, j->v.name, strerror(-ret));
			j->nr_setup++; /* its teardown() undoes a partial setup */
			break;
		}
	}
	j->cur_mut = 0;
	return ret;
}

void dr_mutate_teardown(struct dr_job *j)
{
	while (j->nr_setup) {
		const struct dr_mutator_ops *m = j->sc->mutators[--j->nr_setup];

		j->cur_mut = j->nr_setup;
		j->mt.priv = j->mt_priv[j->cur_mut];
		if (m->teardown)
			m->teardown(&j->mt);
		j->mt_priv[j->cur_mut] = NULL;
	}
	j->cur_mut = 0;
}

/*
 * Once per scenario, before any of its files exists: a mutator the
 * filesystem refuses (EOPNOTSUPP, or EINVAL for an alignment it needs)
 * leaves nothing to race.  Returns 0, or -errno with why filled.
 */
int dr_mutate_probe(const struct dr_scenario *sc, char *why, size_t len)
{
	char reason[200];
	int ret;

	for (unsigned int i = 0; i < sc->nr_mutators; i++) {
		const struct dr_mutator_ops *m = sc->mutators[i];

		if (!m->probe)
			continue;
		reason[0] = '\0';
		ret = m->probe(sc->wd->dirfd, reason, sizeof(reason));
		if (ret) {
			snprintf(why, len, "mutator %s: %s", m->name,
				 reason[0] ? reason : strerror(-ret));
			return ret;
		}
	}
	return 0;
}
