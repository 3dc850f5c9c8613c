// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ORDER: on a DAX mount, a layout change over pinned pages must wait until
 * the pins are gone.  ext4_break_layouts() and xfs_break_dax_layouts()
 * loop on dax_layout_busy_page_range() (6.15+: dax_break_layout()) until
 * no page of the range has a reference beyond its mapping; only then do
 * they free blocks.  A mutator that returns while the holder still keeps
 * the uffd fault unresolved, i.e. while the bio still targets the pages,
 * skipped that wait: the freed blocks can be reused under the DMA.
 *
 * In page-cache mode the pinned page is detached from the file and the
 * truncate need not wait (truncate_inode_pages_range() just drops it), so
 * the rule does not apply there: NA, never PASS.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "oracles/oracle.h"
#include "oracles/timeline.h"

static int order_begin(const struct dr_oracle_env *env,
		       struct dr_verdict_sink *sink, void **state)
{
	*state = NULL;
	if (!env->dax) {
		dr_verdict_set(sink, DR_ORACLE_ORDER, DR_VERDICT_NA,
			       "page-cache mode: the mutator need not wait for pins");
		return 0;
	}
	if (!env->mutator_breaks_layouts) {
		dr_verdict_set(sink, DR_ORACLE_ORDER, DR_VERDICT_NA,
			       "the mutator changes no block layout: it need not wait for pins");
		return 0;
	}
	if (env->actor_holds_no_pages) {
		dr_verdict_set(sink, DR_ORACLE_ORDER, DR_VERDICT_NA,
			       "the actor's hold references no page (%s): there is no release to wait for",
			       env->actor_holds_no_pages);
		return 0;
	}
	/*
	 * Free-running rounds are never held, so none has a pin interval the
	 * mutator's return could be compared with: a PASS would claim an
	 * ordering nobody measured.  TAG, LIVE and KLOG judge those rounds.
	 */
	if (env->free_running) {
		dr_verdict_set(sink, DR_ORACLE_ORDER, DR_VERDICT_NA,
			       "free-running: no round holds its pins at a known moment to order the layout change against");
		return 0;
	}
	dr_verdict_set(sink, DR_ORACLE_ORDER, DR_VERDICT_PASS,
		       "every layout change over pinned pages waited for the release");
	return 0;
}

/* The rule, for one round. */
static bool order_violated(const struct dr_round *r)
{
	if (!r->t_mut_return)
		return false; /* still blocked: LIVE's business, not ours */
	/*
	 * A layout change that failed changed nothing: on 6.15+ the wait is
	 * interruptible and a signal (LIVE's retry) makes it return -EINTR
	 * before any block is freed.  Only a successful return early is a
	 * skipped wait.
	 */
	if (r->mut_errno)
		return false;
	return !r->t_release || r->t_mut_return < r->t_release;
}

static void order_round(void *state, const struct dr_oracle_env *env,
			const struct dr_round *r, struct dr_verdict_sink *sink)
{
	char *tl;

	if (!env->dax || !env->mutator_breaks_layouts || env->free_running ||
	    env->actor_holds_no_pages || !order_violated(r))
		return;
	tl = dr_round_timeline(r);
	if (r->t_release)
		dr_violation_add(sink, DR_ORACLE_ORDER, r->index, tl,
				 "round %llu: %s returned %.1f us before %s released its pins",
				 (unsigned long long)r->index,
				 r->mutator ? r->mutator : "mutator",
				 (double)(r->t_release - r->t_mut_return) / 1e3,
				 r->actor ? r->actor : "the actor");
	else
		dr_violation_add(sink, DR_ORACLE_ORDER, r->index, tl,
				 "round %llu: %s returned while %s still held its pins",
				 (unsigned long long)r->index,
				 r->mutator ? r->mutator : "mutator",
				 r->actor ? r->actor : "the actor");
	free(tl);
}

const struct dr_oracle_ops dr_oracle_ORDER = {
	.name = "ORDER",
	.summary = "a layout change over pinned DAX pages returns before the pins are released",
	.begin = order_begin,
	.round = order_round,
};
