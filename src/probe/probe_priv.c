// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "system": privileges and the kernel facilities the oracles lean
 * on.  KLOG reads /dev/kmsg; LIVE captures /proc/PID/stack (root only);
 * NAMESPACE disables a namespace (root); the hung-task detector is worth
 * reporting mainly to say why daxrace does not rely on it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/util.h"
#include "probe/probe_int.h"

bool dr_probe_has_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (cap < 0 || cap >= 32 * _LINUX_CAPABILITY_U32S_3)
		return false;
	/* Raw capget: libcap is not worth a dependency for one bit. */
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

/* Readable means a record (or EAGAIN: none yet) comes back, not just an
 * open: with dmesg_restrict the check happens at open, but LSMs can also
 * refuse the read. */
static bool kmsg_readable(char *why, size_t len)
{
	char rec[8192];
	ssize_t n;
	int fd;

	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		/* devkmsg_open -> check_syslog_permissions: with
		 * kernel.dmesg_restrict=1 reading needs CAP_SYSLOG. */
		snprintf(why, len, "open /dev/kmsg: %s%s", strerror(errno),
			 errno == EPERM ? " (kernel.dmesg_restrict=1 and no "
			 "CAP_SYSLOG)" : "");
		return false;
	}
	n = read(fd, rec, sizeof(rec));
	if (n < 0 && errno != EAGAIN && errno != EPIPE) {
		snprintf(why, len, "read /dev/kmsg: %s", strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	snprintf(why, len, "/dev/kmsg can be read: the KLOG oracle can watch "
		 "the kernel log");
	return true;
}

/*
 * nr_foll_pin_acquired/released in /proc/vmstat (5.9+, CONFIG_DEBUG_VM
 * not needed) count FOLL_PIN pins, which O_DIRECT takes from about 6.5 on;
 * 6.1 still takes FOLL_GET references they do not see.
 */
static void foll_pin(struct dr_pnode *sec)
{
	char line[128];
	bool found = false;
	FILE *f;

	f = fopen("/proc/vmstat", "re");
	if (f) {
		while (!found && fgets(line, sizeof(line), f))
			found = !strncmp(line, "nr_foll_pin_acquired ", 21);
		fclose(f);
	}
	dr_pn_yesno(sec, "foll_pin_counters", found, "%s", found ?
		    "/proc/vmstat counts FOLL_PIN pins (O_DIRECT uses them from "
		    "about 6.5 on; older kernels take uncounted references)" :
		    "/proc/vmstat has no nr_foll_pin_acquired (before 5.9)");
}

void dr_probe_section_system(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	char buf[32];
	bool ptrace;
	int fd;

	dr_pn_int(sec, "euid", geteuid());
	ctx->root = geteuid() == 0;
	dr_pn_yesno(sec, "root", ctx->root, "%s", ctx->root ? "effective uid 0" :
		    "not root: no loop device partner, no /proc/PID/stack, no "
		    "namespace disable");
	ctx->cap_sys_admin = dr_probe_has_cap(CAP_SYS_ADMIN);
	dr_pn_yesno(sec, "cap_sys_admin", ctx->cap_sys_admin,
		    "capget: CAP_SYS_ADMIN %s", ctx->cap_sys_admin ?
		    "effective" : "not effective");
	ptrace = dr_probe_has_cap(CAP_SYS_PTRACE);
	dr_pn_yesno(sec, "cap_sys_ptrace", ptrace, "capget: CAP_SYS_PTRACE %s%s",
		    ptrace ? "effective" : "not effective",
		    ptrace ? ": userfaultfd(2) may take kernel faults" : "");

	ctx->kmsg_read = kmsg_readable(ctx->kmsg_why, sizeof(ctx->kmsg_why));
	dr_pn_yesno(sec, "kmsg_read", ctx->kmsg_read, "%s", ctx->kmsg_why);
	/* Only opened, never written: probe writes nowhere but its temp file. */
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0)
		dr_pn_yesno(sec, "kmsg_write", true, "/dev/kmsg opens for "
			    "writing: runs can mark the log");
	else
		dr_pn_yesno(sec, "kmsg_write", false, "open /dev/kmsg for "
			    "writing: %s", strerror(errno));
	if (fd >= 0)
		close(fd);

	if (dr_read_file("/proc/sys/kernel/hung_task_timeout_secs", buf,
			 sizeof(buf)) < 0)
		dr_pn_reason(dr_pn_null(sec, "hung_task_timeout_secs"),
			     "no hung-task detector (CONFIG_DETECT_HUNG_TASK off)");
	else
		dr_pn_reason(dr_pn_int(sec, "hung_task_timeout_secs",
				       strtoll(buf, NULL, 10)),
			     "layout-break waits sleep interruptibly, so the "
			     "detector never reports them: the LIVE watchdog must");

	foll_pin(sec);

	ctx->loop_control = access("/dev/loop-control", R_OK | W_OK) == 0;
	dr_pn_yesno(sec, "loop_control", ctx->loop_control, "%s",
		    ctx->loop_control ? "/dev/loop-control is usable: run can "
		    "make a loop device partner" : "/dev/loop-control is not "
		    "usable: run cannot make a loop device partner");
}
