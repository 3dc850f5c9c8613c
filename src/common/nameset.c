// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/nameset.h"

static size_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (size_t)h;
}

static struct dr_nameset_slot *find(struct dr_nameset_slot *slot, size_t cap,
				    const char *name)
{
	size_t i = hash(name) & (cap - 1);

	while (slot[i].name && strcmp(slot[i].name, name))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

static int grow(struct dr_nameset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	struct dr_nameset_slot *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < s->cap; i++)
		if (s->slot[i].name)
			*find(slot, cap, s->slot[i].name) = s->slot[i];
	free(s->slot);
	s->slot = slot;
	s->cap = cap;
	return 0;
}

long dr_nameset_add(struct dr_nameset *s, const char *name, unsigned int line)
{
	struct dr_nameset_slot *e;

	/* At most half full: probes stay short. */
	if (2 * (s->nr + 1) > s->cap && grow(s))
		return -ENOMEM;
	e = find(s->slot, s->cap, name);
	if (e->name)
		return e->line;
	e->name = name;
	e->line = line;
	s->nr++;
	return 0;
}

void dr_nameset_free(struct dr_nameset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}
