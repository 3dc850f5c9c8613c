// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "userfaultfd".  The uffd-held races park GUP inside the kernel
 * on a missing anonymous page, which only works when the uffd takes
 * kernel-mode faults.  fs/userfaultfd.c since 6.1, when /dev/userfaultfd
 * arrived (read in the patch and the 7.x source; EPERM for nobody seen on
 * a 6.18 host, kernel faults for root on 6.1 and 7.3 guests):
 * userfaultfd_syscall_allowed() lets the syscall create such a uffd with
 * CAP_SYS_PTRACE or vm.unprivileged_userfaultfd=1, otherwise only with
 * UFFD_USER_MODE_ONLY, and handle_userfault() then fails kernel faults
 * (VM_FAULT_SIGBUS) instead of waiting; /dev/userfaultfd (6.1+) checks
 * nothing but the device node's permissions.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/userfaultfd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/util.h"
#include "probe/probe_int.h"

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif

/* Bits of uffdio_api.features (include/uapi/linux/userfaultfd.h); by
 * number so an old header still names what a new kernel offers. */
static const char *const feature_names[] = {
	"PAGEFAULT_FLAG_WP", "EVENT_FORK", "EVENT_REMAP", "EVENT_REMOVE",
	"MISSING_HUGETLBFS", "MISSING_SHMEM", "EVENT_UNMAP", "SIGBUS",
	"THREAD_ID", "MINOR_HUGETLBFS", "MINOR_SHMEM", "EXACT_ADDRESS",
	"WP_HUGETLBFS_SHMEM", "WP_UNPOPULATED", "POISON", "WP_ASYNC", "MOVE",
};

static int uffd_syscall(int flags)
{
#ifdef SYS_userfaultfd
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | flags);

	return fd < 0 ? -errno : fd;
#else
	return -ENOSYS;
#endif
}

static int uffd_dev(void)
{
	int dev, fd;

	dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -errno;
	fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
	fd = fd < 0 ? -errno : fd;
	close(dev);
	return fd;
}

static void sysctl_value(char *buf, size_t len)
{
	if (dr_read_file("/proc/sys/vm/unprivileged_userfaultfd", buf, len) < 0)
		dr_strlcpy(buf, "?", len);
}

int dr_probe_uffd_kernel_faults(char *why, size_t len)
{
	char sysctl[16];
	int fd, dev;

	sysctl_value(sysctl, sizeof(sysctl));
	fd = uffd_syscall(0);
	if (fd >= 0) {
		close(fd);
		if (dr_probe_has_cap(CAP_SYS_PTRACE))
			snprintf(why, len, "userfaultfd(2) allows kernel faults: "
				 "CAP_SYS_PTRACE");
		else
			snprintf(why, len, "userfaultfd(2) allows kernel faults: "
				 "vm.unprivileged_userfaultfd=%s", sysctl);
		return 1;
	}
	dev = uffd_dev();
	if (dev >= 0) {
		close(dev);
		snprintf(why, len, "/dev/userfaultfd allows kernel faults");
		return 1;
	}
	if (fd == -ENOSYS) {
		snprintf(why, len, "no userfaultfd: kernel built without "
			 "CONFIG_USERFAULTFD");
		return 0;
	}
	snprintf(why, len, "userfaultfd(2): %s (needs CAP_SYS_PTRACE or "
		 "vm.unprivileged_userfaultfd=1, is %s); /dev/userfaultfd: %s; "
		 "a UFFD_USER_MODE_ONLY uffd fails GUP instead of holding it",
		 strerror(-fd), sysctl, strerror(-dev));
	return 0;
}

/* Registers MISSING on one anonymous page: what the hold needs. */
static void try_register(struct dr_pnode *sec, int fd)
{
	struct uffdio_register reg = { 0 };
	void *p;

	p = mmap(NULL, DR_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		dr_pn_unknown(sec, "register_anon_missing", "mmap: %s",
			      strerror(errno));
		return;
	}
	reg.range.start = (unsigned long)p;
	reg.range.len = DR_PAGE_SIZE;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(fd, UFFDIO_REGISTER, &reg))
		dr_pn_yesno(sec, "register_anon_missing", false,
			    "UFFDIO_REGISTER: %s", strerror(errno));
	else
		dr_pn_yesno(sec, "register_anon_missing",
			    reg.ioctls & (1ull << _UFFDIO_COPY),
			    "UFFDIO_REGISTER MISSING on an anonymous page%s",
			    reg.ioctls & (1ull << _UFFDIO_COPY) ? "; UFFDIO_COPY "
			    "resolves it" : ", but no UFFDIO_COPY");
	munmap(p, DR_PAGE_SIZE);
}

