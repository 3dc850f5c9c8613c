// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "io_uring": io_uring O_DIRECT reads and writes are GUP paths of
 * their own, READ_FIXED/WRITE_FIXED check that registering a fsdax buffer
 * is refused (the GUPFAIL oracle), SEND_ZC pins through the network stack
 * and FALLOCATE is a mutator.  Whether a ring can be set up at all depends
 * on kernel.io_uring_disabled (6.6+) and on seccomp/LSM policy.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "probe/probe_int.h"

/* The opcodes daxrace uses; ops[] below lists the same, in order. */
static const char *const op_names[] = {
	"READ", "WRITE", "READV", "WRITEV", "READ_FIXED", "WRITE_FIXED",
	"SEND_ZC", "FALLOCATE",
};

#ifdef HAVE_LIBURING
#include <liburing.h>

static const struct {
	int op;
} ops[] = {
	{ IORING_OP_READ }, { IORING_OP_WRITE }, { IORING_OP_READV },
	{ IORING_OP_WRITEV }, { IORING_OP_READ_FIXED }, { IORING_OP_WRITE_FIXED },
	{ IORING_OP_SEND_ZC }, { IORING_OP_FALLOCATE },
};
_Static_assert(sizeof(ops) / sizeof(ops[0]) ==
	       sizeof(op_names) / sizeof(op_names[0]), "ops and op_names differ");
#endif

static void sysctl(struct dr_pnode *sec, long long *val)
{
	char buf[16];

	*val = -1;
	if (dr_read_file("/proc/sys/kernel/io_uring_disabled", buf, sizeof(buf)) < 0) {
		dr_pn_reason(dr_pn_null(sec, "io_uring_disabled"), "no "
			     "kernel.io_uring_disabled (added in 6.6): no sysctl "
			     "restriction");
		return;
	}
	*val = strtoll(buf, NULL, 10);
	dr_pn_reason(dr_pn_int(sec, "io_uring_disabled", *val), "%s",
		     *val == 0 ? "0: anyone may create rings" :
		     *val == 1 ? "1: only CAP_SYS_ADMIN or kernel.io_uring_group" :
		     "2: no one may create rings");
}

#ifdef HAVE_LIBURING
void dr_probe_section_io_uring(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	struct io_uring_probe *probe = NULL;
	struct dr_pnode *opsn;
	struct io_uring ring;
	long long disabled;
	char missing[128] = "";
	int ret;

	sysctl(sec, &disabled);
	ret = io_uring_queue_init(4, &ring, 0);
	ctx->uring_usable = ret == 0;
	if (ret)
		snprintf(ctx->uring_why, sizeof(ctx->uring_why),
			 "io_uring_queue_init: %s%s", strerror(-ret),
			 ret == -EPERM && disabled > 0 ?
			 " (kernel.io_uring_disabled)" :
			 ret == -ENOSYS ? " (kernel without io_uring)" : "");
	else
		snprintf(ctx->uring_why, sizeof(ctx->uring_why),
			 "io_uring_queue_init works");
	dr_pn_yesno(sec, "usable", ctx->uring_usable, "%s", ctx->uring_why);

	opsn = dr_pn_obj(sec, "opcodes");
	if (ctx->uring_usable) {
		probe = io_uring_get_probe_ring(&ring);
		io_uring_queue_exit(&ring);
	}
	for (size_t i = 0; i < DR_ARRAY_SIZE(ops); i++) {
		bool yes;

		if (!probe) {
			dr_pn_unknown(opsn, op_names[i], "%s", ctx->uring_usable ?
				      "io_uring_get_probe failed (kernel before 5.6)" :
				      "no ring");
			continue;
		}
		yes = io_uring_opcode_supported(probe, ops[i].op);
		dr_pn_yesno(opsn, op_names[i], yes, "IORING_OP_%s %s",
			    op_names[i], yes ? "supported" :
			    "not supported by this kernel");
		if (!yes)
			snprintf(missing + strlen(missing),
				 sizeof(missing) - strlen(missing), " %s",
				 op_names[i]);
	}
	ctx->uring_ops = probe && !missing[0];
	if (!probe)
		snprintf(ctx->uring_ops_why, sizeof(ctx->uring_ops_why),
			 "opcodes unknown: %.200s", ctx->uring_why);
	else if (missing[0])
		snprintf(ctx->uring_ops_why, sizeof(ctx->uring_ops_why),
			 "missing opcodes:%s", missing);
	else
		snprintf(ctx->uring_ops_why, sizeof(ctx->uring_ops_why),
			 "every opcode daxrace uses is supported");
	dr_pn_yesno(sec, "opcodes_ok", ctx->uring_ops, "%s", ctx->uring_ops_why);
	if (probe)
		io_uring_free_probe(probe);
}

#else

void dr_probe_section_io_uring(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	struct dr_pnode *opsn;
	long long disabled;

	sysctl(sec, &disabled);
	snprintf(ctx->uring_why, sizeof(ctx->uring_why),
		 "built without liburing (configure --without-liburing)");
	dr_strlcpy(ctx->uring_ops_why, ctx->uring_why, sizeof(ctx->uring_ops_why));
	dr_pn_unknown(sec, "usable", "%s", ctx->uring_why);
	opsn = dr_pn_obj(sec, "opcodes");
	for (size_t i = 0; i < DR_ARRAY_SIZE(op_names); i++)
		dr_pn_unknown(opsn, op_names[i], "%s", ctx->uring_why);
	dr_pn_unknown(sec, "opcodes_ok", "%s", ctx->uring_why);
}

#endif
