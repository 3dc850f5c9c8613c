// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "verdict": what the facts found by the other sections mean for
 * daxrace here -- which race families can run and which oracles can judge
 * them (DESIGN.md sections 2 and 3), each with the reason.  An oracle that
 * cannot apply is reported as such, never silently counted as passed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "oracles/oracle.h"
#include "probe/probe_int.h"

/*
 * The race families daxrace can run: uffd holds and free-running.  Its
 * actors are O_DIRECT pread/pwrite (daxrace list); io_uring serves only
 * GUPFAIL's fixed-buffer registration, so it is no family of its own.
 */
#define NR_FAMILIES 2

static void families(struct dr_probe_ctx *ctx, struct dr_pnode *fam,
		     bool dax, int *runnable)
{
	bool hold = ctx->fs_ok && ctx->uffd_kernel && ctx->partner_usable;

	if (hold)
		dr_pn_yesno(fam, "uffd_hold", true, "GUP held on a uffd fault "
			    "in %s mode; %s; partner: %s",
			    dax ? "DAX" : "page-cache", ctx->uffd_why,
			    ctx->partner_why);
	else if (!ctx->uffd_kernel)
		dr_pn_yesno(fam, "uffd_hold", false, "no kernel-mode uffd "
			    "faults: %s", ctx->uffd_why);
	else
		dr_pn_yesno(fam, "uffd_hold", false, "no O_DIRECT partner: %s",
			    ctx->partner_why);
	dr_pn_yesno(fam, "free_running", ctx->fs_ok, "%s", ctx->fs_ok ?
		    "actors and mutators loop concurrently on DIR, no hold "
		    "needed" : "DIR's filesystem is unknown");
	*runnable = hold + ctx->fs_ok;
}

static int oracles(struct dr_probe_ctx *ctx, struct dr_pnode *o, bool dax,
		   bool hold)
{
	bool ns = ctx->namespace_found && ctx->cap_sys_admin;
	int n = 0;

	if (dax && hold)
		dr_pn_yesno(o, "ORDER", true, "DAX and uffd holds: a layout "
			    "change must wait for the pins");
	else
		dr_pn_yesno(o, "ORDER", false, "%s", !dax ? "DIR is not DAX: in "
			    "page-cache mode the mutator need not wait" :
			    "no uffd hold: pins cannot be held on purpose");
	n += dax && hold;
	dr_pn_yesno(o, "TAG", ctx->fs_ok, "%s", ctx->fs_ok ?
		    "every block daxrace writes carries file, offset and "
		    "generation tags" : "DIR's filesystem is unknown");
	n += ctx->fs_ok;
	dr_pn_yesno(o, "LIVE", ctx->fs_ok, "%s", !ctx->fs_ok ?
		    "DIR's filesystem is unknown" : ctx->root ?
		    "blocked calls are watched; kernel stacks from /proc/PID/stack" :
		    "blocked calls are watched; not root, so no kernel stacks");
	n += ctx->fs_ok;
	dr_pn_yesno(o, "SPACE", ctx->fs_ok, "%s%s", ctx->fs_ok ?
		    "free blocks of DIR's filesystem are compared with the "
		    "baseline" : "DIR's filesystem is unknown",
		    ctx->fs_ok && !strcmp(ctx->fs.mountpoint, "/") ?
		    "; on / other writers add noise" : "");
	n += ctx->fs_ok;
	dr_pn_yesno(o, "KLOG", ctx->kmsg_read, "%s", ctx->kmsg_why);
	n += ctx->kmsg_read;
	dr_pn_yesno(o, "GUPFAIL", dax, "%s%s%s", dax ? "GUP on valid DAX pages "
		    "must work and long-term pins of fsdax must be refused" :
		    "DIR is not DAX", dax ? "; long-term half (io_uring buffer "
		    "registration): " : "", !dax ? "" : ctx->uring_usable ?
		    "io_uring usable" : ctx->uring_why);
	n += dax;
	/* Not one of daxrace run's oracles (daxrace list): daxrace-vm judges
	 * it after umount, so it is reported but not counted. */
	if (ns)
		dr_pn_yesno(o, "NAMESPACE", true, "daxrace-vm's check after "
			    "umount, not daxrace run's: the namespace behind DIR "
			    "can be disabled");
	else
		dr_pn_yesno(o, "NAMESPACE", false, "daxrace-vm's check after "
			    "umount, not daxrace run's: %s",
			    !ctx->namespace_found ? ctx->namespace_why :
			    "disabling a namespace needs CAP_SYS_ADMIN");
	return n;
}

void dr_probe_section_verdict(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	bool dax = ctx->fs_ok && ctx->fs.file_dax;
	bool hold = ctx->fs_ok && ctx->uffd_kernel && ctx->partner_usable;
	char summary[256];
	int nfam, nor;

	if (!ctx->fs_ok)
		dr_pn_reason(dr_pn_null(sec, "mode"), "DIR's filesystem is "
			     "unknown");
	else
		dr_pn_reason(dr_pn_str(sec, "mode", dax ? "dax" : "page-cache"),
			     "%s", ctx->fs.dax_reason);
	families(ctx, dr_pn_obj(sec, "families"), dax, &nfam);
	nor = oracles(ctx, dr_pn_obj(sec, "oracles"), dax, hold);
	snprintf(summary, sizeof(summary), "%s mode: %d of %d race families "
		 "can run, %d of daxrace run's %d oracles apply%s",
		 dax ? "DAX" : "page-cache", nfam, NR_FAMILIES, nor,
		 (int)DR_ORACLE_COUNT, dax ? "" : "; no fsdax here, so the "
		 "DAX-only checks (ORDER, GUPFAIL) cannot run");
	dr_pn_str(sec, "summary", summary);
}
