// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GUPFAIL: get_user_pages on a valid, mapped fsdax page must succeed.
 * fsdax pages are ZONE_DEVICE pages with struct pages (pfn_t_devmap, since
 * 6.15 ordinary refcounted folios), and the O_DIRECT paths pin them like
 * any other page (iov_iter_extract_pages() -> pin_user_pages_fast()).  An
 * EFAULT or ENOMEM from the actor's call on such a mapping means GUP
 * refused a page it must accept.
 *
 * The other half of the rule, a FOLL_LONGTERM pin of fsdax being accepted
 * (check_vma_flags() must return -EOPNOTSUPP for vma_is_fsdax()), is tested
 * by the engine with io_uring buffer registration; it reports through
 * dr_violation_add(DR_ORACLE_GUPFAIL) itself.
 *
 * The engine must not hand us rounds in which the mapping was legitimately
 * invalid (a free-running truncate shrank the file under the buffer): a
 * fault beyond EOF is SIGBUS/EFAULT by design.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "oracles/oracle.h"
#include "oracles/timeline.h"

static int gupfail_begin(const struct dr_oracle_env *env,
			 struct dr_verdict_sink *sink, void **state)
{
	*state = NULL;
	if (!env->dax) {
		dr_verdict_set(sink, DR_ORACLE_GUPFAIL, DR_VERDICT_NA,
			       "page-cache mode: no fsdax pages to pin");
		return 0;
	}
	dr_verdict_set(sink, DR_ORACLE_GUPFAIL, DR_VERDICT_PASS,
		       "no GUP-triggering call failed on a valid DAX mapping");
	return 0;
}

static void gupfail_round(void *state, const struct dr_oracle_env *env,
			  const struct dr_round *r, struct dr_verdict_sink *sink)
{
	char *tl;

	if (!env->dax || (r->io_errno != EFAULT && r->io_errno != ENOMEM))
		return;
	tl = dr_round_timeline(r);
	dr_violation_add(sink, DR_ORACLE_GUPFAIL, r->index, tl,
			 "round %llu: %s failed with %s on a mapped DAX range",
			 (unsigned long long)r->index,
			 r->actor ? r->actor : "the actor",
			 r->io_errno == EFAULT ? "EFAULT" : "ENOMEM");
	free(tl);
}

const struct dr_oracle_ops dr_oracle_GUPFAIL = {
	.name = "GUPFAIL",
	.summary = "GUP fails on a valid fsdax page, or a longterm pin of fsdax is accepted",
	.begin = gupfail_begin,
	.round = gupfail_round,
};
