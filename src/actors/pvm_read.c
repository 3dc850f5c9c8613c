// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "actors/pvm_lib.h"

/*
 * process_vm_readv from a child's view of the victim's pages into memory
 * of ours (pvm_lib.c): the remote pages are pinned for read and copied
 * after the layout change, so the copy must be exactly the victim's data
 * as of pin time; on DAX a block freed early and reused shows up in it.
 */
static int pvm_read_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	return dr_pvm_setup(aj, false, why, len);
}

static ssize_t pvm_read_take(struct dr_actor_job *aj)
{
	return dr_pvm_take(aj, false);
}

const struct dr_actor_ops dr_actor_pvm_read = {
	.name = "pvm-read",
	.summary = "process_vm_readv from a forked child's mapping of the victim's pages (remote GUP) into a local buffer",
	.evidence_text = DR_PVM_EVIDENCE,
	.data = DR_DATA_FROM_BUFFER,
	.evidence = DR_EVIDENCE_FAULT_AFTER_PIN,
	.maps_in_child = true,
	.needs = dr_pvm_needs,
	.setup = pvm_read_setup,
	.teardown = dr_pvm_teardown,
	.take = pvm_read_take,
};
