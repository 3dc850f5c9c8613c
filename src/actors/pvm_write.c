// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "actors/pvm_lib.h"

/*
 * process_vm_writev of the partner's data into a child's view of the
 * victim's pages (pvm_lib.c): the remote pages are pinned for write and
 * written after the layout change, like a dio-read's DMA, so the victim
 * ends up with the partner's data, or zero where the change freed it.
 */
static int pvm_write_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	return dr_pvm_setup(aj, true, why, len);
}

static ssize_t pvm_write_take(struct dr_actor_job *aj)
{
	return dr_pvm_take(aj, true);
}

const struct dr_actor_ops dr_actor_pvm_write = {
	.name = "pvm-write",
	.summary = "process_vm_writev of the partner's data into a forked child's mapping of the victim's pages (remote GUP)",
	.evidence_text = DR_PVM_EVIDENCE,
	.data = DR_DATA_INTO_BUFFER,
	.evidence = DR_EVIDENCE_FAULT_AFTER_PIN,
	.maps_in_child = true,
	.needs = dr_pvm_needs,
	.setup = pvm_write_setup,
	.teardown = dr_pvm_teardown,
	.take = pvm_write_take,
};