/* UFFDIO_API on fd: the features the kernel offers, and a registration. */
static void api(struct dr_pnode *sec, int fd, const char *which)
{
	struct uffdio_api a = { .api = UFFD_API, .features = 0 };
	struct dr_pnode *names;

	if (fd < 0) {
		dr_pn_unknown(sec, "api", "no userfaultfd could be created");
		dr_pn_null(sec, "features");
		dr_pn_null(sec, "feature_names");
		dr_pn_unknown(sec, "register_anon_missing",
			      "no userfaultfd could be created");
		return;
	}
	if (ioctl(fd, UFFDIO_API, &a)) {
		dr_pn_yesno(sec, "api", false, "UFFDIO_API on %s: %s", which,
			    strerror(errno));
		dr_pn_null(sec, "features");
		dr_pn_null(sec, "feature_names");
		dr_pn_unknown(sec, "register_anon_missing", "UFFDIO_API failed");
		return;
	}
	dr_pn_yesno(sec, "api", true, "UFFDIO_API on %s: api %llu", which,
		    (unsigned long long)a.api);
	dr_pn_int(sec, "features", (int64_t)a.features);
	names = dr_pn_arr(sec, "feature_names");
	for (size_t i = 0; i < 64; i++) {
		char unknown[16];

		if (!(a.features & (1ull << i)))
			continue;
		snprintf(unknown, sizeof(unknown), "bit%zu", i);
		dr_pn_str(names, NULL, i < DR_ARRAY_SIZE(feature_names) ?
			  feature_names[i] : unknown);
	}
	try_register(sec, fd);
}

void dr_probe_section_userfaultfd(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	int fd, user, dev, api_fd;
	const char *which;
	char sysctl[16];

	fd = uffd_syscall(0);
	if (fd >= 0)
		dr_pn_yesno(sec, "syscall", true, "userfaultfd(2) without "
			    "UFFD_USER_MODE_ONLY works");
	else
		dr_pn_yesno(sec, "syscall", false, "userfaultfd(2) without "
			    "UFFD_USER_MODE_ONLY: %s", strerror(-fd));
	user = uffd_syscall(UFFD_USER_MODE_ONLY);
	dr_pn_yesno(sec, "user_mode_only", user >= 0, "userfaultfd(2) with "
		    "UFFD_USER_MODE_ONLY: %s", user >= 0 ? "works" :
		    strerror(-user));
	dev = uffd_dev();
	dr_pn_yesno(sec, "dev_userfaultfd", dev >= 0, "/dev/userfaultfd "
		    "USERFAULTFD_IOC_NEW: %s", dev >= 0 ? "works" :
		    strerror(-dev));

	sysctl_value(sysctl, sizeof(sysctl));
	if (!strcmp(sysctl, "?"))
		dr_pn_reason(dr_pn_null(sec, "unprivileged_userfaultfd"),
			     "/proc/sys/vm/unprivileged_userfaultfd unreadable");
	else
		dr_pn_int(sec, "unprivileged_userfaultfd", strtoll(sysctl, NULL, 10));

	/* Report the features of the uffd daxrace would use. */
	api_fd = fd >= 0 ? fd : dev >= 0 ? dev : user;
	which = fd >= 0 ? "userfaultfd(2)" : dev >= 0 ? "/dev/userfaultfd" :
		"a UFFD_USER_MODE_ONLY uffd";
	api(sec, api_fd, which);

	ctx->uffd_kernel = dr_probe_uffd_kernel_faults(ctx->uffd_why,
						       sizeof(ctx->uffd_why)) == 1;
	dr_pn_yesno(sec, "kernel_faults", ctx->uffd_kernel, "%s", ctx->uffd_why);

	if (fd >= 0)
		close(fd);
	if (user >= 0)
		close(user);
	if (dev >= 0)
		close(dev);
}
