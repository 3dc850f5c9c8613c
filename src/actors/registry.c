// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "actors/actor.h"

const struct dr_actor_ops *const dr_actors[] = {
	&dr_actor_dio_read,
	&dr_actor_dio_write,
	&dr_actor_uring_read,
	&dr_actor_uring_write,
	&dr_actor_uring_fixed,
	&dr_actor_pvm_read,
	&dr_actor_pvm_write,
	&dr_actor_vmsplice,
	&dr_actor_populate,
	&dr_actor_procmem,
	&dr_actor_procmem_write,
	&dr_actor_futex,
	&dr_actor_zerocopy,
	&dr_actor_uring_send_zc,
	NULL,
};

const struct dr_actor_ops *dr_actor_by_name(const char *name)
{
	for (const struct dr_actor_ops *const *a = dr_actors; *a; a++)
		if (!strcmp((*a)->name, name))
			return *a;
	return NULL;
}
