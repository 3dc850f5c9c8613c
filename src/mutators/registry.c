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
	&dr_mutator_unlink,
	&dr_mutator_write,
	&dr_mutator_reflink,
	&dr_mutator_unshare,
	&dr_mutator_zap,
	&dr_mutator_wrprotect,
	&dr_mutator_remap,
	&dr_mutator_fork,
	NULL,
};

static const struct dr_mutator_ops *by_name(const char *name, size_t len)
{
	for (const struct dr_mutator_ops *const *m = dr_mutators; *m; m++)
		if (strlen((*m)->name) == len && !strncmp((*m)->name, name, len))
			return *m;
	return NULL;
}

const struct dr_mutator_ops *dr_mutator_by_name(const char *name)
{
	return by_name(name, strlen(name));
}

size_t dr_mutator_combo(const char *spec, const struct dr_mutator_ops **out,
			size_t max)
{
	size_t n = 0;

	for (const char *p = spec;; p++) {
		size_t len = strcspn(p, "+");
		const struct dr_mutator_ops *m = by_name(p, len);

		if (!m || n == max)
			return 0;
		for (size_t i = 0; i < n; i++)
			if (out[i] == m)
				return 0;
		out[n++] = m;
		p += len;
		if (!*p)
			return n;
	}
}
