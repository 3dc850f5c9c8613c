// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "mutators/mutator.h"

const struct dr_mutator_ops *const dr_mutators[] = {
	&dr_mutator_punch,
	&dr_mutator_zero,
	&dr_mutator_truncate,
	&dr_mutator_collapse,
	&dr_mutator_insert,
	&dr_mutator_madv_remove,
	&dr_mutator_write,
	&dr_mutator_reflink,
	&dr_mutator_unshare,
	&dr_mutator_zap,
	&dr_mutator_wrprotect,
	&dr_mutator_remap,
	&dr_mutator_fork,
	NULL,
};

const struct dr_mutator_ops *dr_mutator_by_name(const char *name)
{
	for (const struct dr_mutator_ops *const *m = dr_mutators; *m; m++)
		if (!strcmp((*m)->name, name))
			return *m;
	return NULL;
}
