/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_PVM_LIB_H
#define DR_PVM_LIB_H

#include <stdbool.h>

#include "actors/actor.h"

/* The process_vm_readv/writev actors (pvm_read.c, pvm_write.c). */
#define DR_PVM_EVIDENCE \
	"the uffd fault in the local copy, which the kernel starts only once it has pinned every remote page: process_vm_rw_single_vec in mm/process_vm_access.c"
int dr_pvm_needs(const struct dr_actor_env *env, char *why, size_t len);
int dr_pvm_setup(struct dr_actor_job *aj, bool to_child, char *why, size_t len);
void dr_pvm_teardown(struct dr_actor_job *aj);
ssize_t dr_pvm_take(struct dr_actor_job *aj, bool to_child);

#endif
