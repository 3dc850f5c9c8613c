// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TAG: a block holds data its file never owned.  The checking itself is
 * done by the engine after every round (victim, partner and bystander
 * blocks, with dr_tag_check()), because only the engine knows what each
 * block should hold; it reports through dr_violation_add(DR_ORACLE_TAG)
 * with dr_tag_describe() as evidence.  This table only states that the
 * oracle applies everywhere: data integrity is required in page-cache
 * mode as much as on DAX.
 */
#include "config.h"

#include "oracles/oracle.h"

static int tag_begin(const struct dr_oracle_env *env,
		     struct dr_verdict_sink *sink, void **state)
{
	*state = NULL;
	dr_verdict_set(sink, DR_ORACLE_TAG, DR_VERDICT_PASS,
		       "checked every block after every round");
	return 0;
}

const struct dr_oracle_ops dr_oracle_TAG = {
	.name = "TAG",
	.summary = "a block holds a foreign, stale, corrupted or unexpected tag, or data where a hole was punched",
	.begin = tag_begin,
};
